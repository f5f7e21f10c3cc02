#pragma once
// The store backends tests run on. The conformance suite (tests/store_contract/) runs on each
// backend as a type; WorkflowEnv and the tests built on it run on the backend that
// HOTLINE_TEST_STORE names (sqlite when unset), so the whole suite can be pointed at another one.
#include <filesystem>
#include <functional>
#include <memory>

#include "workflow/store/store.h"

namespace hotline::testing {

// Opens (creating and migrating) a store whose files live in `dir`; opening the same folder
// again is a restart of the same store.
using StoreOpener = std::function<std::unique_ptr<workflow::Store>(const std::filesystem::path& dir)>;

struct SqliteBackend {
    static constexpr const char* kName = "sqlite";
    static std::unique_ptr<workflow::Store> open(const std::filesystem::path& dir);
};

// The backend HOTLINE_TEST_STORE names; an unknown name throws, so a misspelt run fails loudly
// instead of quietly testing SQLite.
StoreOpener test_store_backend();

}  // namespace hotline::testing
