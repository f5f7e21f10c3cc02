// Deadline reminders with the fake clock: once per deadline version, re-armed by an extension,
// held back by pending requests and quiet hours, digested per unit, caught up after downtime.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/support/test_env.h"
#include "workflow/notify/reminders.h"
#include "workflow/notify/timer_kinds.h"

using namespace hotline::workflow;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct ReminderEnv : WorkflowEnv {
    ReminderEnv() : scheduler(*store, clock, policy()) {}
    static ReminderPolicy policy() {
        ReminderPolicy p;
        p.morning_digest = false;  // tested on its own
        return p;
    }
    // Reminder texts to one person, in order.
    std::vector<std::string> reminders_to(const std::string& who) {
        std::vector<std::string> out;
        store->transact([&](StoreTx& tx) {
            for (const auto& m : tx.outbox().due(clock.now() + std::chrono::hours(24 * 400), 100000, ""))
                if (m.recipient == who && (m.dedup_key.rfind("reminder:", 0) == 0 || m.dedup_key.rfind("digest:", 0) == 0))
                    out.push_back(m.payload);
        });
        return out;
    }
    ReminderScheduler scheduler;
};

// Dispatched 2026-11-02 (Mon) 09:00 as a complaint: report due Thu 11-05 09:00, feedback Sat 11-07 09:00.
std::int64_t dispatched_ticket(ReminderEnv& env) { return env.ticket_in(State::handling); }

}  // namespace

TEST(Reminders, EachFiresOncePerDeadlineVersion) {
    ReminderEnv env;
    dispatched_ticket(env);
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
    env.clock.set(from_china_time(2026, 11, 4, 9, 0));  // report deadline - 24 h
    auto pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 1);
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
    auto texts = env.reminders_to(kHandler);
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_NE(texts[0].find("还有24小时"), std::string::npos) << texts[0];
    EXPECT_NE(texts[0].find("北京时间2026-11-05 09:00"), std::string::npos) << texts[0];
    EXPECT_TRUE(env.reminders_to(kOtherHandler).empty());  // another unit hears nothing

    env.clock.set(from_china_time(2026, 11, 5, 7, 0));  // 2 h before, but in the quiet hours
    EXPECT_EQ(env.scheduler.run_once().held, 1);
    env.clock.set(from_china_time(2026, 11, 5, 7, 30));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);
    env.clock.set(from_china_time(2026, 11, 5, 9, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);  // at the report deadline
    env.clock.set(from_china_time(2026, 11, 7, 9, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);  // at the feedback deadline
    env.clock.set(from_china_time(2026, 11, 8, 9, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);  // +24 h: the unit leader
    EXPECT_FALSE(env.reminders_to(kLeader).empty());
    env.clock.set(from_china_time(2026, 11, 9, 9, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);  // +48 h: hotline supervision
    const auto staff = env.reminders_to(kStaff);
    ASSERT_FALSE(staff.empty());
    EXPECT_NE(staff.back().find("请热线督办"), std::string::npos);
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
}

TEST(Reminders, AnApprovedExtensionRearmsThemAtTheNewDeadline) {
    ReminderEnv env;
    const auto id = dispatched_ticket(env);
    ASSERT_TRUE(env.extension(id, 3).ok());
    ASSERT_TRUE(env.act(Action::approve_extension, id, kCenter).ok());
    // Old version's report_24h (11-04 09:00) must not fire; the new report deadline is 11-09 09:00.
    env.clock.set(from_china_time(2026, 11, 4, 9, 0));
    const auto pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 0);
    env.clock.set(from_china_time(2026, 11, 8, 9, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);
    const auto texts = env.reminders_to(kHandler);
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_NE(texts[0].find("2026-11-09 09:00"), std::string::npos) << texts[0];
}

TEST(Reminders, APendingRequestHoldsThemBackUntilItIsDecided) {
    ReminderEnv env;
    const auto id = dispatched_ticket(env);
    env.clock.set(from_china_time(2026, 11, 4, 8, 0));
    ASSERT_TRUE(env.extension(id, 3).ok());
    env.clock.set(from_china_time(2026, 11, 4, 9, 0));
    auto pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 0);
    EXPECT_EQ(pass.held, 1);
    ASSERT_TRUE(env.act(Action::reject_extension, id, kCenter, "理由不充分").ok());
    env.clock.set(from_china_time(2026, 11, 4, 10, 0));
    pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 1);  // the deadline stands, so the reminder does too
}

TEST(Reminders, QuietHoursDelayThemAndUrgentEscalationsGoThrough) {
    ReminderEnv env;
    // Dispatched at 23:30: every reminder falls at 23:30 China time.
    env.clock.set(from_china_time(2026, 11, 2, 23, 30));
    dispatched_ticket(env);
    env.clock.set(from_china_time(2026, 11, 4, 23, 30));  // report - 24 h, inside 22:00-07:30
    auto pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 0);
    EXPECT_EQ(pass.held, 1);
    env.clock.set(from_china_time(2026, 11, 5, 7, 29));
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
    env.clock.set(from_china_time(2026, 11, 5, 7, 30));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);
    // The hotline escalation at feedback + 48 h (11-09 23:30) is urgent: it is not held.
    env.clock.set(from_china_time(2026, 11, 9, 23, 30));
    env.scheduler.run_once();
    const auto staff = env.reminders_to(kStaff);
    EXPECT_FALSE(staff.empty());
}

TEST(Reminders, OneUnitsRemindersInOnePassBecomeOneDigest) {
    ReminderEnv env;
    dispatched_ticket(env);
    dispatched_ticket(env);
    dispatched_ticket(env);
    env.clock.set(from_china_time(2026, 11, 4, 9, 0));
    const auto pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 3);
    const auto texts = env.reminders_to(kHandler);
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_NE(texts[0].find("您有3条提醒"), std::string::npos) << texts[0];
}

TEST(Reminders, AfterThreeDaysDownEachMissedReminderFiresOnceInOrderWithItsTime) {
    ReminderEnv env;
    dispatched_ticket(env);
    env.clock.set(from_china_time(2026, 11, 3, 9, 0));
    env.scheduler.run_once();
    // The bot is down from 11-03 09:00 to 11-06 10:00; a new process starts.
    env.clock.set(from_china_time(2026, 11, 6, 10, 0));
    ReminderScheduler restarted(*env.store, env.clock, ReminderEnv::policy());
    const auto pass = restarted.run_once();
    EXPECT_EQ(pass.fired, 3);  // report -24 h, -2 h, at the report deadline (10:00 is outside quiet hours)
    EXPECT_EQ(restarted.run_once().fired, 0);
    const auto texts = env.reminders_to(kHandler);
    ASSERT_EQ(texts.size(), 1u);
    const auto& t = texts[0];
    const auto a = t.find("原定提醒时间：北京时间2026-11-04 09:00");
    const auto b = t.find("原定提醒时间：北京时间2026-11-05 07:00");
    const auto c = t.find("原定提醒时间：北京时间2026-11-05 09:00");
    ASSERT_NE(a, std::string::npos) << t;
    ASSERT_NE(b, std::string::npos) << t;
    ASSERT_NE(c, std::string::npos) << t;
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
}

TEST(Reminders, NothingFiresForTicketsNoLongerWithTheUnit) {
    ReminderEnv env;
    const auto id = dispatched_ticket(env);
    ASSERT_TRUE(env.act(Action::submit_result, id, kHandler).ok());
    ASSERT_TRUE(env.act(Action::unit_approve, id, kLeader).ok());  // cancels its timers
    env.clock.set(from_china_time(2026, 11, 10, 9, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
    EXPECT_TRUE(env.reminders_to(kHandler).empty());
}

TEST(Reminders, TheMorningDigestListsEachUnitsOpenTicketsOnceADay) {
    WorkflowEnv env;
    env.ticket_in(State::handling);
    env.ticket_in(State::dispatched);
    ReminderScheduler scheduler(*env.store, env.clock);  // default policy: digest at 08:30
    scheduler.arm_morning_digest();
    scheduler.arm_morning_digest();  // idempotent
    env.clock.set(from_china_time(2026, 11, 3, 8, 30));
    scheduler.run_once();
    env.clock.set(from_china_time(2026, 11, 3, 12, 0));
    scheduler.run_once();
    std::vector<std::string> digests;
    env.store->transact([&](StoreTx& tx) {
        for (const auto& m : tx.outbox().due(env.clock.now(), 1000, ""))
            if (m.dedup_key.rfind("digest:", 0) == 0) digests.push_back(m.recipient + " " + m.payload);
    });
    ASSERT_EQ(digests.size(), 1u);  // one handler in zjj, nothing open in jyj
    EXPECT_NE(digests[0].find("在办工单2件"), std::string::npos) << digests[0];
    env.clock.set(from_china_time(2026, 11, 4, 8, 30));
    scheduler.run_once();
    std::size_t count = 0;
    env.store->transact([&](StoreTx& tx) {
        for (const auto& m : tx.outbox().due(env.clock.now(), 1000, "")) count += m.dedup_key.rfind("digest:", 0) == 0;
    });
    EXPECT_EQ(count, 2u);  // the next day's
}

TEST(Reminders, AnUnclaimedTicketIsAnnouncedAgainThenEscalated) {
    ReminderEnv env;
    env.clock.set(from_china_time(2026, 11, 2, 10, 0));
    const auto unclaimed = env.new_ticket("路灯不亮").id;
    const auto claimed = env.new_ticket("噪音扰民").id;
    ASSERT_TRUE(env.act(Action::claim, claimed, kStaff).ok());
    env.clock.set(from_china_time(2026, 11, 2, 11, 0));
    auto pass = env.scheduler.run_once();
    EXPECT_EQ(pass.fired, 1);
    EXPECT_EQ(pass.stale, 1);  // the claimed one
    auto staff = env.reminders_to(kStaff);
    ASSERT_EQ(staff.size(), 1u);
    EXPECT_NE(staff[0].find("工单#" + std::to_string(unclaimed)), std::string::npos) << staff[0];
    EXPECT_NE(staff[0].find("仍无人认领"), std::string::npos) << staff[0];
    env.clock.set(from_china_time(2026, 11, 2, 12, 0));
    env.scheduler.run_once();
    EXPECT_EQ(env.reminders_to(kCenter).size(), 1u);
    EXPECT_EQ(env.reminders_to(kSigner3).size(), 1u);  // holds the leader role
    EXPECT_NE(env.reminders_to(kCenter)[0].find("督促"), std::string::npos);
}

TEST(QuietHours, WrapAroundMidnight) {
    QuietHours q;  // 22:00-07:30
    EXPECT_TRUE(in_quiet_hours(from_china_time(2026, 1, 5, 23, 0), q));
    EXPECT_TRUE(in_quiet_hours(from_china_time(2026, 1, 5, 3, 0), q));
    EXPECT_FALSE(in_quiet_hours(from_china_time(2026, 1, 5, 7, 30), q));
    EXPECT_FALSE(in_quiet_hours(from_china_time(2026, 1, 5, 21, 59), q));
    EXPECT_EQ(end_of_quiet_hours(from_china_time(2026, 1, 5, 23, 0), q), from_china_time(2026, 1, 6, 7, 30));
    EXPECT_EQ(end_of_quiet_hours(from_china_time(2026, 1, 6, 3, 0), q), from_china_time(2026, 1, 6, 7, 30));
}

TEST(Reminders, ARedoSetsANewDeadlineVersionWithItsOwnReminders) {
    ReminderEnv env;  // dispatched 11-02 09:00: report due 11-05 09:00, feedback 11-07 09:00
    const auto id = env.ticket_in(State::center_review);
    env.clock.set(from_china_time(2026, 11, 3, 10, 0));
    const auto before = env.ticket(id).deadline_version;
    ASSERT_TRUE(env.act(Action::review_redo, id, kStaff, "答非所问").ok());
    const auto t = env.ticket(id);
    ASSERT_TRUE(t.redo_deadline.has_value());
    EXPECT_EQ(*t.redo_deadline, from_china_time(2026, 11, 6, 10, 0));  // 3 natural days by default
    EXPECT_EQ(t.deadline_version, before + 1);
    EXPECT_EQ(t.feedback_deadline, from_china_time(2026, 11, 7, 9, 0));  // unchanged: the first delivery's

    env.clock.set(from_china_time(2026, 11, 4, 9, 0));  // the old report_24h: never fires
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
    env.clock.set(from_china_time(2026, 11, 5, 10, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);
    auto texts = env.reminders_to(kHandler);
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_NE(texts[0].find("北京时间2026-11-06 10:00前重新提交（还有24小时）"), std::string::npos) << texts[0];
    env.clock.set(from_china_time(2026, 11, 6, 10, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 2);  // 2 h before (caught up) and at the redo deadline
    texts = env.reminders_to(kHandler);
    EXPECT_NE(texts.back().find("已到重办期限"), std::string::npos) << texts.back();
    env.clock.set(from_china_time(2026, 11, 7, 9, 0));  // the old feedback_due: never fires
    EXPECT_EQ(env.scheduler.run_once().fired, 0);
    env.clock.set(from_china_time(2026, 11, 7, 10, 0));
    EXPECT_EQ(env.scheduler.run_once().fired, 1);  // +24 h: the unit leader
    EXPECT_FALSE(env.reminders_to(kLeader).empty());
}

TEST(Reminders, ARedoAfterTheFeedbackDeadlineIsOverdueOnlyPastItsOwnDeadline) {
    DeadlinePolicy policy;
    policy.redo_days = 2;
    policy.redo_working_days = true;
    WorkflowEnv env(policy);
    const auto id = env.ticket_in(State::signoff);
    env.clock.set(from_china_time(2026, 11, 13, 9, 0));  // Friday, past the feedback deadline 11-07
    ASSERT_TRUE(env.act(Action::signoff_reject, id, kSigner1, "数据不准确").ok());
    EXPECT_EQ(*env.ticket(id).redo_deadline, from_china_time(2026, 11, 17, 9, 0));  // two working days: Mon, Tue
    auto overdue = [&](Instant now) {
        std::size_t n = 0;
        env.store->transact([&](StoreTx& tx) { n = tx.tickets().overdue(now, 10).size(); });
        return n;
    };
    EXPECT_EQ(overdue(from_china_time(2026, 11, 17, 8, 0)), 0u);
    EXPECT_EQ(overdue(from_china_time(2026, 11, 17, 10, 0)), 1u);
    // An extension asked for during the redo moves the redo deadline.
    env.clock.set(from_china_time(2026, 11, 16, 9, 0));
    ASSERT_TRUE(env.extension(id, 1).ok());
    ASSERT_TRUE(env.act(Action::approve_extension, id, kCenter).ok());
    EXPECT_EQ(*env.ticket(id).redo_deadline, from_china_time(2026, 11, 18, 9, 0));
    EXPECT_EQ(env.ticket(id).feedback_deadline, from_china_time(2026, 11, 7, 9, 0));
}

TEST(TimerKinds, EachKindHasOneRowAStoredIdThatRoundTripsAndAReminderNamingItsAnchor) {
    std::set<std::string_view> ids;
    for (const auto& k : timer_kinds()) {
        EXPECT_TRUE(ids.insert(k.id).second) << k.id;
        EXPECT_EQ(parse_timer_kind(k.id), k.kind);
        EXPECT_EQ(to_string(k.kind), k.id);
        if (k.anchor == Anchor::day) continue;  // the morning digest writes its own text
        EXPECT_EQ(fmt::format(fmt::runtime(k.text), "2026-12-01 09:00"), std::string(k.text).replace(k.text.find("{}"), 2, "2026-12-01 09:00"))
            << k.id;
        EXPECT_EQ(k.anchor == Anchor::received, k.claim_windows > 0) << k.id;
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(TimerKind::morning_digest) + 1);
    EXPECT_FALSE(parse_timer_kind("bench_1"));
    // Only the hotline's own escalations may break its quiet hours.
    for (const auto& k : timer_kinds()) {
        if (k.urgent) {
            EXPECT_EQ(k.audience, Audience::hotline_staff) << k.id;
        }
    }
}
