#pragma once
// The composition root's choice of store: [store] backend = "sqlite" (the embedded default, one
// instance per database file) or "postgresql" (several instances on one database server).
#include <memory>
#include <string>

#include "bot/config/config.h"
#include "bot/metrics.h"
#include "workflow/store/store.h"

namespace hotline::bot {

// Opens and migrates the configured store. Throws with a message an administrator can act on
// when the server is unreachable or the schema is newer than this binary.
std::unique_ptr<workflow::Store> open_store(const StoreConfig& config);

// Where the store is, for logs and messages: the SQLite file, or postgresql://host:port/database
// (never the user or password).
std::string describe_store(const StoreConfig& config);

// Gauges of the PostgreSQL connection pool (nothing for SQLite): connections open and in use,
// waits for a free one, transactions run again, reconnects.
void add_store_pool_gauges(Metrics& metrics, workflow::Store& store);

}  // namespace hotline::bot
