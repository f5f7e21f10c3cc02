// Every transition of the procedure, taken by a person allowed to take it.
#include <gtest/gtest.h>

#include "tests/support/test_env.h"

using namespace hotline::workflow;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> audit_actions(WorkflowEnv& env, std::int64_t id) {
    std::vector<std::string> out;
    env.store->transact([&](StoreTx& tx) {
        for (const auto& e : tx.audit().of(id)) out.push_back(e.action);
    });
    return out;
}

std::vector<std::string> recipients(WorkflowEnv& env, std::int64_t id, std::int64_t audit_seq) {
    std::vector<std::string> out;
    env.store->transact([&](StoreTx& tx) {
        for (const auto& m : tx.outbox().of(id))
            if (m.dedup_key.rfind("audit:" + std::to_string(audit_seq) + ":", 0) == 0) out.push_back(m.recipient);
    });
    return out;
}

void expect_ok(const ActionResult& r) { ASSERT_TRUE(r.ok()) << r.refusal->message; }

}  // namespace

TEST(EngineTransitions, TheMainPathFromIntakeToArchive) {
    WorkflowEnv env;
    const auto t = env.new_ticket();
    EXPECT_EQ(t.state, State::received);
    const auto id = t.id;
    struct Step {
        Action action;
        const char* actor;
        State expected;
        int signoff_level;
    };
    expect_ok(env.act(Action::claim, id, kStaff));
    EXPECT_EQ(env.ticket(id).claimed_by, kStaff);
    expect_ok(env.dispatch(id));
    auto ticket = env.ticket(id);
    EXPECT_EQ(ticket.state, State::dispatched);
    EXPECT_EQ(ticket.unit_code, "zjj");
    EXPECT_EQ(ticket.feedback_deadline, env.clock.now() + 5 * 24h);
    EXPECT_EQ(ticket.report_deadline, env.clock.now() + 3 * 24h);
    EXPECT_EQ(ticket.deadline_version, 1);

    const Step steps[] = {
        {Action::accept, kHandler, State::handling, 0},
        {Action::submit_result, kHandler, State::unit_review, 0},
        {Action::unit_approve, kLeader, State::center_review, 0},
        {Action::review_pass, kStaff, State::signoff, 1},
        {Action::signoff_approve, kSigner1, State::signoff, 2},
        {Action::signoff_approve, kSigner2, State::signoff, 3},
        {Action::signoff_approve, kSigner3, State::signed_off, 0},
        {Action::upload, kStaff, State::uploaded, 0},
        {Action::city_approve, kStaff, State::city_approved, 0},
        {Action::mark_replied, kStaff, State::replied, 0},
        {Action::record_survey, kStaff, State::surveyed, 0},
        {Action::close, kStaff, State::closed, 0},
        {Action::archive, kStaff, State::archived, 0},
    };
    for (const auto& s : steps) {
        env.clock.advance(1h);
        const auto r = env.act(s.action, id, s.actor, s.action == Action::record_survey ? "满意 已解决" : "");
        ASSERT_TRUE(r.ok()) << transition_for(s.action).id << ": " << r.refusal->message;
        EXPECT_EQ(r.ticket.state, s.expected) << transition_for(s.action).id;
        EXPECT_EQ(r.ticket.signoff_level, s.signoff_level) << transition_for(s.action).id;
        EXPECT_EQ(env.ticket(id).state, s.expected);
    }
    EXPECT_EQ(env.ticket(id).survey_outcome, "满意 已解决");
    EXPECT_EQ(audit_actions(env, id),
              (std::vector<std::string>{"receive", "claim", "dispatch", "accept", "submit_result", "unit_approve",
                                        "review_pass", "signoff_approve", "signoff_approve", "signoff_approve",
                                        "upload", "city_approve", "mark_replied", "record_survey", "close",
                                        "archive"}));
}

TEST(EngineTransitions, DispatchNotifiesTheUnitsHandlersOnlyAndArmsTheDeadlineTimers) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::claimed);
    const auto r = env.dispatch(id);
    expect_ok(r);
    EXPECT_EQ(recipients(env, id, r.audit_seq), std::vector<std::string>{kHandler});
    std::string text;
    env.store->transact([&](StoreTx& tx) { text = tx.outbox().of(id).back().payload; });
    EXPECT_NE(text.find("工单#" + std::to_string(id)), std::string::npos) << text;
    EXPECT_NE(text.find("北京时间2026-11-07 09:00"), std::string::npos) << text;  // feedback deadline
    EXPECT_NE(text.find("答复模板"), std::string::npos) << text;

    std::vector<Timer> timers;
    env.store->transact([&](StoreTx& tx) { timers = pending_timers_of(tx, id); });
    ASSERT_EQ(timers.size(), 6u);
    EXPECT_EQ(timers[0].kind, TimerKind::report_24h);
    EXPECT_EQ(timers[0].due_at, from_china_time(2026, 11, 4, 9, 0));
    for (const auto& t : timers) EXPECT_EQ(t.deadline_version, 1);
}

TEST(EngineTransitions, AnApprovedReturnGoesBackToTheHotlineForRedispatch) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::dispatched);
    env.clock.advance(2h);
    auto r = env.act(Action::request_return, id, kHandler, "不属于本单位职责，应由教育局办理");
    expect_ok(r);
    EXPECT_EQ(r.ticket.state, State::dispatched);  // a request, not a state
    EXPECT_EQ(recipients(env, id, r.audit_seq), std::vector<std::string>{kCenter});

    r = env.act(Action::approve_return, id, kCenter);
    expect_ok(r);
    EXPECT_EQ(r.ticket.state, State::claimed);
    EXPECT_TRUE(r.ticket.unit_code.empty());
    EXPECT_FALSE(r.ticket.feedback_deadline.has_value());
    EXPECT_EQ(r.ticket.deadline_version, 2);
    env.store->transact([&](StoreTx& tx) {
        EXPECT_TRUE(pending_timers_of(tx, id).empty());
        const auto requests = tx.requests().of(id);
        ASSERT_EQ(requests.size(), 1u);
        EXPECT_EQ(requests[0].state, RequestState::approved);
        EXPECT_EQ(requests[0].decided_by, kCenter);
    });
    EXPECT_EQ(recipients(env, id, r.audit_seq), (std::vector<std::string>{kHandler, kStaff}));

    expect_ok(env.dispatch(id, "jyj"));
    EXPECT_EQ(env.ticket(id).unit_code, "jyj");
    expect_ok(env.act(Action::accept, id, kOtherHandler));
}

TEST(EngineTransitions, ARejectedReturnLeavesTheTicketWithTheUnit) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    expect_ok(env.act(Action::request_return, id, kHandler, "非本单位职责"));
    const auto r = env.act(Action::reject_return, id, kCenter, "属于住建局监管范围");
    expect_ok(r);
    EXPECT_EQ(r.ticket.state, State::handling);
    EXPECT_EQ(r.ticket.unit_code, "zjj");
    EXPECT_EQ(recipients(env, id, r.audit_seq), std::vector<std::string>{kHandler});
}

TEST(EngineTransitions, AnApprovedExtensionMovesTheDeadlineAndRearmsTheTimers) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    const auto before = env.ticket(id);
    expect_ok(env.extension(id, 3));
    const auto r = env.act(Action::approve_extension, id, kCenter);
    expect_ok(r);
    // 2026-11-07 09:00 is a Saturday: three working days on are Mon 9, Tue 10, Wed 11.
    EXPECT_EQ(r.ticket.feedback_deadline, from_china_time(2026, 11, 11, 9, 0));
    EXPECT_EQ(r.ticket.report_deadline, from_china_time(2026, 11, 9, 9, 0));
    EXPECT_EQ(r.ticket.extension_days, 3);
    EXPECT_EQ(r.ticket.deadline_version, before.deadline_version + 1);
    env.store->transact([&](StoreTx& tx) {
        const auto timers = pending_timers_of(tx, id);
        ASSERT_EQ(timers.size(), 6u);
        for (const auto& t : timers) EXPECT_EQ(t.deadline_version, before.deadline_version + 1);
    });
}

TEST(EngineTransitions, ARejectedExtensionKeepsTheDeadline) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::handling);
    const auto before = env.ticket(id);
    expect_ok(env.extension(id, 3));
    const auto r = env.act(Action::reject_extension, id, kCenter, "理由不充分");
    expect_ok(r);
    EXPECT_EQ(r.ticket.feedback_deadline, before.feedback_deadline);
    EXPECT_EQ(r.ticket.deadline_version, before.deadline_version);
}

TEST(EngineTransitions, TheUnitLeaderMaySendTheResultBackToTheHandler) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::unit_review);
    const auto r = env.act(Action::unit_reject, id, kLeader, "原因分析不够具体");
    expect_ok(r);
    EXPECT_EQ(r.ticket.state, State::handling);
    EXPECT_EQ(recipients(env, id, r.audit_seq), std::vector<std::string>{kHandler});
}

TEST(EngineTransitions, RedoFromReviewSignoffAndCityGoesBackToTheUnitWithTheReason) {
    WorkflowEnv env;
    const struct {
        State from;
        Action action;
        const char* actor;
    } cases[] = {{State::center_review, Action::review_redo, kStaff},
                 {State::signoff, Action::signoff_reject, kSigner1},
                 {State::uploaded, Action::city_reject, kStaff}};
    for (const auto& c : cases) {
        const auto id = env.ticket_in(c.from);
        const auto r = env.act(c.action, id, c.actor, "答非所问，请重新核查");
        ASSERT_TRUE(r.ok()) << r.refusal->message;
        EXPECT_EQ(r.ticket.state, State::handling);
        EXPECT_EQ(r.ticket.redo_count, 1);
        EXPECT_EQ(r.ticket.signoff_level, 0);
        EXPECT_EQ(recipients(env, id, r.audit_seq), (std::vector<std::string>{kHandler, kLeader}));
        std::string note;
        env.store->transact([&](StoreTx& tx) { note = tx.audit().of(id).back().note; });
        EXPECT_NE(note.find("答非所问"), std::string::npos);
    }
}

TEST(EngineTransitions, SupervisionSendsAnUnhappyCaseBackToTheUnit) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::surveyed);
    const auto r = env.act(Action::supervise, id, kStaff, "群众不满意，请再次核查");
    expect_ok(r);
    EXPECT_EQ(r.ticket.state, State::handling);
    EXPECT_EQ(r.ticket.supervision_count, 1);
    EXPECT_EQ(recipients(env, id, r.audit_seq), (std::vector<std::string>{kHandler, kLeader}));
}

TEST(EngineTransitions, ASurveyedCaseMayBeArchivedDirectly) {
    WorkflowEnv env;
    const auto id = env.ticket_in(State::surveyed);
    const auto r = env.act(Action::archive, id, kStaff);
    expect_ok(r);
    EXPECT_EQ(r.ticket.state, State::archived);
}

TEST(EngineTransitions, TheNewTicketNoticeSuggestsACategoryFromKeywords) {
    WorkflowEnv env;
    const auto t = env.new_ticket("夜间施工噪音扰民");
    env.store->transact([&](StoreTx& tx) {
        const auto out = tx.outbox().of(t.id);
        ASSERT_EQ(out.size(), 1u);
        EXPECT_NE(out[0].payload.find("建议类别：投诉反映类（关键词「噪音」）"), std::string::npos) << out[0].payload;
    });
    EXPECT_EQ(suggest_category("请问社保卡如何办理", default_category_keywords()).value().category, Category::consult);
    EXPECT_FALSE(suggest_category("今天天气很好", default_category_keywords()).has_value());
    const CategoryKeywords tie{{Category::consult, {"甲"}}, {Category::complex, {"乙"}}};
    EXPECT_FALSE(suggest_category("甲乙", tie).has_value());
}

TEST(EngineTransitions, IntakeNotifiesStaff) {
    WorkflowEnv env;
    const auto t = env.new_ticket("路灯不亮");
    env.store->transact([&](StoreTx& tx) {
        const auto out = tx.outbox().of(t.id);
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].recipient, kStaff);
        EXPECT_NE(out[0].payload.find("路灯不亮"), std::string::npos);
    });
}
