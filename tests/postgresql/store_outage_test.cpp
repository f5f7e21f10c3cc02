// The bot on PostgreSQL when the database goes away and comes back: /healthz says so, and the
// instance reconnects by itself. The outage is made with a login role of the test's own: its
// sessions are ended and it may not log in again until the test allows it.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>

#include "tests/support/process.h"
#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"
#include "workflow/store/postgresql/pg_connection.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

// An admin connection to the test cluster, for the statements that take the role's access away
// and give it back (identifiers cannot be bound; these are the test's own constants).
struct Outage {
    explicit Outage(const std::string& admin_conninfo) : admin(admin_conninfo) {
        admin.exec("DROP SCHEMA IF EXISTS outage CASCADE");
        admin.exec("DROP ROLE IF EXISTS hotline_outage");
        admin.exec("CREATE ROLE hotline_outage LOGIN");
        admin.exec("CREATE SCHEMA outage AUTHORIZATION hotline_outage");
    }
    void begin() {
        admin.exec("ALTER ROLE hotline_outage NOLOGIN");
        admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'hotline_outage'");
    }
    void end() { admin.exec("ALTER ROLE hotline_outage LOGIN"); }
    workflow::pg::Connection admin;
};

}  // namespace

TEST(StoreOutage, HealthzAnswers503WhileTheDatabaseIsGoneAndTheInstanceReconnects) {
    TempDir dir;
    const std::string admin = PostgresBackend::conninfo(dir.path());
    Outage outage(admin);
    const int port = free_port();
    const auto config = dir / "hotline.toml";
    std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:" << port << "\"\n"
                          << "[store]\nbackend = \"postgresql\"\nurl = \"" << admin
                          << " user=hotline_outage options='-c search_path=outage'\"\n"
                          << "[attachments]\ndir = \"" << (dir / "attachments").string() << "\"\n"
                          << "[calendar]\nholidays_dir = \"" << holidays_dir().string() << "\"\n";
    Child bot({HOTLINE_BOT_BINARY, "serve", "--config", config.string()});
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    const auto status = [&] {
        const auto r = c.Get("/healthz");
        return r ? r->status : 0;
    };
    ASSERT_TRUE(eventually([&] { return status() == 200; })) << bot.rest_of_stdout();

    outage.begin();
    ASSERT_TRUE(eventually([&] { return status() == 503; }, 60s)) << bot.rest_of_stdout();
    const auto metrics = c.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_EQ(metrics->status, 200);  // the pool's gauges still show, the store's are left out
    EXPECT_NE(metrics->body.find("hotline_store_pool_capacity 8"), std::string::npos) << metrics->body;

    outage.end();
    ASSERT_TRUE(eventually([&] { return status() == 200; }, 60s)) << bot.rest_of_stdout();
    const auto after = c.Get("/metrics");
    ASSERT_TRUE(after);
    const auto at = after->body.find("\nhotline_store_reconnects ");
    ASSERT_NE(at, std::string::npos) << after->body;
    EXPECT_GT(std::stoll(after->body.substr(at + std::string("\nhotline_store_reconnects ").size())), 0) << after->body;
    bot.signal(SIGTERM);
    EXPECT_EQ(bot.wait(), 0);
}

TEST(StoreOutage, AnInstanceDoesNotStartWithoutItsDatabaseAndSaysWhy) {
    TempDir dir;
    const auto config = dir / "hotline.toml";
    // A port nothing listens on: connection refused at once.
    std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:" << free_port() << "\"\n"
                          << "[store]\nbackend = \"postgresql\"\nurl = \"host=127.0.0.1 port=" << free_port()
                          << " dbname=hotline user=hotline password=not-to-be-logged connect_timeout=2\"\n"
                          << "[attachments]\ndir = \"" << (dir / "attachments").string() << "\"\n"
                          << "[calendar]\nholidays_dir = \"" << holidays_dir().string() << "\"\n";
    Child bot({HOTLINE_BOT_BINARY, "serve", "--config", config.string()});
    const auto out = bot.read_to_eof(60s);
    ASSERT_TRUE(out.has_value());
    EXPECT_NE(bot.wait(), 0);
    EXPECT_NE(out->find("cannot reach the PostgreSQL server"), std::string::npos) << *out;
    EXPECT_EQ(out->find("not-to-be-logged"), std::string::npos) << *out;
}
