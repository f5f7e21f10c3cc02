#pragma once
// Every chat command: its Chinese verb and aliases (English too), the arguments it takes, the
// workflow action it performs, who may use it, and the example `帮助` shows. The parser, the
// executor and the help text all read this one table.
#include <optional>
#include <string_view>
#include <vector>

#include "workflow/procedure/lifecycle.h"
#include "workflow/procedure/roles.h"

namespace hotline::bot::commands {

enum class Verb {
    help, my_tickets, query, overdue, stats,
    accept, return_request, extension, result, contact,
    unit_approve, unit_reject,
    claim, dispatch, approve_return, reject_return, approve_extension, reject_extension,
    review_pass, review_redo, signoff, upload, city_approve, city_reject, replied, survey_result, supervise, close,
    archive,
    merge, keep_separate,
    instruct, evidence, report, supervision_notice,
};

enum class Args {
    none,             // 帮助
    ticket,           // 签收 12
    ticket_reason,    // 退单 12 理由 (reason required)
    ticket_text,      // 反馈 12 <result> (text required, may span lines)
    ticket_days_reason,  // 延期 12 5 理由
    ticket_unit_category,  // 派单 12 住建局 [投诉]
    ticket_decision,  // 审签 12 同意|退回 [意见]
    optional_unit,    // 统计 [单位]
    optional_period,  // 通报 [期间]
    two_tickets,      // 合并 12 15
};

struct VerbSpec {
    Verb verb;
    std::string_view name;                  // the Chinese verb shown in help
    std::vector<std::string_view> aliases;  // other names people type, English included
    Args args;
    std::optional<workflow::Action> action;  // what it does to a ticket, if anything
    std::vector<workflow::Role> roles;       // empty: everyone
    std::string_view usage;                  // e.g. "退单 工单号 理由"
    std::string_view example;                // e.g. "退单 12 不属于本单位职责"
};

const std::vector<VerbSpec>& command_table();
const VerbSpec& spec_for(Verb v);
// The roles that may use a command: the workflow action's roles, or the spec's own.
std::vector<workflow::Role> roles_for(const VerbSpec& spec);

}  // namespace hotline::bot::commands
