#include "workflow/refusal.h"

namespace hotline::workflow {

std::string_view to_string(Rule r) {
    switch (r) {
        case Rule::unknown_ticket: return "unknown_ticket";
        case Rule::unknown_actor: return "unknown_actor";
        case Rule::role_not_allowed: return "role_not_allowed";
        case Rule::not_your_unit: return "not_your_unit";
        case Rule::wrong_state: return "wrong_state";
        case Rule::archived_read_only: return "archived_read_only";
        case Rule::return_window_closed: return "return_window_closed";
        case Rule::request_already_pending: return "request_already_pending";
        case Rule::no_pending_request: return "no_pending_request";
        case Rule::extension_after_deadline: return "extension_after_deadline";
        case Rule::extension_cap_exceeded: return "extension_cap_exceeded";
        case Rule::invalid_days: return "invalid_days";
        case Rule::reason_required: return "reason_required";
        case Rule::result_required: return "result_required";
        case Rule::result_incomplete: return "result_incomplete";
        case Rule::unknown_unit: return "unknown_unit";
        case Rule::category_required: return "category_required";
        case Rule::signoff_out_of_order: return "signoff_out_of_order";
    }
    return "?";
}

}  // namespace hotline::workflow
