#pragma once
// Turns a chat message into a command: the verb (Chinese or an English alias, with or without a
// space before the number), the ticket reference, and the verb's arguments. A message that is not
// a command gets one Chinese sentence saying why, with the closest verb when there is one.
#include <optional>
#include <string>
#include <string_view>

#include "bot/commands/command_table.h"
#include "workflow/procedure/ticket.h"

namespace hotline::bot::commands {

struct Command {
    Verb verb = Verb::help;
    std::string ticket_ref;  // "12" for 工单#12, or a source id such as "RM-2026-0012"
    std::string second_ref;  // 合并/不合并: the other ticket
    std::string unit;        // 派单: the unit as typed
    std::optional<workflow::Category> category;
    int days = 0;
    bool approve = true;  // 审签: 同意 or 退回
    std::string text;     // reason, opinion or result
};

struct ParseResult {
    std::optional<Command> command;
    std::string error;  // Chinese, when command is empty
};

ParseResult parse_command(std::string_view message);

// 咨询/建议 -> consult, 投诉/反映/一般 -> complaint, 复杂 -> complex.
std::optional<workflow::Category> parse_category_word(std::string_view word);

// Levenshtein distance over code points (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace hotline::bot::commands
