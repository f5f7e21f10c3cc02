#include "workflow/procedure/refusal.h"

#include "workflow/procedure/names.h"

namespace hotline::workflow {

namespace {
constexpr Name<Rule> kRules[] = {
    {Rule::unknown_ticket, "unknown_ticket"},
    {Rule::unknown_actor, "unknown_actor"},
    {Rule::role_not_allowed, "role_not_allowed"},
    {Rule::not_your_unit, "not_your_unit"},
    {Rule::wrong_state, "wrong_state"},
    {Rule::archived_read_only, "archived_read_only"},
    {Rule::return_window_closed, "return_window_closed"},
    {Rule::request_already_pending, "request_already_pending"},
    {Rule::no_pending_request, "no_pending_request"},
    {Rule::extension_after_deadline, "extension_after_deadline"},
    {Rule::extension_cap_exceeded, "extension_cap_exceeded"},
    {Rule::invalid_days, "invalid_days"},
    {Rule::reason_required, "reason_required"},
    {Rule::result_required, "result_required"},
    {Rule::result_incomplete, "result_incomplete"},
    {Rule::unknown_unit, "unknown_unit"},
    {Rule::category_required, "category_required"},
    {Rule::signoff_out_of_order, "signoff_out_of_order"},
};
}  // namespace

std::string_view to_string(Rule r) { return id_in(kRules, r); }

}  // namespace hotline::workflow
