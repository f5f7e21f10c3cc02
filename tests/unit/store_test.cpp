#include <gtest/gtest.h>
#include <sqlite3.h>

#include <thread>

#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"
#include "workflow/store/sqlite/migrations.h"

using namespace hotline::workflow;
using namespace hotline::testing;

namespace {

NewTicket sample(const std::string& source_id) {
    NewTicket t;
    t.source = "hotline12345";
    t.source_id = source_id;
    t.title = "噪音扰民";
    t.content = "夜间施工";
    t.received_at = from_china_time(2026, 11, 2, 9);
    return t;
}

void raw_exec(const std::filesystem::path& db, const char* sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(h, sql, nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
}

}  // namespace

TEST(Store, OpensInWalModeWithFullSynchronousAndTheLatestSchema) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    const auto d = store.durability();
    EXPECT_EQ(d.journal_mode, "wal");
    EXPECT_EQ(d.synchronous, 2);
    EXPECT_EQ(store.schema_version(), latest_schema_version());
}

TEST(Store, ReopeningKeepsDataAndDoesNotReapplyMigrations) {
    TempDir dir;
    const auto path = (dir / "s.db").string();
    std::int64_t id = 0;
    {
        SqliteStore store(path);
        store.transact([&](StoreTx& tx) { id = tx.tickets().insert(sample("A-1")); });
    }
    SqliteStore again(path);
    again.transact([&](StoreTx& tx) {
        const auto t = tx.tickets().find(id);
        ASSERT_TRUE(t.has_value());
        EXPECT_EQ(t->title, "噪音扰民");
        EXPECT_EQ(t->state, State::received);
    });
}

TEST(Store, RefusesADatabaseFromANewerVersion) {
    TempDir dir;
    const auto path = dir / "s.db";
    { SqliteStore store(path.string()); }
    raw_exec(path, "INSERT INTO schema_migrations(version, description, applied_at) VALUES(99, 'future', 0)");
    EXPECT_THROW(SqliteStore{path.string()}, std::runtime_error);
}

TEST(Store, InboxAndOutboxKeepOneEntryPerDedupKey) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    store.transact([&](StoreTx& tx) {
        InboxEntry e{0, "wecom", "msg-1", "<xml/>", from_unix(1), "new"};
        EXPECT_TRUE(tx.inbox().insert(e));
        EXPECT_FALSE(tx.inbox().insert(e));
        e.channel = "sms_tencent";  // the key is per channel
        EXPECT_TRUE(tx.inbox().insert(e));
        OutboxMessage m;
        m.channel = "wecom";
        m.recipient = "u1";
        m.dedup_key = "audit:1:u1";
        m.kind = "text";
        m.payload = "hello";
        m.ticket_id = 7;
        EXPECT_TRUE(tx.outbox().enqueue(m));
        EXPECT_FALSE(tx.outbox().enqueue(m));
        EXPECT_EQ(tx.outbox().of(7).size(), 1u);
    });
}

TEST(Store, TimersAreUniquePerKindAndDeadlineVersion) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    store.transact([&](StoreTx& tx) {
        tx.timers().schedule(Timer{.ticket_id = 5, .kind = TimerKind::feedback_due, .due_at = from_unix(100), .deadline_version = 1});
        tx.timers().schedule(Timer{.ticket_id = 5, .kind = TimerKind::feedback_due, .due_at = from_unix(200), .deadline_version = 1});
        tx.timers().schedule(Timer{.ticket_id = 5, .kind = TimerKind::feedback_due, .due_at = from_unix(300), .deadline_version = 2});
        EXPECT_EQ(pending_timers_of(tx, 5).size(), 2u);
        tx.timers().cancel_of(5);
        EXPECT_TRUE(pending_timers_of(tx, 5).empty());
    });
}

TEST(Store, AFailedTransactionLeavesNoTraceAndDoesNotDisturbOthersInTheBatch) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    EXPECT_THROW(store.transact([&](StoreTx& tx) {
        tx.tickets().insert(sample("X-1"));
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    // Duplicate (source, source_id) violates the unique key: only that caller fails.
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] {
            try {
                store.transact([&](StoreTx& tx) { tx.tickets().insert(sample(i % 2 ? "DUP" : "U-" + std::to_string(i))); });
            } catch (const std::exception&) {
                ++failures;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures, 3);  // four threads insert DUP; one wins
    store.transact([&](StoreTx& tx) {
        const auto counts = tx.tickets().counts_by_state();
        EXPECT_EQ(counts.at(State::received), 5);
    });
}

TEST(Store, ConcurrentTransactionsAreAllCommitted) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    constexpr int kThreads = 8, kEach = 100;
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            for (int j = 0; j < kEach; ++j)
                store.transact([&](StoreTx& tx) { tx.tickets().insert(sample(std::to_string(i) + "-" + std::to_string(j))); });
        });
    for (auto& t : threads) t.join();
    store.transact([&](StoreTx& tx) { EXPECT_EQ(tx.tickets().counts_by_state().at(State::received), kThreads * kEach); });
}

TEST(Store, DirectoryRoundTrip) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    store.transact([&](StoreTx& tx) {
        seed_directory(tx);
        const auto p = tx.directory().person(kSigner3);
        ASSERT_TRUE(p.has_value());
        EXPECT_TRUE(p->has_role(Role::signer3));
        EXPECT_TRUE(p->has_role(Role::leader));
        EXPECT_EQ(tx.directory().people_with_role(Role::handler, "zjj").size(), 1u);
        EXPECT_EQ(tx.directory().people_with_role(Role::handler, "").size(), 2u);
        EXPECT_EQ(tx.directory().unit("zjj")->aliases, std::vector<std::string>{"住建局"});
        tx.directory().deactivate_unit("jyj");
        EXPECT_FALSE(tx.directory().unit("jyj").has_value());
    });
}

TEST(Store, ASurveyStateOrAnswerThisVersionDoesNotKnowIsRefusedNamingColumnAndRow) {
    TempDir dir;
    const auto path = dir / "s.db";
    std::int64_t id = 0;
    {
        SqliteStore store(path.string());
        store.transact([&](StoreTx& tx) {
            const auto ticket = tx.tickets().insert(sample("S-1"));
            id = tx.surveys().insert(Survey{.ticket_id = ticket, .phone_hash = "p", .created_at = from_unix(100)});
        });
    }
    raw_exec(path, "UPDATE surveys SET satisfaction = 'delighted'");  // written by a newer release
    SqliteStore store(path.string());
    try {
        store.transact([&](StoreTx& tx) { (void)tx.surveys().find(id); });
        ADD_FAILURE() << "an unknown satisfaction was read as something";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "surveys.satisfaction: unknown value \"delighted\" in row " + std::to_string(id));
    }
}
