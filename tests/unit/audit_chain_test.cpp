#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/support/test_env.h"

using namespace hotline::workflow;
using namespace hotline::testing;

namespace {

std::optional<ChainBreak> verify(Store& store, std::int64_t* verified = nullptr) {
    AuditChainVerifier v;
    store.transact([&](StoreTx& tx) { tx.for_each_audit([&](const AuditEvent& e) { return v.feed(e); }); });
    if (verified) *verified = v.verified();
    return v.first_break();
}

void tamper(const std::filesystem::path& db, const char* sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(h, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
}

}  // namespace

TEST(AuditChain, EveryActionAppendsALinkAndTheChainVerifies) {
    WorkflowEnv env;
    env.ticket_in(State::archived);
    std::int64_t n = 0;
    EXPECT_FALSE(verify(*env.store, &n).has_value());
    EXPECT_EQ(n, 16);  // receive + 15 actions
}

TEST(AuditChain, TheHashCoversEveryField) {
    AuditEvent e{1, 2, "u", "claim", "received", "claimed", "note", from_unix(10), kGenesisHash, "", ""};
    const auto h = audit_hash(e, kGenesisHash);
    EXPECT_EQ(h.size(), 64u);
    auto changed = e;
    changed.note = "Note";
    EXPECT_NE(audit_hash(changed, kGenesisHash), h);
    changed = e;
    changed.at = from_unix(11);
    EXPECT_NE(audit_hash(changed, kGenesisHash), h);
    changed = e;
    changed.actor = "v";
    EXPECT_NE(audit_hash(changed, kGenesisHash), h);
}

// Drives one ticket to handling, edits the closed database behind the store's back, and
// returns the first break the verifier finds.
std::optional<ChainBreak> break_after(const char* tampering_sql) {
    WorkflowEnv env;
    env.ticket_in(State::handling);
    env.store.reset();
    tamper(env.dir / "hotline.db", tampering_sql);
    SqliteStore store((env.dir / "hotline.db").string());
    return verify(store);
}

TEST(AuditChain, AnEditedEventIsTheFirstBrokenLink) {
    const auto b = break_after("UPDATE audit_events SET actor = 'someone_else' WHERE seq = 3");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->seq, 3);
    EXPECT_NE(b->reason.find("hash"), std::string::npos);
}

TEST(AuditChain, ADeletedEventIsFound) {
    const auto b = break_after("DELETE FROM audit_events WHERE seq = 2");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->seq, 3);
    EXPECT_NE(b->reason.find("gap"), std::string::npos);
}

TEST(AuditChain, ARewrittenHashIsFound) {
    // A forger who changes a row's stored hash breaks that row's own check.
    const auto b = break_after("UPDATE audit_events SET hash = '00' || substr(hash, 3) WHERE seq = 2");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->seq, 2);
}
