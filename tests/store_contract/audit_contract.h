#pragma once
#include <thread>
#include <vector>

#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class AuditContract : public StoreContract<Backend> {
protected:
    workflow::AuditEvent event(std::int64_t ticket, std::int64_t at, const std::string& action = "claim") {
        return workflow::AuditEvent{.ticket_id = ticket, .actor = "staff1", .action = action, .from_state = "received",
                                    .to_state = "claimed", .note = "", .at = workflow::from_unix(at),
                                    .unit_code = "zjj"};
    }
    // Walks the whole chain through the verifier; returns how many events it verified, or -1.
    std::int64_t verified() {
        workflow::AuditChainVerifier v;
        this->tx([&](workflow::StoreTx& tx) {
            v = {};
            tx.audit().for_each([&](const workflow::AuditEvent& e) { return v.feed(e); });
        });
        return v.first_break() ? -1 : v.verified();
    }
};
TYPED_TEST_SUITE_P(AuditContract);

using namespace workflow;

TYPED_TEST_P(AuditContract, AppendFillsTheChainAndReadsBackInOrder) {
    EXPECT_EQ(this->verified(), 0);
    const auto first = this->tx([&](StoreTx& tx) { return tx.audit().append(this->event(7, 100)); });
    EXPECT_EQ(first.seq, 1);
    EXPECT_EQ(first.prev_hash, kGenesisHash);
    EXPECT_EQ(first.hash_version, kAuditHashVersion);
    EXPECT_EQ(first.hash, audit_hash(first, kGenesisHash));
    const auto second = this->tx([&](StoreTx& tx) { return tx.audit().append(this->event(8, 200, "dispatch")); });
    EXPECT_EQ(second.seq, 2);
    EXPECT_EQ(second.prev_hash, first.hash);
    this->tx([&](StoreTx& tx) { tx.audit().append(this->event(7, 300, "accept")); });

    this->tx([&](StoreTx& tx) {
        const auto of7 = tx.audit().of(7);
        ASSERT_EQ(of7.size(), 2u);
        EXPECT_EQ(of7[0].seq, 1);
        EXPECT_EQ(of7[1].action, "accept");
        EXPECT_EQ(of7[1].unit_code, "zjj");
        EXPECT_EQ(of7[1].at, from_unix(300));
        EXPECT_TRUE(tx.audit().of(99).empty());
        const auto mid = tx.audit().between(from_unix(200), from_unix(300));  // half-open
        ASSERT_EQ(mid.size(), 1u);
        EXPECT_EQ(mid[0].seq, 2);
        int seen = 0;
        tx.audit().for_each([&](const AuditEvent&) { return ++seen < 2; });  // stops when told
        EXPECT_EQ(seen, 2);
    });
    EXPECT_EQ(this->verified(), 3);
}

TYPED_TEST_P(AuditContract, ARolledBackAppendLeavesNoGap) {
    this->tx([&](StoreTx& tx) { tx.audit().append(this->event(1, 100)); });
    EXPECT_THROW(this->tx([&](StoreTx& tx) {
        tx.audit().append(this->event(1, 200));
        throw std::runtime_error("refused later in the transaction");
    }),
                 std::runtime_error);
    const auto next = this->tx([&](StoreTx& tx) { return tx.audit().append(this->event(1, 300)); });
    EXPECT_EQ(next.seq, 2);
    EXPECT_EQ(this->verified(), 2);
}

TYPED_TEST_P(AuditContract, ConcurrentAppendersKeepOneChain) {
    constexpr int kThreads = 8, kEach = 25;
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            for (int j = 0; j < kEach; ++j)
                this->tx([&](StoreTx& tx) {
                    tx.audit().append(this->event(i + 1, 1000 + j));
                    tx.audit().append(this->event(i + 1, 1000 + j, "note"));  // two in one transaction
                });
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(this->verified(), kThreads * kEach * 2);
    this->tx([&](StoreTx& tx) {
        std::int64_t expected = 1;
        tx.audit().for_each([&](const AuditEvent& e) {
            EXPECT_EQ(e.seq, expected++);
            return true;
        });
        for (int i = 0; i < kThreads; ++i) EXPECT_EQ(tx.audit().of(i + 1).size(), 2u * kEach);
    });
}

REGISTER_TYPED_TEST_SUITE_P(AuditContract, AppendFillsTheChainAndReadsBackInOrder, ARolledBackAppendLeavesNoGap,
                            ConcurrentAppendersKeepOneChain);

}  // namespace hotline::testing
