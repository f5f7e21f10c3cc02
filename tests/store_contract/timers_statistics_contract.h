#pragma once
#include <atomic>
#include <thread>
#include <vector>

#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class TimerContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(TimerContract);

using namespace workflow;

TYPED_TEST_P(TimerContract, TimersAreArmedOnceDueFinishedAndCancelled) {
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.timers().due(from_unix(1'000'000), 10).empty());
        tx.timers().schedule(Timer{.ticket_id = 1, .kind = TimerKind::feedback_due, .due_at = from_unix(300), .deadline_version = 1});
        tx.timers().schedule(Timer{.ticket_id = 1, .kind = TimerKind::feedback_due, .due_at = from_unix(999), .deadline_version = 1});
        tx.timers().schedule(Timer{.ticket_id = 1, .kind = TimerKind::report_24h, .due_at = from_unix(100), .deadline_version = 1});
        tx.timers().schedule(Timer{.ticket_id = 2, .kind = TimerKind::feedback_due, .due_at = from_unix(200), .deadline_version = 1});
        const auto due = tx.timers().due(from_unix(300), 10);
        ASSERT_EQ(due.size(), 3u);  // the second arming of (1, feedback_due, 1) was kept out
        EXPECT_EQ(due[0].kind, TimerKind::report_24h);  // the earliest first
        EXPECT_EQ(due[1].ticket_id, 2);
        EXPECT_EQ(due[2].due_at, from_unix(300));
        EXPECT_EQ(due[2].deadline_version, 1);
        EXPECT_EQ(due[2].state, "pending");
        EXPECT_EQ(tx.timers().due(from_unix(300), 2).size(), 2u);

        tx.timers().finish(due[0].id, "fired", from_unix(100));
        tx.timers().reschedule(due[1].id, from_unix(500));
        EXPECT_EQ(tx.timers().due(from_unix(300), 10).size(), 1u);
        tx.timers().cancel_of(1);
        EXPECT_TRUE(tx.timers().due(from_unix(400), 10).empty());
        const auto moved = tx.timers().due(from_unix(500), 10);
        ASSERT_EQ(moved.size(), 1u);
        EXPECT_EQ(moved[0].ticket_id, 2);
        tx.timers().reschedule(due[0].id, from_unix(600));  // fired: stays fired
        EXPECT_EQ(tx.timers().due(from_unix(600), 10).size(), 1u);
        // A new deadline version is a new timer.
        tx.timers().schedule(Timer{.ticket_id = 1, .kind = TimerKind::feedback_due, .due_at = from_unix(700), .deadline_version = 2});
        EXPECT_EQ(tx.timers().due(from_unix(700), 10).size(), 2u);
    });
}

TYPED_TEST_P(TimerContract, AScheduledRunIsClaimedOnceEvenConcurrently) {
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.schedule().run_done("weekly:2026-W48"));
        EXPECT_TRUE(tx.schedule().claim_run("weekly:2026-W48", from_unix(100)));
        EXPECT_FALSE(tx.schedule().claim_run("weekly:2026-W48", from_unix(200)));
        EXPECT_TRUE(tx.schedule().run_done("weekly:2026-W48"));
        EXPECT_FALSE(tx.schedule().run_done("weekly:2026-W49"));
    });
    constexpr int kThreads = 8;
    std::atomic<int> claimed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            bool mine = false;  // as committed: a transaction run again claims again
            this->tx([&](StoreTx& tx) { mine = tx.schedule().claim_run("monthly:2026-11", from_unix(300)); });
            claimed += mine ? 1 : 0;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(claimed.load(), 1);
}

REGISTER_TYPED_TEST_SUITE_P(TimerContract, TimersAreArmedOnceDueFinishedAndCancelled,
                            AScheduledRunIsClaimedOnceEvenConcurrently);

template <class Backend>
class StatisticsContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(StatisticsContract);

TYPED_TEST_P(StatisticsContract, APeriodsDueTicketsEventsAndIntake) {
    const auto a = this->ticket("R-1", 100);
    const auto b = this->ticket("R-2", 200);
    const auto c = this->ticket("R-3", 300);
    this->ticket("R-4", 400);  // never dispatched: not due anywhere
    this->place(a, State::replied, "zjj", 10'000);
    this->place(b, State::handling, "jyj", 20'000);
    this->place(c, State::handling, "zjj", 30'000);  // outside the period
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.statistics().tickets_due_between(from_unix(0), from_unix(100)).empty());
        EXPECT_TRUE(tx.statistics().audit_counts_between(from_unix(0), from_unix(100)).empty());
        EXPECT_EQ(tx.statistics().tickets_received_between(from_unix(0), from_unix(100)), 0);
        // a's unit approved twice after dispatch: delivered at the first.
        for (const std::int64_t at : {9'500, 9'700})
            tx.audit().append(AuditEvent{.ticket_id = a, .actor = "leader", .action = "unit_approve",
                                         .from_state = "unit_review", .to_state = "unit_approved", .at = from_unix(at),
                                         .unit_code = "zjj"});
        tx.audit().append(AuditEvent{.ticket_id = b, .actor = "handler", .action = "accept", .from_state = "dispatched",
                                     .to_state = "handling", .at = from_unix(15'000), .unit_code = "jyj"});
        auto s = Survey{.ticket_id = a, .phone_hash = "p", .state = SurveyState::recorded, .created_at = from_unix(9'800)};
        s.id = tx.surveys().insert(s);
        s.satisfaction = Satisfaction::satisfied;
        s.resolution = Resolution::solved;
        tx.surveys().update(s);

        const auto due = tx.statistics().tickets_due_between(from_unix(10'000), from_unix(30'000));  // half-open
        ASSERT_EQ(due.size(), 2u);
        EXPECT_EQ(due[0].ticket_id, a);
        EXPECT_EQ(due[0].unit_code, "zjj");
        EXPECT_EQ(due[0].title, "标题R-1");
        EXPECT_EQ(due[0].feedback_deadline, from_unix(10'000));
        EXPECT_EQ(due[0].delivered_at, from_unix(9'500));
        EXPECT_EQ(due[0].satisfaction, Satisfaction::satisfied);
        EXPECT_EQ(due[0].resolution, Resolution::solved);
        EXPECT_EQ(due[0].survey_state, SurveyState::recorded);
        EXPECT_EQ(due[1].ticket_id, b);
        EXPECT_FALSE(due[1].delivered_at.has_value());
        EXPECT_FALSE(due[1].survey_state.has_value());
        EXPECT_FALSE(due[1].satisfaction.has_value());

        EXPECT_EQ(tx.statistics().audit_counts_between(from_unix(9'000), from_unix(20'000)),
                  (std::map<std::pair<std::string, std::string>, std::int64_t>{{{"zjj", "unit_approve"}, 2},
                                                                                {{"jyj", "accept"}, 1}}));
        EXPECT_EQ(tx.statistics().tickets_received_between(from_unix(100), from_unix(400)), 3);
    });
}

REGISTER_TYPED_TEST_SUITE_P(StatisticsContract, APeriodsDueTicketsEventsAndIntake);

template <class Backend>
class TransactionContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(TransactionContract);

TYPED_TEST_P(TransactionContract, AFailedTransactionLeavesNoTraceAndOthersCommit) {
    struct Refused : std::runtime_error {
        using std::runtime_error::runtime_error;
    };
    EXPECT_THROW(this->tx([&](StoreTx& tx) {
        tx.directory().upsert_unit(Unit{"gone", "不留痕迹", {}});
        tx.outbox().enqueue(OutboxMessage{.channel = "person", .recipient = "x", .dedup_key = "gone", .kind = "text",
                                          .payload = "{}", .next_attempt_at = from_unix(1)});
        throw Refused("the caller's own exception type reaches it");
    }),
                 Refused);
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] {
            try {
                this->tx([&](StoreTx& tx) {
                    tx.directory().upsert_unit(Unit{"u" + std::to_string(i), "单位", {}});
                    if (i % 2) throw std::runtime_error("odd ones fail");
                });
            } catch (const std::runtime_error&) {
                ++failed;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed.load(), 4);
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.directory().unit("gone").has_value());
        EXPECT_FALSE(tx.outbox().id_of("gone").has_value());
        EXPECT_EQ(tx.directory().units().size(), 4u);
    });
}

TYPED_TEST_P(TransactionContract, CommittedWorkSurvivesARestart) {
    const auto id = this->ticket("R-1", 100);
    this->reopen();
    this->tx([&](StoreTx& tx) { EXPECT_EQ(tx.tickets().find(id)->source_id, "R-1"); });
    EXPECT_GT(this->store().schema_version(), 0);
}

TYPED_TEST_P(TransactionContract, AFailedSavepointIsUndoneAndTheTransactionGoesOn) {
    this->tx([&](StoreTx& tx) {
        tx.directory().upsert_unit(Unit{"before", "之前", {}});
        EXPECT_THROW(tx.savepoint([&] {
            tx.directory().upsert_unit(Unit{"inside", "撤销", {}});
            EXPECT_TRUE(tx.inbox().insert(InboxEntry{.channel = "wecom", .dedup_key = "k", .payload = "{}",
                                                     .received_at = from_unix(1)}));
            throw std::runtime_error("this piece fails");
        }),
                     std::runtime_error);
        EXPECT_FALSE(tx.directory().unit("inside").has_value());
        // The key is free again: the insert was undone, not just hidden.
        tx.savepoint([&] {
            EXPECT_TRUE(tx.inbox().insert(InboxEntry{.channel = "wecom", .dedup_key = "k", .payload = "{}",
                                                     .received_at = from_unix(2)}));
        });
        tx.savepoint([&] { tx.savepoint([&] { tx.directory().upsert_unit(Unit{"nested", "嵌套", {}}); }); });
    });
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.directory().unit("before").has_value());
        EXPECT_TRUE(tx.directory().unit("nested").has_value());
        EXPECT_FALSE(tx.directory().unit("inside").has_value());
        EXPECT_EQ(tx.inbox().by_key("wecom", "k")->received_at, from_unix(2));
    });
}

REGISTER_TYPED_TEST_SUITE_P(TransactionContract, AFailedTransactionLeavesNoTraceAndOthersCommit,
                            CommittedWorkSurvivesARestart, AFailedSavepointIsUndoneAndTheTransactionGoesOn);

}  // namespace hotline::testing
