#pragma once
// A consistent copy of a live SQLite store, taken with SQLite's online backup API while the
// service goes on writing (WAL: the copy is one read snapshot, writers are not blocked).
#include <filesystem>

namespace hotline::workflow::sqlite {

struct BackupCopy {
    int pages = 0;
};

// Copies the database at `from` into a new file `to` (which must not exist) and checks the copy
// with PRAGMA quick_check. Throws sqlite::Error or std::runtime_error naming the file and reason.
BackupCopy copy_database(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace hotline::workflow::sqlite
