#pragma once
#include <atomic>
#include <thread>
#include <vector>

#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class InboxContract : public StoreContract<Backend> {
protected:
    static workflow::InboxEntry entry(const std::string& key, std::int64_t at, const std::string& channel = "wecom") {
        return workflow::InboxEntry{.channel = channel, .dedup_key = key, .payload = "{}",
                                    .received_at = workflow::from_unix(at)};
    }
};
TYPED_TEST_SUITE_P(InboxContract);

using namespace workflow;

TYPED_TEST_P(InboxContract, AnEntryIsStoredOncePerChannelAndKey) {
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.inbox().fresh(10).empty());
        EXPECT_TRUE(tx.inbox().counts_by_state().empty());
        EXPECT_TRUE(tx.inbox().insert(this->entry("m1", 100)));
        EXPECT_FALSE(tx.inbox().insert(this->entry("m1", 101)));
        EXPECT_TRUE(tx.inbox().insert(this->entry("m1", 102, "sms_tencent")));
        const auto e = tx.inbox().by_key("wecom", "m1");
        ASSERT_TRUE(e.has_value());
        EXPECT_EQ(e->received_at, from_unix(100));
        EXPECT_EQ(e->payload, "{}");
        EXPECT_EQ(e->state, "new");
        EXPECT_FALSE(tx.inbox().by_key("wecom", "m2").has_value());
    });
}

TYPED_TEST_P(InboxContract, ClaimThenFinish) {
    const auto ids = this->tx([&](StoreTx& tx) {
        std::vector<std::int64_t> out;
        for (const char* k : {"a", "b", "c"}) {
            tx.inbox().insert(this->entry(k, 100));
            out.push_back(tx.inbox().by_key("wecom", k)->id);
        }
        return out;
    });
    this->tx([&](StoreTx& tx) {
        const auto fresh = tx.inbox().fresh(10);
        ASSERT_EQ(fresh.size(), 3u);
        EXPECT_EQ(fresh[0].id, ids[0]);  // oldest first
        EXPECT_EQ(tx.inbox().fresh(2).size(), 2u);

        const auto claimed = tx.inbox().claim(ids[0]);
        ASSERT_TRUE(claimed.has_value());
        EXPECT_EQ(claimed->dedup_key, "a");
        EXPECT_FALSE(tx.inbox().claim(ids[0]).has_value());  // taken already
        tx.inbox().finish(ids[0], "done", "");
        EXPECT_FALSE(tx.inbox().claim(ids[0]).has_value());  // handled
        EXPECT_FALSE(tx.inbox().claim(ids[2] + 100).has_value());  // no such entry
        ASSERT_TRUE(tx.inbox().claim(ids[1]).has_value());
        tx.inbox().finish(ids[1], "failed", "boom");
    });
    // A claim rolled back with its transaction leaves the entry new.
    EXPECT_ANY_THROW(this->tx([&](StoreTx& tx) {
        ASSERT_TRUE(tx.inbox().claim(ids[2]).has_value());
        throw std::runtime_error("handler failed");
    }));
    this->tx([&](StoreTx& tx) {
        const auto fresh = tx.inbox().fresh(10);
        ASSERT_EQ(fresh.size(), 1u);
        EXPECT_EQ(fresh[0].id, ids[2]);
        EXPECT_EQ(tx.inbox().by_key("wecom", "b")->state, "failed");
        EXPECT_EQ(tx.inbox().counts_by_state(),
                  (std::map<std::pair<std::string, std::string>, std::int64_t>{
                      {{"wecom", "done"}, 1}, {{"wecom", "failed"}, 1}, {{"wecom", "new"}, 1}}));
    });
}

TYPED_TEST_P(InboxContract, ConcurrentWorkersClaimEachEntryOnce) {
    constexpr int kEntries = 60, kWorkers = 6;
    const auto ids = this->tx([&](StoreTx& tx) {
        std::vector<std::int64_t> out;
        for (int i = 0; i < kEntries; ++i) {
            tx.inbox().insert(this->entry("k" + std::to_string(i), 100));
            out.push_back(tx.inbox().by_key("wecom", "k" + std::to_string(i))->id);
        }
        return out;
    });
    std::atomic<int> claims{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < kWorkers; ++w)
        workers.emplace_back([&] {
            for (const auto id : ids) {
                // Counted once committed: a transaction the store runs again claims again.
                bool claimed = false;
                this->tx([&](StoreTx& tx) {
                    claimed = false;
                    if (!tx.inbox().claim(id)) return;
                    tx.inbox().finish(id, "done", "");
                    claimed = true;
                });
                claims += claimed ? 1 : 0;
            }
        });
    for (auto& t : workers) t.join();
    EXPECT_EQ(claims.load(), kEntries);
    this->tx([&](StoreTx& tx) { EXPECT_EQ(tx.inbox().counts_by_state().at({"wecom", "done"}), kEntries); });
}

TYPED_TEST_P(InboxContract, ConcurrentInsertsOfOneKeyStoreOne) {
    constexpr int kThreads = 8;
    std::atomic<int> stored{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            bool mine = false;  // as committed: a transaction run again inserts again
            this->tx([&](StoreTx& tx) { mine = tx.inbox().insert(this->entry("same", 100)); });
            stored += mine ? 1 : 0;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(stored.load(), 1);
}

REGISTER_TYPED_TEST_SUITE_P(InboxContract, AnEntryIsStoredOncePerChannelAndKey, ClaimThenFinish,
                            ConcurrentWorkersClaimEachEntryOnce, ConcurrentInsertsOfOneKeyStoreOne);

template <class Backend>
class OutboxContract : public StoreContract<Backend> {
protected:
    static workflow::OutboxMessage message(const std::string& key, std::int64_t due, std::int64_t ticket = 0,
                                           workflow::OutboxPurpose purpose = workflow::OutboxPurpose::notification) {
        return workflow::OutboxMessage{.channel = "person", .recipient = "handler", .dedup_key = key, .kind = "text",
                                       .payload = "{\"text\":\"您有新工单\"}", .ticket_id = ticket,
                                       .next_attempt_at = workflow::from_unix(due), .purpose = purpose};
    }
};
TYPED_TEST_SUITE_P(OutboxContract);

TYPED_TEST_P(OutboxContract, EnqueueOnceAndDueAnswersFirst) {
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.outbox().due(from_unix(1'000'000), 10, "").empty());
        EXPECT_TRUE(tx.outbox().dead_letters(10).empty());
        EXPECT_TRUE(tx.outbox().counts_by_state().empty());
        EXPECT_FALSE(tx.outbox().id_of("n1").has_value());
        EXPECT_TRUE(tx.outbox().enqueue(this->message("n1", 100, 5)));
        EXPECT_FALSE(tx.outbox().enqueue(this->message("n1", 100, 5)));
        EXPECT_TRUE(tx.outbox().enqueue(this->message("n2", 50, 5)));
        EXPECT_TRUE(tx.outbox().enqueue(this->message("a1", 150, 0, OutboxPurpose::answer)));
        EXPECT_TRUE(tx.outbox().enqueue(this->message("later", 500, 6)));
        const auto due = tx.outbox().due(from_unix(200), 10, "");
        ASSERT_EQ(due.size(), 3u);
        EXPECT_EQ(due[0].dedup_key, "a1");  // answers first
        EXPECT_EQ(due[1].dedup_key, "n2");  // then the oldest due
        EXPECT_EQ(due[2].dedup_key, "n1");
        EXPECT_EQ(due[2].payload, "{\"text\":\"您有新工单\"}");
        EXPECT_EQ(due[2].purpose, OutboxPurpose::notification);
        EXPECT_FALSE(due[2].interrupted);
        EXPECT_EQ(tx.outbox().due(from_unix(200), 1, "").size(), 1u);
        const auto of5 = tx.outbox().of(5);
        ASSERT_EQ(of5.size(), 2u);
        EXPECT_EQ(of5[0].dedup_key, "n1");  // in the order enqueued
        EXPECT_EQ(tx.outbox().id_of("n1"), of5[0].id);
    });
}

TYPED_TEST_P(OutboxContract, AttemptsOutcomesAndDeadLetters) {
    this->tx([&](StoreTx& tx) {
        for (const char* k : {"sent", "parts", "merged", "retry", "dead"}) tx.outbox().enqueue(this->message(k, 100, 1));
    });
    this->tx([&](StoreTx& tx) {
        const auto id = [&](const std::string& key) { return *tx.outbox().id_of(key); };
        tx.outbox().claim(id("sent"), from_unix(110), "a", from_unix(150));
        tx.outbox().claim(id("parts"), from_unix(110), "a", from_unix(150));
        tx.outbox().sent(id("sent"), from_unix(111));
        tx.outbox().part_sent(id("parts"), 2);
        tx.outbox().merged(id("merged"), id("sent"), from_unix(112));
        tx.outbox().reschedule(id("retry"), 1, from_unix(400), "busy");
        tx.outbox().dead(id("dead"), 3, "invalid userid", from_unix(113));
    });
    this->tx([&](StoreTx& tx) {
        const auto due = tx.outbox().due(from_unix(200), 10, "");
        ASSERT_EQ(due.size(), 1u);
        EXPECT_EQ(due[0].dedup_key, "parts");
        EXPECT_EQ(due[0].parts_sent, 2);
        EXPECT_TRUE(due[0].interrupted);  // claimed and never recorded: the part in flight may have shown
        const auto retry = tx.outbox().due(from_unix(400), 10, "");
        ASSERT_EQ(retry.size(), 2u);
        EXPECT_EQ(retry[1].dedup_key, "retry");
        EXPECT_EQ(retry[1].attempts, 1);
        EXPECT_EQ(retry[1].last_error, "busy");
        EXPECT_FALSE(retry[1].interrupted);

        const auto dead = tx.outbox().dead_letters(10);
        ASSERT_EQ(dead.size(), 1u);
        EXPECT_EQ(dead[0].last_error, "invalid userid");
        EXPECT_EQ(dead[0].attempts, 3);
        EXPECT_EQ(tx.outbox().counts_by_state(),
                  (std::map<std::pair<std::string, std::string>, std::int64_t>{
                      {{"person", "dead"}, 1}, {{"person", "merged"}, 1}, {{"person", "pending"}, 2},
                      {{"person", "sent"}, 1}}));
        EXPECT_FALSE(tx.outbox().requeue_dead_letter(*tx.outbox().id_of("sent"), from_unix(500)));  // not dead
        EXPECT_TRUE(tx.outbox().requeue_dead_letter(dead[0].id, from_unix(500)));
        EXPECT_FALSE(tx.outbox().requeue_dead_letter(dead[0].id, from_unix(500)));
        const auto again = tx.outbox().due(from_unix(500), 10, "");
        ASSERT_EQ(again.size(), 3u);
        EXPECT_EQ(again[2].dedup_key, "dead");
        EXPECT_EQ(again[2].attempts, 0);
    });
}

TYPED_TEST_P(OutboxContract, AClaimKeepsOtherInstancesOffUntilItsLeaseEnds) {
    this->tx([&](StoreTx& tx) { tx.outbox().enqueue(this->message("m", 100, 1)); });
    const auto id = this->tx([&](StoreTx& tx) { return *tx.outbox().id_of("m"); });
    this->tx([&](StoreTx& tx) { tx.outbox().claim(id, from_unix(110), "a", from_unix(700)); });
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.outbox().due(from_unix(200), 10, "b").empty());  // a is sending it
        const auto own = tx.outbox().due(from_unix(200), 10, "a");        // a restarted: its own claim
        ASSERT_EQ(own.size(), 1u);
        EXPECT_TRUE(own[0].interrupted);
        const auto taken_over = tx.outbox().due(from_unix(700), 10, "b");  // a's lease is over
        ASSERT_EQ(taken_over.size(), 1u);
        EXPECT_TRUE(taken_over[0].interrupted);
        tx.outbox().claim(id, from_unix(700), "b", from_unix(1300));
        EXPECT_TRUE(tx.outbox().due(from_unix(800), 10, "a").empty());
        tx.outbox().reschedule(id, 1, from_unix(900), "busy");  // b recorded it: no claim left
        const auto free = tx.outbox().due(from_unix(900), 10, "c");
        ASSERT_EQ(free.size(), 1u);
        EXPECT_FALSE(free[0].interrupted);
    });
}

TYPED_TEST_P(OutboxContract, ACallbackNonceIsRememberedOnceWithItsFirstDigest) {
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.nonces().remember("1700000000:n1", "d1", from_unix(100)).has_value());
        EXPECT_EQ(tx.nonces().remember("1700000000:n1", "d1", from_unix(101)), "d1");  // WeCom's retry
        EXPECT_EQ(tx.nonces().remember("1700000000:n1", "d2", from_unix(102)), "d1");  // a replay
        EXPECT_FALSE(tx.nonces().remember("1700000000:n2", "d3", from_unix(200)).has_value());
        tx.nonces().forget_before(from_unix(150));
        EXPECT_FALSE(tx.nonces().remember("1700000000:n1", "d4", from_unix(300)).has_value());
        EXPECT_EQ(tx.nonces().remember("1700000000:n2", "d5", from_unix(300)), "d3");
    });
    constexpr int kThreads = 8;
    std::atomic<int> first{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            bool mine = false;  // assigned, not counted, inside: a backend may run the transaction again
            this->tx([&](StoreTx& tx) { mine = !tx.nonces().remember("k", "d" + std::to_string(i), from_unix(400)); });
            if (mine) ++first;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(first.load(), 1);
}

TYPED_TEST_P(OutboxContract, ConcurrentEnqueuesOfOneKeyKeepOne) {
    constexpr int kThreads = 8;
    std::atomic<int> enqueued{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            bool mine = false;  // as committed: a transaction run again enqueues again
            this->tx([&](StoreTx& tx) { mine = tx.outbox().enqueue(this->message("same", 100)); });
            enqueued += mine ? 1 : 0;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(enqueued.load(), 1);
}

TYPED_TEST_P(OutboxContract, DeliveriesPaceByRecipient) {
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.deliveries().since("wecom", "h1", from_unix(0)).empty());
        tx.deliveries().record("wecom", "h1", 3, from_unix(100));
        tx.deliveries().record("wecom", "h1", 1, from_unix(200));
        tx.deliveries().record("wecom", "h2", 1, from_unix(200));
        tx.deliveries().record("sms", "h1", 1, from_unix(200));
        EXPECT_EQ(tx.deliveries().since("wecom", "h1", from_unix(0)),
                  (std::vector<Instant>{from_unix(100), from_unix(100), from_unix(100), from_unix(200)}));
        EXPECT_EQ(tx.deliveries().since("wecom", "h1", from_unix(100)).size(), 1u);  // strictly after
        tx.deliveries().forget_before(from_unix(200));
        EXPECT_EQ(tx.deliveries().since("wecom", "h1", from_unix(0)), (std::vector<Instant>{from_unix(200)}));
    });
}

REGISTER_TYPED_TEST_SUITE_P(OutboxContract, EnqueueOnceAndDueAnswersFirst, AttemptsOutcomesAndDeadLetters,
                            AClaimKeepsOtherInstancesOffUntilItsLeaseEnds,
                            ACallbackNonceIsRememberedOnceWithItsFirstDigest, ConcurrentEnqueuesOfOneKeyKeepOne,
                            DeliveriesPaceByRecipient);

}  // namespace hotline::testing
