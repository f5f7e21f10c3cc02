// `hotline-bot store copy`: a county's SQLite store moved into PostgreSQL by the real binary, and
// the procedure going on there.
#include <gtest/gtest.h>

#include "tests/support/process.h"
#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"
#include "workflow/procedure/audit_chain.h"
#include "workflow/store/postgresql/pg_connection.h"
#include "workflow/store/postgresql/pg_store.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::workflow;
using namespace std::chrono_literals;

namespace {

struct CopyRun {
    int code;
    std::string output;
};

CopyRun store_copy(const std::filesystem::path& from, const std::string& to) {
    Child copy({HOTLINE_BOT_BINARY, "store", "copy", "--from", "sqlite:" + from.string(), "--to", "postgresql:" + to});
    auto out = copy.read_to_eof(120s);
    return {copy.wait(), out.value_or("")};
}

std::int64_t verified_events(Store& store) {
    AuditChainVerifier chain;
    store.transact([&](StoreTx& tx) {
        chain = AuditChainVerifier{};
        tx.audit().for_each([&](const AuditEvent& e) { return chain.feed(e); });
    });
    EXPECT_FALSE(chain.first_break().has_value());
    return chain.verified();
}

}  // namespace

TEST(StoreCopy, ASqliteStoreMovesIntoPostgresqlAndTheProcedureGoesOnThere) {
    // On SQLite: tickets along the procedure, one at each stage that still waits for someone.
    WorkflowEnv county({}, &SqliteBackend::open);
    const auto handling = county.ticket_in(State::handling);
    const auto review = county.ticket_in(State::unit_review);
    const auto archived = county.ticket_in(State::archived);
    ASSERT_TRUE(county.extension(handling, 3).ok());
    const auto before = verified_events(*county.store);
    county.store.reset();  // the service stopped

    TempDir target;
    const auto conninfo = PostgresBackend::conninfo(target.path());
    const auto copied = store_copy(county.dir / "hotline.db", conninfo);
    ASSERT_EQ(copied.code, 0) << copied.output;
    EXPECT_NE(copied.output.find("audit chain verified on both sides (" + std::to_string(before) + " events)"),
              std::string::npos)
        << copied.output;
    EXPECT_EQ(copied.output.find("user=postgres"), std::string::npos) << "the connection string stays out of the output";
    {
        // Every table analyzed: the first reports are planned on the copied data, not on defaults.
        pg::Connection db(conninfo);
        auto& st = db.prepare(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE last_analyze IS NOT NULL) FROM pg_stat_user_tables "
            "WHERE schemaname = current_schema() AND relname NOT IN ('schema_migrations', 'web_sessions')");
        ASSERT_TRUE(st.step());
        EXPECT_EQ(st.int64(0), 20);
        EXPECT_EQ(st.int64(1), st.int64(0)) << "tables the copy left without planner statistics";
    }

    // A second copy into the same database is refused: nothing may be mixed or doubled.
    const auto again = store_copy(county.dir / "hotline.db", conninfo);
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.output.find("not empty"), std::string::npos) << again.output;

    // On PostgreSQL: the same people, the same tickets, and the procedure goes on.
    WorkflowEnv city({}, [&](const std::filesystem::path&) -> std::unique_ptr<Store> {
        return std::make_unique<PostgresStore>(PostgresOptions{.conninfo = conninfo});
    });
    EXPECT_EQ(city.ticket(archived).state, State::archived);
    EXPECT_EQ(city.ticket(handling).state, State::handling);
    EXPECT_TRUE(city.act(Action::submit_result, handling, kHandler, complete_result()).ok());
    EXPECT_TRUE(city.act(Action::unit_approve, review, kLeader).ok());
    EXPECT_EQ(city.ticket(review).state, State::center_review);
    const auto fresh = city.new_ticket("新留言");
    EXPECT_GT(fresh.id, archived);  // ids go on after the copied ones
    EXPECT_GT(verified_events(*city.store), before + 2);
}
