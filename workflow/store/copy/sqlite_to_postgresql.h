#pragma once
// Moves a county's SQLite store into a new PostgreSQL database: every table, row for row, in one
// transaction, with the audit chain verified on both sides.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hotline::workflow {

struct StoreCopy {
    std::vector<std::pair<std::string, std::int64_t>> tables;  // name, rows copied
    std::int64_t audit_events = 0;                             // verified on both sides
};

// Migrates both to this binary's schema first. Refuses a target with any row in any table. Throws
// (leaving the target as it was) when anything does not match; the SQLite file is only read.
StoreCopy copy_sqlite_to_postgresql(const std::string& sqlite_path, const std::string& conninfo);

}  // namespace hotline::workflow
