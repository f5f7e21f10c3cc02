#pragma once
#include "workflow/store/postgresql/pg_connection.h"

namespace hotline::workflow::pg {

// Brings the schema to the latest version, one transaction per step, each recorded in the
// schema_migrations table, all under a session advisory lock: of several instances starting at
// once, one migrates and the others wait and then find nothing left to do.
// Version numbers are SQLite's: PostgreSQL starts at 12, the whole schema SQLite had by then.
// Returns the version reached. Refuses a database newer than this binary knows.
int migrate(Connection& db);
int current_schema_version(Connection& db);
// The last PostgreSQL migration's version: must equal SQLite's latest_schema_version() (a test
// holds the two together).
int latest_migration_version();

}  // namespace hotline::workflow::pg
