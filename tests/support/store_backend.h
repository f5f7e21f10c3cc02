#pragma once
// The store backends tests run on. The conformance suite (tests/store_contract/) runs on each
// backend as a type; WorkflowEnv and the tests built on it run on the backend that
// HOTLINE_TEST_STORE names (sqlite when unset), so the whole suite can be pointed at another one.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "workflow/store/store.h"

namespace hotline::testing {

// Opens (creating and migrating) a store whose files live in `dir`; opening the same folder
// again is a restart of the same store.
using StoreOpener = std::function<std::unique_ptr<workflow::Store>(const std::filesystem::path& dir)>;

struct SqliteBackend {
    static constexpr const char* kName = "sqlite";
    static std::unique_ptr<workflow::Store> open(const std::filesystem::path& dir);
};

// A database of its own per folder on the test cluster (tests/postgresql/pg_cluster.sh), whose
// connection string is in $HOTLINE_TEST_PG_STATE/conninfo.
struct PostgresBackend {
    static constexpr const char* kName = "postgresql";
    static std::unique_ptr<workflow::Store> open(const std::filesystem::path& dir);
    // The connection string of the folder's database (created on first use).
    static std::string conninfo(const std::filesystem::path& dir);
};

// Runs sql on the store of `dir` behind its back (no store API, no audit): how tests play a
// forger editing the database. On the backend HOTLINE_TEST_STORE names.
void tamper_with_store(const std::filesystem::path& dir, const char* sql);

// The [store] section (and, for PostgreSQL, [attachments] dir inside `dir`) of a bot config on the
// test store backend, with `extra` appended; an [attachments] table in extra gains the dir key.
std::string store_config_toml(const std::filesystem::path& dir, const std::string& extra = "");

// The backend HOTLINE_TEST_STORE names; an unknown name throws, so a misspelt run fails loudly
// instead of quietly testing SQLite.
StoreOpener test_store_backend();

}  // namespace hotline::testing
