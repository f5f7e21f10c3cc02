#include "tests/support/store_backend.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "workflow/store/sqlite/sqlite_store.h"

namespace hotline::testing {

std::unique_ptr<workflow::Store> SqliteBackend::open(const std::filesystem::path& dir) {
    return std::make_unique<workflow::SqliteStore>((dir / "hotline.db").string());
}

StoreOpener test_store_backend() {
    const char* name = std::getenv("HOTLINE_TEST_STORE");
    if (!name || std::string(name).empty() || std::string(name) == SqliteBackend::kName) return &SqliteBackend::open;
    throw std::invalid_argument(std::string("HOTLINE_TEST_STORE: unknown store backend \"") + name + "\"");
}

}  // namespace hotline::testing
