#pragma once
// Every refused action names the rule that refused it, in one Chinese sentence for the chat reply.
#include <string>
#include <string_view>

namespace hotline::workflow {

enum class Rule {
    unknown_ticket,
    unknown_actor,
    role_not_allowed,
    not_your_unit,
    wrong_state,
    archived_read_only,
    return_window_closed,
    request_already_pending,
    no_pending_request,
    extension_after_deadline,
    extension_cap_exceeded,
    invalid_days,
    reason_required,
    result_required,
    result_incomplete,
    unknown_unit,
    category_required,
    signoff_out_of_order,
};

std::string_view to_string(Rule r);

struct Refusal {
    Rule rule;
    std::string message;  // Chinese, shown to the person
};

}  // namespace hotline::workflow
