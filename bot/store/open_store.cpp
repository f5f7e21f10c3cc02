#include "bot/store/open_store.h"

#include <filesystem>

#include "workflow/store/postgresql/pg_conninfo.h"
#include "workflow/store/postgresql/pg_store.h"
#include "workflow/store/sqlite/sqlite_store.h"

namespace hotline::bot {

std::unique_ptr<workflow::Store> open_store(const StoreConfig& config) {
    if (config.backend == "postgresql")
        return std::make_unique<workflow::PostgresStore>(
            workflow::PostgresOptions{.conninfo = config.url, .pool_size = config.pool_size});
    std::filesystem::create_directories(config.path.parent_path());
    return std::make_unique<workflow::SqliteStore>(config.path.string());
}

std::string describe_store(const StoreConfig& config) {
    if (config.backend == "postgresql") return workflow::pg::describe_conninfo(config.url);
    return config.path.string();
}

void add_store_pool_gauges(Metrics& metrics, workflow::Store& store) {
    auto* pg = dynamic_cast<workflow::PostgresStore*>(&store);
    if (!pg) return;
    metrics.add_gauge("hotline_store_pool_connections", "PostgreSQL connections of this instance, by use.", [pg] {
        const auto u = pg->pool_use();
        return std::map<std::string, std::int64_t>{{"state=\"in_use\"", u.in_use}, {"state=\"idle\"", u.size - u.in_use}};
    });
    metrics.add_gauge("hotline_store_pool_capacity", "Most PostgreSQL connections this instance opens ([store] pool_size).",
                      [pg] { return std::map<std::string, std::int64_t>{{"", pg->pool_use().capacity}}; });
    metrics.add_gauge("hotline_store_pool_waits", "Transactions that waited for a free connection, since start.",
                      [pg] { return std::map<std::string, std::int64_t>{{"", static_cast<std::int64_t>(pg->pool_use().waits)}}; });
    metrics.add_gauge("hotline_store_transaction_retries", "Transactions run again after a conflict or a lost connection, since start.",
                      [pg] { return std::map<std::string, std::int64_t>{{"", static_cast<std::int64_t>(pg->pool_use().retries)}}; });
    metrics.add_gauge("hotline_store_reconnects", "Connections opened again after the server was lost, since start.",
                      [pg] { return std::map<std::string, std::int64_t>{{"", static_cast<std::int64_t>(pg->pool_use().reconnects)}}; });
}

}  // namespace hotline::bot
