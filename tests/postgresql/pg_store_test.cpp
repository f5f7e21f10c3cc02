// The PostgreSQL store's own behaviour beyond the contract: what it does when the server gives a
// transaction up and the code inside the transaction catches the error instead of passing it on;
// how two instances' claim passes share the due work.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"
#include "workflow/store/postgresql/pg_connection.h"
#include "workflow/store/postgresql/pg_store.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::workflow;

TEST(PostgresStore, ATransactionWhoseAbortWasCaughtInsideIsRunAgainNotCommitted) {
    TempDir dir;
    const std::string conninfo = PostgresBackend::conninfo(dir.path());
    PostgresStore store(PostgresOptions{.conninfo = conninfo + " application_name=hotline-abort-test", .pool_size = 1});
    pg::Connection admin(conninfo);
    int runs = 0;
    bool swallowed = false;
    std::int64_t id = 0;
    store.transact([&](StoreTx& tx) {
        ++runs;
        NewTicket t;
        t.source = "renmin";
        t.source_id = "abort-1";
        t.title = "标题";
        t.content = "内容";
        id = tx.tickets().insert(t);
        if (runs > 1) return;
        // The server ends this session in the middle of the transaction, and the code here catches
        // what that throws, as a careless handler inside a transaction would.
        admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                   "'hotline-abort-test'");
        try {
            tx.tickets().find(id);
        } catch (const std::exception&) {
            swallowed = true;
        }
    });
    EXPECT_TRUE(swallowed);
    EXPECT_EQ(runs, 2);
    store.transact([&](StoreTx& tx) {
        EXPECT_EQ(tx.tickets().id_by_source("abort-1"), id);
        EXPECT_EQ(tx.tickets().counts_by_state()[State::received], 1);
    });
}

namespace {
template <class T>
std::set<std::int64_t> ids_of(const std::vector<T>& rows) {
    std::set<std::int64_t> out;
    for (const auto& r : rows) out.insert(r.id);
    return out;
}

bool disjoint(const std::set<std::int64_t>& a, const std::set<std::int64_t>& b) {
    return std::none_of(a.begin(), a.end(), [&](std::int64_t id) { return b.count(id) > 0; });
}
}  // namespace

TEST(PostgresStore, TwoInstancesClaimingAtOnceTakeDisjointWorkWithoutWaitingForEachOther) {
    TempDir dir;
    PostgresStore store(PostgresOptions{.conninfo = PostgresBackend::conninfo(dir.path()), .pool_size = 2});
    const Instant now = from_china_time(2026, 12, 7, 9, 0);
    store.transact([&](StoreTx& tx) {
        NewTicket nt;
        nt.source = "renmin";
        nt.source_id = "claims-1";
        nt.title = "标题";
        nt.content = "内容";
        const auto ticket = tx.tickets().insert(nt);
        for (int i = 0; i < 4; ++i) {
            OutboxMessage m;
            m.channel = "wecom";
            m.recipient = "handler" + std::to_string(i);
            m.dedup_key = "claims:" + std::to_string(i);
            m.kind = "text";
            m.payload = "{}";
            m.ticket_id = ticket;
            m.next_attempt_at = now - std::chrono::minutes(1);
            tx.outbox().enqueue(m);
            Timer t;
            t.ticket_id = ticket;
            t.kind = TimerKind::feedback_due;
            t.due_at = now - std::chrono::minutes(1);
            t.deadline_version = i;
            tx.timers().schedule(t);
        }
    });

    // The first pass holds its claims open (a notifier in the middle of its pass) while the second
    // runs from start to commit.
    std::promise<void> holding, release;
    auto released = release.get_future().share();
    std::set<std::int64_t> first_messages, first_timers;
    std::thread first([&] {
        bool told = false;
        store.transact([&](StoreTx& tx) {
            const auto due = tx.outbox().due(now, 2, "instance-a");
            for (const auto& m : due) tx.outbox().claim(m.id, now, "instance-a", now + std::chrono::minutes(10));
            first_messages = ids_of(due);
            first_timers = ids_of(tx.timers().due(now, 2));
            if (!told) {
                told = true;
                holding.set_value();
                released.wait();
            }
        });
    });
    holding.get_future().wait();
    auto second = std::async(std::launch::async, [&] {
        std::pair<std::set<std::int64_t>, std::set<std::int64_t>> got;
        store.transact([&](StoreTx& tx) {
            const auto due = tx.outbox().due(now, 2, "instance-b");
            for (const auto& m : due) tx.outbox().claim(m.id, now, "instance-b", now + std::chrono::minutes(10));
            got = {ids_of(due), ids_of(tx.timers().due(now, 2))};
        });
        return got;
    });
    const bool waited = second.wait_for(std::chrono::seconds(30)) != std::future_status::ready;
    release.set_value();
    first.join();
    ASSERT_FALSE(waited) << "the second claim pass waited for the first one's locks";
    const auto [second_messages, second_timers] = second.get();
    EXPECT_EQ(first_messages.size(), 2u);
    EXPECT_EQ(second_messages.size(), 2u);
    EXPECT_TRUE(disjoint(first_messages, second_messages));
    EXPECT_EQ(first_timers.size(), 2u);
    EXPECT_EQ(second_timers.size(), 2u);
    EXPECT_TRUE(disjoint(first_timers, second_timers));
}
