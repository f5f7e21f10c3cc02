#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/support/test_env.h"

using namespace hotline::workflow;
using namespace hotline::testing;

namespace {

std::optional<ChainBreak> verify(Store& store, std::int64_t* verified = nullptr) {
    AuditChainVerifier v;
    store.transact([&](StoreTx& tx) { tx.audit().for_each([&](const AuditEvent& e) { return v.feed(e); }); });
    if (verified) *verified = v.verified();
    return v.first_break();
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
    tamper_with_store(env.dir.path(), tampering_sql);
    env.reopen_store();
    return verify(*env.store);
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

TEST(AuditChain, AnEventMovedToAnotherUnitIsFound) {
    // The rates count by unit: moving a dispatch to another unit is tampering with the figures.
    const auto b = break_after("UPDATE audit_events SET unit_code = 'other' WHERE action = 'dispatch'");
    ASSERT_TRUE(b.has_value());
    EXPECT_NE(b->reason.find("hash"), std::string::npos);
}

namespace {
// A chain as an older release wrote it (version 1, the unit outside the hash), then new events.
std::vector<AuditEvent> mixed_chain() {
    std::vector<AuditEvent> chain;
    std::string prev = kGenesisHash;
    for (int i = 1; i <= 4; ++i) {
        AuditEvent e{i, 7, "u", "claim", "received", "claimed", "n", from_unix(100 + i), prev, "", "zjj"};
        e.hash_version = i <= 2 ? 1 : kAuditHashVersion;
        e.hash = audit_hash(e, prev);
        prev = e.hash;
        chain.push_back(e);
    }
    return chain;
}

std::optional<ChainBreak> verify_events(const std::vector<AuditEvent>& events) {
    AuditChainVerifier v;
    for (const auto& e : events)
        if (!v.feed(e)) break;
    return v.first_break();
}
}  // namespace

TEST(AuditChain, ChainsWrittenBeforeTheUnitWasHashedStillVerifyAndNewEventsCoverIt) {
    auto chain = mixed_chain();
    EXPECT_FALSE(verify_events(chain).has_value());

    auto old_unit_changed = chain;
    old_unit_changed[1].unit_code = "other";  // version 1 never covered it
    EXPECT_FALSE(verify_events(old_unit_changed).has_value());

    auto new_unit_changed = chain;
    new_unit_changed[2].unit_code = "other";
    ASSERT_TRUE(verify_events(new_unit_changed).has_value());
    EXPECT_EQ(verify_events(new_unit_changed)->seq, 3);

    // Re-labelling a new event as version 1 to escape the unit check breaks the chain there.
    auto downgraded = chain;
    downgraded[3].hash_version = 1;
    downgraded[3].hash = audit_hash(downgraded[3], downgraded[3].prev_hash);
    ASSERT_TRUE(verify_events(downgraded).has_value());
    EXPECT_EQ(verify_events(downgraded)->seq, 4);
}

TEST(AuditChain, AStoreMigratedFromVersion1KeepsItsOldEventsAndHashesNewOnesWithTheUnit) {
    // Migration 11 is SQLite's: PostgreSQL stores began after it.
    WorkflowEnv env({}, &SqliteBackend::open);
    env.ticket_in(State::handling);
    // What migration 11 leaves behind on a store an older release wrote: every event version 1,
    // hashed without the unit. Rewritten through a second connection while the store is idle.
    {
        auto chain_path = env.dir / "hotline.db";
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(chain_path.c_str(), &h), SQLITE_OK);
        std::vector<AuditEvent> events;
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(h, "SELECT seq, ticket_id, actor, action, from_state, to_state, note, at FROM audit_events ORDER BY seq", -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            AuditEvent e;
            e.seq = sqlite3_column_int64(st, 0);
            e.ticket_id = sqlite3_column_int64(st, 1);
            e.actor = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
            e.action = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
            e.from_state = reinterpret_cast<const char*>(sqlite3_column_text(st, 4));
            e.to_state = reinterpret_cast<const char*>(sqlite3_column_text(st, 5));
            e.note = reinterpret_cast<const char*>(sqlite3_column_text(st, 6));
            e.at = from_unix(sqlite3_column_int64(st, 7));
            events.push_back(e);
        }
        sqlite3_finalize(st);
        std::string prev = kGenesisHash;
        for (auto& e : events) {
            e.hash_version = 1;
            e.hash = audit_hash(e, prev);
            sqlite3_prepare_v2(h, "UPDATE audit_events SET hash_version = 1, prev_hash = ?1, hash = ?2 WHERE seq = ?3", -1, &st, nullptr);
            sqlite3_bind_text(st, 1, prev.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, e.hash.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, e.seq);
            ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
            sqlite3_finalize(st);
            prev = e.hash;
        }
        sqlite3_close(h);
    }
    const auto id = env.ticket_in(State::handling);
    std::int64_t verified = 0;
    EXPECT_FALSE(verify(*env.store, &verified).has_value());
    std::vector<AuditEvent> trail;
    env.store->transact([&](StoreTx& tx) { trail = tx.audit().of(id); });
    ASSERT_FALSE(trail.empty());
    EXPECT_EQ(trail.back().hash_version, kAuditHashVersion);
    EXPECT_GT(verified, static_cast<std::int64_t>(trail.size()));
}
