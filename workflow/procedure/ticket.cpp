#include "workflow/procedure/ticket.h"

#include "workflow/procedure/names.h"

namespace hotline::workflow {

namespace {
constexpr Name<State> kStates[] = {
    {State::received, "received", "待认领"},
    {State::claimed, "claimed", "已认领待派单"},
    {State::dispatched, "dispatched", "已派单待签收"},
    {State::handling, "handling", "办理中"},
    {State::unit_review, "unit_review", "待单位领导审核"},
    {State::center_review, "center_review", "待热线审核"},
    {State::signoff, "signoff", "审签中"},
    {State::signed_off, "signed_off", "已审签待上报"},
    {State::uploaded, "uploaded", "已上报市12345"},
    {State::city_approved, "city_approved", "市级已通过待答复"},
    {State::replied, "replied", "已答复待回访"},
    {State::surveyed, "surveyed", "已回访"},
    {State::closed, "closed", "已办结"},
    {State::archived, "archived", "已归档"},
};

constexpr Name<Category> kCategories[] = {
    {Category::unknown, "unknown", "未分类"},
    {Category::consult, "consult", "咨询建议类"},
    {Category::complaint, "complaint", "投诉反映类"},
    {Category::complex, "complex", "复杂类"},
};

constexpr Name<RequestKind> kRequestKinds[] = {
    {RequestKind::return_request, "return", "退单"},
    {RequestKind::extension, "extension", "延期"},
};

constexpr Name<RequestState> kRequestStates[] = {
    {RequestState::pending, "pending", "待审批"},
    {RequestState::approved, "approved", "已同意"},
    {RequestState::rejected, "rejected", "未同意"},
};
}  // namespace

std::string_view to_string(State s) { return id_in(kStates, s); }
std::string_view chinese_name(State s) { return chinese_in(kStates, s); }
std::optional<State> parse_state(std::string_view s) { return parse_in(kStates, s); }

std::string_view to_string(Category c) { return id_in(kCategories, c); }
std::string_view chinese_name(Category c) { return chinese_in(kCategories, c); }
std::optional<Category> parse_category(std::string_view s) { return parse_in(kCategories, s); }

std::string_view to_string(RequestKind k) { return id_in(kRequestKinds, k); }
std::string_view chinese_name(RequestKind k) { return chinese_in(kRequestKinds, k); }
std::optional<RequestKind> parse_request_kind(std::string_view s) { return parse_in(kRequestKinds, s); }

std::string_view to_string(RequestState s) { return id_in(kRequestStates, s); }
std::optional<RequestState> parse_request_state(std::string_view s) { return parse_in(kRequestStates, s); }

}  // namespace hotline::workflow
