// A refused example of each rule; a refusal names its rule, speaks Chinese and changes nothing.
#include <gtest/gtest.h>

#include "tests/support/test_env.h"

using namespace hotline::workflow;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct Snapshot {
    Ticket ticket;
    std::size_t audit = 0, requests = 0, outbox = 0, timers = 0;
};

Snapshot snapshot(WorkflowEnv& env, std::int64_t id) {
    Snapshot s;
    env.store->transact([&](StoreTx& tx) {
        if (auto t = tx.tickets().find(id)) s.ticket = *t;
        s.audit = tx.audit().of(id).size();
        s.requests = tx.requests().of(id).size();
        s.outbox = tx.outbox().of(id).size();
        s.timers = pending_timers_of(tx, id).size();
    });
    return s;
}

// Applies and expects the given rule, with nothing written (but the audit events a refusal records).
void expect_refused(WorkflowEnv& env, const ActionRequest& req, Rule rule, std::size_t audit_recorded = 0) {
    const auto before = snapshot(env, req.ticket_id);
    const auto r = env.engine.apply(req);
    ASSERT_FALSE(r.ok()) << "expected " << to_string(rule) << " for " << transition_for(req.action).id;
    EXPECT_EQ(r.refusal->rule, rule) << r.refusal->message;
    EXPECT_FALSE(r.refusal->message.empty());
    EXPECT_GT(static_cast<unsigned char>(r.refusal->message[0]), 0x7f) << "not Chinese: " << r.refusal->message;
    // A person may have several tickets open: every refusal names the one it is about.
    EXPECT_NE(r.refusal->message.find("工单#" + std::to_string(req.ticket_id)), std::string::npos) << r.refusal->message;
    const auto after = snapshot(env, req.ticket_id);
    EXPECT_EQ(after.ticket.state, before.ticket.state);
    EXPECT_EQ(after.ticket.updated_at, before.ticket.updated_at);
    EXPECT_EQ(after.audit, before.audit + audit_recorded);
    EXPECT_EQ(after.requests, before.requests);
    EXPECT_EQ(after.outbox, before.outbox);
    EXPECT_EQ(after.timers, before.timers);
}

ActionRequest req(Action a, std::int64_t id, const std::string& actor, const std::string& note = "") {
    ActionRequest r;
    r.action = a;
    r.ticket_id = id;
    r.actor = actor;
    r.note = note;
    return r;
}

ActionRequest extension_req(std::int64_t id, int days) {
    auto r = req(Action::request_extension, id, kHandler, "需多部门协同");
    r.days = days;
    return r;
}

}  // namespace

TEST(EngineRules, AReturnSixHoursAndOneMinuteAfterDispatchIsRefused) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::dispatched);
    env.clock.advance(6h + 1min);
    expect_refused(env, req(Action::request_return, id, kHandler, "非本单位职责"), Rule::return_window_closed, 1);
    // The attempt itself is a fact for the supervision notice (seed 二(八)): who, when, how late.
    env.store->transact([&](StoreTx& tx) {
        const auto last = tx.audit().of(id).back();
        EXPECT_EQ(last.action, kLateReturnAction);
        EXPECT_EQ(last.actor, kHandler);
        EXPECT_EQ(last.from_state, last.to_state);
        EXPECT_EQ(last.note, "window_hours=6 late_minutes=1 非本单位职责");
    });
}

TEST(EngineRules, AReturnAtSixHoursIsStillAccepted) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    env.clock.advance(6h);
    const auto r = env.act(Action::request_return, id, kHandler, "非本单位职责");
    EXPECT_TRUE(r.ok()) << r.refusal->message;
}

TEST(EngineRules, AReturnNeedsTheCentresApproval) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::dispatched);
    ASSERT_TRUE(env.act(Action::request_return, id, kHandler, "非本单位职责").ok());
    expect_refused(env, req(Action::approve_return, id, kHandler), Rule::role_not_allowed);
    expect_refused(env, req(Action::approve_return, id, kStaff), Rule::role_not_allowed);
    expect_refused(env, req(Action::request_return, id, kHandler, "再次申请"), Rule::request_already_pending);
    EXPECT_EQ(env.ticket(id).unit_code, "zjj");  // still the unit's until the centre decides
}

TEST(EngineRules, DecidingWithoutAPendingRequestIsRefused) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    expect_refused(env, req(Action::approve_return, id, kCenter), Rule::no_pending_request);
    expect_refused(env, req(Action::approve_extension, id, kCenter), Rule::no_pending_request);
}

TEST(EngineRules, ExtensionsSummingTo31WorkingDaysAreRefused) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    ASSERT_TRUE(env.extension(id, 20).ok());
    ASSERT_TRUE(env.act(Action::approve_extension, id, kCenter).ok());
    expect_refused(env, extension_req(id, 11), Rule::extension_cap_exceeded);
    ASSERT_TRUE(env.extension(id, 10).ok());  // exactly 30 is allowed
    ASSERT_TRUE(env.act(Action::approve_extension, id, kCenter).ok());
    EXPECT_EQ(env.ticket(id).extension_days, 30);
    expect_refused(env, extension_req(id, 1), Rule::extension_cap_exceeded);
}

TEST(EngineRules, AnExtensionIsAskedBeforeTheFeedbackDeadline) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    env.clock.set(*env.ticket(id).feedback_deadline);
    expect_refused(env, extension_req(id, 3), Rule::extension_after_deadline);
}

TEST(EngineRules, ExtensionDaysMustBeSensible) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    expect_refused(env, extension_req(id, 0), Rule::invalid_days);
    expect_refused(env, extension_req(id, 31), Rule::invalid_days);
}

TEST(EngineRules, OnlyTheCentreApprovesAnExtension) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    ASSERT_TRUE(env.extension(id, 2).ok());
    expect_refused(env, req(Action::approve_extension, id, kLeader), Rule::role_not_allowed);
    expect_refused(env, extension_req(id, 2), Rule::request_already_pending);
}

TEST(EngineRules, TheResultReachesTheHotlineOnlyAfterTheUnitLeaderApproves) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::unit_review);
    expect_refused(env, req(Action::review_pass, id, kStaff), Rule::wrong_state);
    expect_refused(env, req(Action::unit_approve, id, kHandler), Rule::role_not_allowed);
    expect_refused(env, req(Action::unit_approve, id, kOtherLeader), Rule::not_your_unit);
}

TEST(EngineRules, ThreeSignOffLevelsInOrder) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::signoff);
    expect_refused(env, req(Action::signoff_approve, id, kSigner2), Rule::signoff_out_of_order);
    expect_refused(env, req(Action::signoff_approve, id, kSigner3), Rule::signoff_out_of_order);
    ASSERT_TRUE(env.act(Action::signoff_approve, id, kSigner1).ok());
    expect_refused(env, req(Action::signoff_approve, id, kSigner1), Rule::signoff_out_of_order);
    expect_refused(env, req(Action::signoff_reject, id, kSigner3, "不同意"), Rule::signoff_out_of_order);
    expect_refused(env, req(Action::signoff_approve, id, kStaff), Rule::role_not_allowed);
}

TEST(EngineRules, RedoNeedsTheReviewersReason) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::center_review);
    expect_refused(env, req(Action::review_redo, id, kStaff), Rule::reason_required);
}

TEST(EngineRules, AResultMustHaveContent) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    expect_refused(env, req(Action::submit_result, id, kHandler), Rule::result_required);
}

TEST(EngineRules, AHandlerActsOnlyOnTheirOwnUnitsTickets) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::dispatched);
    expect_refused(env, req(Action::accept, id, kOtherHandler), Rule::not_your_unit);
    expect_refused(env, req(Action::request_return, id, kOtherHandler, "x"), Rule::not_your_unit);
    // The unit check comes before the state check, so another unit learns nothing of the state.
    const auto closed = env.ticket_in(State::closed);
    expect_refused(env, req(Action::accept, closed, kOtherHandler), Rule::not_your_unit);
}

TEST(EngineRules, RolesAreChecked) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::claimed);
    ActionRequest d = req(Action::dispatch, id, kHandler);
    d.unit_code = "zjj";
    d.category = Category::complaint;
    expect_refused(env, d, Rule::role_not_allowed);
    expect_refused(env, req(Action::claim, env.new_ticket().id, kAdmin), Rule::role_not_allowed);
}

TEST(EngineRules, StateIsChecked) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::received);
    expect_refused(env, req(Action::accept, id, kHandler), Rule::not_your_unit);  // no unit yet
    expect_refused(env, req(Action::upload, id, kStaff), Rule::wrong_state);
    const auto handling = env.ticket_in(State::handling);
    expect_refused(env, req(Action::claim, handling, kStaff), Rule::wrong_state);
}

TEST(EngineRules, DispatchNeedsAKnownUnitAndACategory) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::claimed);
    ActionRequest d = req(Action::dispatch, id, kStaff);
    d.unit_code = "nosuch";
    d.category = Category::complaint;
    expect_refused(env, d, Rule::unknown_unit);
    d.unit_code = "zjj";
    d.category.reset();  // the line gave none either
    expect_refused(env, d, Rule::category_required);
}

TEST(EngineRules, UnknownTicketsAndStrangersAreRefused) {
    WorkflowEnv env;
    const auto r = env.engine.apply(req(Action::claim, 9999, kStaff));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->rule, Rule::unknown_ticket);
    expect_refused(env, req(Action::claim, env.new_ticket().id, "stranger"), Rule::unknown_actor);
}

TEST(EngineRules, AnArchivedTicketIsReadOnly) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::archived);
    ASSERT_EQ(env.ticket(id).state, State::archived);
    for (const auto& t : transition_table())
        expect_refused(env, req(t.action, id, kStaff, "x"), Rule::archived_read_only);
}
