#include "workflow/ticket.h"

#include <array>

namespace hotline::workflow {

namespace {
struct StateName {
    State state;
    std::string_view id;
    std::string_view chinese;
};
constexpr std::array kStates{
    StateName{State::received, "received", "待认领"},
    StateName{State::claimed, "claimed", "已认领待派单"},
    StateName{State::dispatched, "dispatched", "已派单待签收"},
    StateName{State::handling, "handling", "办理中"},
    StateName{State::unit_review, "unit_review", "待单位领导审核"},
    StateName{State::center_review, "center_review", "待热线审核"},
    StateName{State::signoff, "signoff", "审签中"},
    StateName{State::signed_off, "signed_off", "已审签待上报"},
    StateName{State::uploaded, "uploaded", "已上报市12345"},
    StateName{State::city_approved, "city_approved", "市级已通过待答复"},
    StateName{State::replied, "replied", "已答复待回访"},
    StateName{State::surveyed, "surveyed", "已回访"},
    StateName{State::closed, "closed", "已办结"},
    StateName{State::archived, "archived", "已归档"},
};

struct CategoryName {
    Category category;
    std::string_view id;
    std::string_view chinese;
};
constexpr std::array kCategories{
    CategoryName{Category::unknown, "unknown", "未分类"},
    CategoryName{Category::consult, "consult", "咨询建议类"},
    CategoryName{Category::complaint, "complaint", "投诉反映类"},
    CategoryName{Category::complex, "complex", "复杂类"},
};

}  // namespace

std::string_view to_string(State s) {
    for (const auto& e : kStates)
        if (e.state == s) return e.id;
    return "?";
}
std::string_view chinese_name(State s) {
    for (const auto& e : kStates)
        if (e.state == s) return e.chinese;
    return "?";
}
std::optional<State> parse_state(std::string_view s) {
    for (const auto& e : kStates)
        if (e.id == s) return e.state;
    return std::nullopt;
}
std::string_view to_string(Category c) {
    for (const auto& e : kCategories)
        if (e.category == c) return e.id;
    return "?";
}
std::string_view chinese_name(Category c) {
    for (const auto& e : kCategories)
        if (e.category == c) return e.chinese;
    return "?";
}
std::optional<Category> parse_category(std::string_view s) {
    for (const auto& e : kCategories)
        if (e.id == s) return e.category;
    return std::nullopt;
}

std::string_view to_string(RequestKind k) { return k == RequestKind::return_request ? "return" : "extension"; }
std::optional<RequestKind> parse_request_kind(std::string_view s) {
    if (s == "return") return RequestKind::return_request;
    if (s == "extension") return RequestKind::extension;
    return std::nullopt;
}
std::string_view to_string(RequestState s) {
    switch (s) {
        case RequestState::pending: return "pending";
        case RequestState::approved: return "approved";
        case RequestState::rejected: return "rejected";
    }
    return "?";
}
std::optional<RequestState> parse_request_state(std::string_view s) {
    if (s == "pending") return RequestState::pending;
    if (s == "approved") return RequestState::approved;
    if (s == "rejected") return RequestState::rejected;
    return std::nullopt;
}

}  // namespace hotline::workflow
