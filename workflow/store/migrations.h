#pragma once
#include "workflow/store/sqlite_db.h"

namespace hotline::workflow {

// Brings the schema to the latest version, one transaction per step, recorded in user_version.
// Returns the version reached. Refuses a database newer than this binary knows.
int migrate(sqlite::Db& db);
int latest_schema_version();

}  // namespace hotline::workflow
