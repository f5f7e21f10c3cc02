// The PostgreSQL store's own behaviour beyond the contract: what it does when the server gives a
// transaction up and the code inside the transaction catches the error instead of passing it on.
#include <gtest/gtest.h>

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
