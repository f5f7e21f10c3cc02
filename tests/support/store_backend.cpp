#include "tests/support/store_backend.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fstream>
#include <functional>

#include "workflow/store/postgresql/pg_connection.h"
#include "workflow/store/postgresql/pg_store.h"
#include "workflow/store/sqlite/sqlite_db.h"
#include "workflow/store/sqlite/sqlite_store.h"

namespace hotline::testing {

std::unique_ptr<workflow::Store> SqliteBackend::open(const std::filesystem::path& dir) {
    return std::make_unique<workflow::SqliteStore>((dir / "hotline.db").string());
}

namespace {

std::string test_store_name() {
    const char* name = std::getenv("HOTLINE_TEST_STORE");
    return name && *name ? name : SqliteBackend::kName;
}

std::string cluster_conninfo() {
    // The fixture's cluster of this build tree; HOTLINE_TEST_PG_STATE points at another one.
    const char* env = std::getenv("HOTLINE_TEST_PG_STATE");
    const std::filesystem::path state = env && *env ? env : HOTLINE_TEST_PG_STATE_DIR;
    std::ifstream in(state / "conninfo");
    std::string conninfo;
    if (!std::getline(in, conninfo) || conninfo.empty())
        throw std::runtime_error("no PostgreSQL test cluster running (" + state.string() +
                                 "/conninfo is missing): run the tests with ctest, whose fixture starts it, or "
                                 "tests/postgresql/pg_cluster.sh start " + state.string());
    return conninfo;
}

}  // namespace

std::string PostgresBackend::conninfo(const std::filesystem::path& dir) {
    const std::string admin = cluster_conninfo();
    // A schema of its own per folder, named by a hash of its path: reopening the folder is a
    // restart. (Schemas, not databases: one costs nothing to create, a database megabytes.)
    char name[32];
    std::snprintf(name, sizeof name, "t_%016zx", std::hash<std::string>{}(std::filesystem::absolute(dir).string()));
    workflow::pg::Connection conn(admin);
    // CREATE SCHEMA takes no parameters; the name is ours ("t_" and hex digits), quoted anyway.
    char* quoted = PQescapeIdentifier(conn.handle(), name, std::strlen(name));
    const std::string create = std::string("CREATE SCHEMA IF NOT EXISTS ") + quoted;
    PQfreemem(quoted);
    conn.exec(create.c_str());
    return admin + " options='-c search_path=" + name + "'";
}

std::unique_ptr<workflow::Store> PostgresBackend::open(const std::filesystem::path& dir) {
    return std::make_unique<workflow::PostgresStore>(workflow::PostgresOptions{.conninfo = conninfo(dir)});
}

void tamper_with_store(const std::filesystem::path& dir, const char* sql) {
    if (test_store_name() == PostgresBackend::kName) {
        workflow::pg::Connection(PostgresBackend::conninfo(dir)).exec(sql);
        return;
    }
    workflow::sqlite::Db((dir / "hotline.db").string()).exec(sql);
}

std::string store_config_toml(const std::filesystem::path& dir, const std::string& extra) {
    if (test_store_name() != PostgresBackend::kName)
        return "[store]\npath = \"" + (dir / "hotline.db").string() + "\"\n" + extra;
    const std::string attachments_dir = "dir = \"" + (dir / "attachments").string() + "\"\n";
    std::string rest = extra;
    const std::string table = "[attachments]\n";
    if (const auto at = rest.find(table); at != std::string::npos)
        rest.insert(at + table.size(), attachments_dir);
    else
        rest = table + attachments_dir + rest;
    return "[store]\nbackend = \"postgresql\"\nurl = \"" + PostgresBackend::conninfo(dir) + "\"\n" + rest;
}

StoreOpener test_store_backend() {
    const std::string name = test_store_name();
    if (name == SqliteBackend::kName) return &SqliteBackend::open;
    if (name == PostgresBackend::kName) return &PostgresBackend::open;
    throw std::invalid_argument("HOTLINE_TEST_STORE: unknown store backend \"" + name + "\"");
}

}  // namespace hotline::testing
