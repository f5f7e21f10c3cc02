#include "workflow/store/postgresql/pg_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <thread>

#include "workflow/store/postgresql/pg_connection.h"
#include "workflow/store/postgresql/pg_migrations.h"
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sqlite/migrations.h"

namespace hotline::workflow {

struct PostgresStore::Slot {
    std::unique_ptr<pg::Connection> conn;
    std::unique_ptr<SqlTx> tx;
};

namespace {

std::string describe_connection(pg::Connection& c) {
    PGconn* h = c.handle();
    const char* host = PQhost(h);
    return std::string("postgresql://") + (host && *host ? host : "localhost") + ":" + PQport(h) + "/" + PQdb(h);
}

// Jittered exponential backoff: 5 ms, 10 ms, … up to half a second, so instances that
// conflicted do not meet again at the same moment.
void back_off(int attempt) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    const int ceiling = std::min(500, 5 << std::min(attempt, 7));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(ceiling / 2, ceiling)(rng)));
}

}  // namespace

PostgresStore::PostgresStore(PostgresOptions options) : options_(std::move(options)) {
    if (options_.pool_size < 1) throw std::invalid_argument("store: pool_size must be at least 1");
    auto first = std::make_unique<Slot>();
    try {
        first->conn = std::make_unique<pg::Connection>(options_.conninfo);
    } catch (const pg::Error& e) {
        throw std::runtime_error(std::string("store: cannot reach the PostgreSQL server: ") + e.what());
    }
    description_ = describe_connection(*first->conn);
    const int version = pg::migrate(*first->conn);
    if (version != latest_schema_version())
        throw std::runtime_error("store: " + description_ + " has schema version " + std::to_string(version) +
                                 ", this binary needs " + std::to_string(latest_schema_version()));
    first->tx = std::make_unique<SqlTx>(*first->conn);
    free_.push_back(first.get());
    slots_.push_back(std::move(first));
    spdlog::info("store: PostgreSQL at {}, schema version {}, up to {} connections", description_, version,
                 options_.pool_size);
}

PostgresStore::~PostgresStore() = default;

PostgresStore::Slot& PostgresStore::acquire() {
    std::unique_lock lock(mutex_);
    if (free_.empty() && static_cast<int>(slots_.size()) < options_.pool_size) {
        // Opened outside the lock would let two callers overshoot the size; a connect is rare.
        auto slot = std::make_unique<Slot>();
        try {
            slot->conn = std::make_unique<pg::Connection>(options_.conninfo);
        } catch (const pg::Error& e) {
            throw TransactionAborted(e.what());  // unreachable for now: transact retries
        }
        slot->tx = std::make_unique<SqlTx>(*slot->conn);
        free_.push_back(slot.get());
        slots_.push_back(std::move(slot));
    }
    if (free_.empty()) {
        ++waits_;
        if (!free_cv_.wait_for(lock, options_.acquire_timeout, [&] { return !free_.empty(); }))
            throw std::runtime_error("store: no database connection free after " +
                                     std::to_string(options_.acquire_timeout.count()) + " ms (pool of " +
                                     std::to_string(options_.pool_size) + ")");
    }
    Slot* slot = free_.back();
    free_.pop_back();
    ++in_use_;
    return *slot;
}

void PostgresStore::release(Slot& slot) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(&slot);
        --in_use_;
    }
    free_cv_.notify_one();
}

void PostgresStore::run_once(Slot& slot, const std::function<void(StoreTx&)>& fn) {
    if (!slot.conn->ok()) {
        ++reconnects_;
        slot.conn->reconnect();  // throws TransactionAborted while the server is unreachable
    }
    slot.conn->clear_aborted();
    slot.conn->exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
    try {
        fn(*slot.tx);
        // Code inside fn caught a TransactionAborted and went on: the server has discarded the
        // transaction (a COMMIT now would quietly roll it back), so it runs again all the same.
        if (slot.conn->aborted()) throw TransactionAborted("store: the transaction was aborted by the server");
    } catch (...) {
        slot.conn->reset_all();
        slot.conn->exec_quietly("ROLLBACK");
        throw;
    }
    slot.conn->reset_all();
    try {
        slot.conn->exec("COMMIT");
    } catch (const TransactionAborted& e) {
        // A conflict found at commit means nothing was committed: safe to run again. A connection
        // lost during the commit leaves its outcome unknown: running fn again could do it twice.
        if (!slot.conn->ok())
            throw std::runtime_error(std::string("store: the connection was lost during a commit, whose outcome is "
                                                 "unknown: ") +
                                     e.what());
        slot.conn->exec_quietly("ROLLBACK");
        throw;
    }
}

void PostgresStore::transact(const std::function<void(StoreTx&)>& fn) {
    for (int attempt = 1;; ++attempt) {
        Slot* slot = nullptr;
        try {
            slot = &acquire();  // may open a connection: an unreachable server is retried too
            run_once(*slot, fn);
            release(*slot);
            return;
        } catch (const TransactionAborted& e) {
            if (slot) release(*slot);
            if (attempt >= options_.max_attempts) {
                spdlog::error("store: transaction given up after {} runs: {}", attempt, e.what());
                throw;
            }
            ++retries_;
            spdlog::debug("store: transaction run again ({}): {}", attempt, e.what());
            back_off(attempt);
        } catch (...) {
            if (slot) release(*slot);
            throw;
        }
    }
}

int PostgresStore::schema_version() {
    // Outside a transaction, and without retries: /healthz asks this to learn whether the
    // database answers now.
    Slot& slot = acquire();
    try {
        if (!slot.conn->ok()) {
            ++reconnects_;
            slot.conn->reconnect();
        }
        const int version = pg::current_schema_version(*slot.conn);
        release(slot);
        return version;
    } catch (...) {
        release(slot);
        throw;
    }
}

PostgresStore::PoolUse PostgresStore::pool_use() const {
    std::lock_guard lock(mutex_);
    return PoolUse{.size = static_cast<int>(slots_.size()),
                   .in_use = in_use_,
                   .capacity = options_.pool_size,
                   .waits = waits_.load(),
                   .retries = retries_.load(),
                   .reconnects = reconnects_.load()};
}

}  // namespace hotline::workflow
