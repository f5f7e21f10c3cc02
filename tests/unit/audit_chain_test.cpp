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
    AuditEvent e{1, 2, "u", "claim", "received", "claimed", "note", from_unix(10), kGenesisHash, ""};
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

TEST(AuditChain, AnEditedEventIsTheFirstBrokenLink) {
    WorkflowEnv env;
    env.ticket_in(State::handling);
    env.store.reset();  // close before editing the file behind its back
    tamper(env.dir / "hotline.db", "UPDATE audit_events SET actor = 'someone_else' WHERE seq = 3");
    SqliteStore store((env.dir / "hotline.db").string());
    const auto b = verify(store);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->seq, 3);
    EXPECT_NE(b->reason.find("hash"), std::string::npos);
}

TEST(AuditChain, ADeletedEventIsFound) {
    WorkflowEnv env;
    env.ticket_in(State::handling);
    env.store.reset();
    tamper(env.dir / "hotline.db", "DELETE FROM audit_events WHERE seq = 2");
    SqliteStore store((env.dir / "hotline.db").string());
    const auto b = verify(store);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->seq, 3);
}

TEST(AuditChain, ARewrittenHashBreaksTheNextLink) {
    WorkflowEnv env;
    env.ticket_in(State::handling);
    env.store.reset();
    // A forger who recomputes nothing but the row's own hash still breaks the following link.
    tamper(env.dir / "hotline.db", "UPDATE audit_events SET hash = '00' || substr(hash, 3) WHERE seq = 2");
    SqliteStore store((env.dir / "hotline.db").string());
    const auto b = verify(store);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->seq, 2);
}
