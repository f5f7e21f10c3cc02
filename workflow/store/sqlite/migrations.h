#pragma once
#include "workflow/store/sqlite/sqlite_db.h"

namespace hotline::workflow {

// Brings the schema to the latest version, one transaction per step, each recorded in the
// schema_migrations table.
// Returns the version reached. Refuses a database newer than this binary knows.
int migrate(sqlite::Db& db);
int latest_schema_version();
int current_schema_version(sqlite::Db& db);

}  // namespace hotline::workflow
