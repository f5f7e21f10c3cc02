#pragma once
// A click on a decision card is the same action as the typed command, by the same rules. The
// clicked button is greyed with the outcome; a click on a card the ticket has moved past is
// refused politely; a decision that needs a reason asks for it as a command.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workflow/procedure/engine.h"
#include "workflow/notify/notice.h"

namespace hotline::bot::cards {

struct ClickOutcome {
    std::string replace_name;  // the button's new text; empty: leave the card as it is
    std::string reply;         // a chat reply to the clicker; empty: none
};

ClickOutcome handle_click(workflow::StoreTx& tx, workflow::Engine& engine, const std::string& from,
                          const std::string& task_id, const std::string& key);

// The answers to an outcome: the card update (WeCom update_template_card with the click's
// response code) and the reply.
std::vector<workflow::Notice> outcome_notices(const ClickOutcome& outcome, workflow::Route route,
                                              const std::string& from, const std::string& response_code,
                                              std::int64_t inbox_id, workflow::Instant now);

}  // namespace hotline::bot::cards
