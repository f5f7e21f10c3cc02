#include "workflow/procedure/lifecycle.h"

#include <algorithm>
#include <stdexcept>

namespace hotline::workflow {

namespace {
using enum State;
using R = Role;

std::vector<Transition> build_table() {
    // Unit work may be returned while the unit holds the ticket; extensions are asked for while
    // it is still the unit's to finish.
    const std::vector<State> unit_holds{dispatched, handling};
    const std::vector<State> with_unit_states(kWithUnit.begin(), kWithUnit.end());
    return {
        {Action::claim, "claim", "认领", {received}, claimed, {R::staff}},
        {Action::dispatch, "dispatch", "派单", {claimed}, dispatched, {R::staff}},
        {Action::accept, "accept", "签收", {dispatched}, handling, {R::handler}, true},
        {Action::request_return, "request_return", "退单", unit_holds, std::nullopt, {R::handler}, true, true},
        {Action::approve_return, "approve_return", "同意退单", unit_holds, claimed, {R::center}},
        {Action::reject_return, "reject_return", "驳回退单", unit_holds, std::nullopt, {R::center}, false, true},
        {Action::request_extension, "request_extension", "延期", with_unit_states, std::nullopt, {R::handler}, true,
         true},
        {Action::approve_extension, "approve_extension", "同意延期", with_unit_states, std::nullopt, {R::center}},
        {Action::reject_extension, "reject_extension", "驳回延期", with_unit_states, std::nullopt, {R::center}, false,
         true},
        {Action::submit_result, "submit_result", "反馈", {handling}, unit_review, {R::handler}, true},
        {Action::unit_approve, "unit_approve", "单位领导同意", {unit_review}, center_review, {R::unit_leader}, true},
        {Action::unit_reject, "unit_reject", "单位领导退回", {unit_review}, handling, {R::unit_leader}, true, true},
        {Action::review_pass, "review_pass", "审核通过", {center_review}, signoff, {R::staff}},
        {Action::review_redo, "review_redo", "退回重办", {center_review}, handling, {R::staff}, false, true},
        // The level (1, 2, 3 in order) is checked by the engine against the ticket's signoff_level.
        {Action::signoff_approve, "signoff_approve", "审签同意", {signoff}, signoff, {R::signer1, R::signer2, R::signer3}},
        {Action::signoff_reject, "signoff_reject", "审签退回", {signoff}, handling, {R::signer1, R::signer2, R::signer3},
         false, true},
        {Action::upload, "upload", "上报", {signed_off}, uploaded, {R::staff}},
        {Action::city_approve, "city_approve", "市级通过", {uploaded}, city_approved, {R::staff}},
        {Action::city_reject, "city_reject", "市级退回", {uploaded}, handling, {R::staff}, false, true},
        {Action::mark_replied, "mark_replied", "已答复", {city_approved}, replied, {R::staff}},
        {Action::record_survey, "record_survey", "回访结果", {replied}, surveyed, {R::staff}, false, true},
        {Action::supervise, "supervise", "督办", {dispatched, handling, replied, surveyed}, handling, {R::staff}, false,
         true},
        {Action::close, "close", "办结", {surveyed}, closed, {R::staff}},
        // A replied case may be filed while its survey is still open (seed 二(九)).
        {Action::archive, "archive", "归档", {replied, surveyed, closed}, archived, {R::staff}},
        {Action::merge_away, "merge_away", "合并", {received, claimed}, archived, {R::staff}},
        {Action::contact, "contact", "联系", with_unit_states, std::nullopt, {R::handler}, true, true},
        // Leaders may instruct on a case at any point until it is filed (seed 二(九), 三(二)).
        {Action::instruct, "instruct", "批示",
         {claimed, dispatched, handling, unit_review, center_review, signoff, signed_off, uploaded, city_approved,
          replied, surveyed, closed},
         std::nullopt, {R::leader, R::signer1, R::signer2, R::signer3, R::center, R::staff}, false, true},
    };
}

// How each step shows: its button, its answer when the default 已+name reads wrong, the decisions its
// notice offers, and what it counts as. Steps not listed have none of these.
struct Presentation {
    Action action;
    std::string_view button{};
    std::string_view done{};
    std::vector<Action> offers{};
    Tally tally = Tally::none;
};

std::vector<Presentation> presentation() {
    using A = Action;
    return {
        {.action = A::claim, .button = "认领"},
        {.action = A::dispatch, .offers = {A::accept, A::request_return, A::request_extension}, .tally = Tally::dispatched},
        {.action = A::accept, .button = "签收"},
        {.action = A::request_return, .button = "退单", .offers = {A::approve_return, A::reject_return}},
        {.action = A::approve_return, .button = "同意", .tally = Tally::returned},
        {.action = A::reject_return, .button = "驳回"},
        {.action = A::request_extension, .button = "申请延期", .offers = {A::approve_extension, A::reject_extension}},
        {.action = A::approve_extension, .button = "同意", .tally = Tally::extended},
        {.action = A::reject_extension, .button = "驳回"},
        {.action = A::submit_result, .offers = {A::unit_approve, A::unit_reject}},
        {.action = A::unit_approve, .button = "同意", .done = "已同意", .offers = {A::review_pass, A::review_redo}},
        {.action = A::unit_reject, .button = "退回", .done = "已退回"},
        {.action = A::review_pass, .button = "通过", .offers = {A::signoff_approve, A::signoff_reject}},
        {.action = A::review_redo, .button = "重办", .tally = Tally::redone},
        // The next level signs on the same card; after the third there is nothing to offer.
        {.action = A::signoff_approve, .button = "同意", .offers = {A::signoff_approve, A::signoff_reject}},
        {.action = A::signoff_reject, .button = "退回", .tally = Tally::redone},
        {.action = A::city_approve, .done = "已登记市级通过"},
        {.action = A::city_reject, .done = "已登记市级退回", .tally = Tally::redone},
        {.action = A::mark_replied, .done = "已登记答复"},
        // Offered only when the citizen is content; otherwise the case goes back as 督办.
        {.action = A::record_survey, .done = "已登记回访结果", .offers = {A::close}},
        {.action = A::supervise, .tally = Tally::supervised},
        {.action = A::close, .button = "办结", .tally = Tally::closed},
    };
}

std::vector<Transition> build_presented_table() {
    auto table = build_table();
    for (auto& t : table) t.done = "已" + std::string(t.chinese);
    for (const auto& p : presentation()) {
        auto row = std::find_if(table.begin(), table.end(), [&](const Transition& t) { return t.action == p.action; });
        row->button = p.button;
        if (!p.done.empty()) row->done = std::string(p.done);
        row->offers = p.offers;
        row->tally = p.tally;
    }
    return table;
}
}  // namespace

const std::vector<Transition>& transition_table() {
    static const std::vector<Transition> table = build_presented_table();
    return table;
}

bool with_unit(State s) { return std::find(kWithUnit.begin(), kWithUnit.end(), s) != kWithUnit.end(); }
bool answered(State s) { return std::find(kAnswered.begin(), kAnswered.end(), s) != kAnswered.end(); }

const Transition& transition_for(Action a) {
    for (const auto& t : transition_table())
        if (t.action == a) return t;
    throw std::logic_error("action missing from the transition table");
}

// The main path's steps: in their from-states the ticket waits for the roles that take them.
constexpr Action kAwaitedActions[] = {Action::claim,          Action::dispatch,     Action::accept,
                                      Action::submit_result,  Action::unit_approve, Action::review_pass,
                                      Action::signoff_approve, Action::upload,      Action::city_approve,
                                      Action::mark_replied,   Action::record_survey, Action::close};

std::vector<AwaitedState> states_awaiting(Role r) {
    std::vector<AwaitedState> out;
    for (const Action a : kAwaitedActions) {
        const auto& t = transition_for(a);
        if (std::find(t.roles.begin(), t.roles.end(), r) == t.roles.end()) continue;
        for (const State s : t.from)
            if (std::none_of(out.begin(), out.end(), [s](const AwaitedState& w) { return w.state == s; }))
                out.push_back({s, t.unit_scoped});
    }
    return out;
}

int signoff_level_of(Role r) {
    switch (r) {
        case Role::signer1: return 1;
        case Role::signer2: return 2;
        case Role::signer3: return 3;
        default: return 0;
    }
}

std::string_view to_string(Action a) { return transition_for(a).id; }

std::optional<Action> parse_action(std::string_view id) {
    for (const auto& t : transition_table())
        if (t.id == id) return t.action;
    return std::nullopt;
}

}  // namespace hotline::workflow
