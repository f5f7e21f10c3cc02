#pragma once
// The PostgreSQL store: several hotline-bot instances share one database. A small pool of
// connections; each transaction runs SERIALIZABLE on one of them and is run again when the
// server aborts it for a conflict with a concurrent one, or when the connection was lost before
// the commit. Unique constraints make every claim (inbox entry, outbox key, scheduled run)
// decide once, and the audit chain's seq primary key keeps it one chain.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "workflow/store/store.h"

namespace hotline::workflow {

namespace pg {
class Connection;
}
class SqlTx;

struct PostgresOptions {
    std::string conninfo;  // a libpq connection string; never logged (it may hold a password)
    int pool_size = 8;
    std::chrono::milliseconds acquire_timeout{10'000};
    int max_attempts = 20;  // runs of one transaction before its conflict or lost connection is reported
};

class PostgresStore final : public Store {
public:
    // Connects, migrates (under an advisory lock) and checks the schema. Throws with a clear
    // message when the server is unreachable or the schema is newer than this binary.
    explicit PostgresStore(PostgresOptions options);
    ~PostgresStore() override;

    void transact(const std::function<void(StoreTx&)>& fn) override;
    int schema_version() override;

    struct PoolUse {
        int size = 0;     // connections open
        int in_use = 0;   // of them, running a transaction
        int capacity = 0; // most it opens
        std::uint64_t waits = 0;      // transactions that waited for a free connection
        std::uint64_t retries = 0;    // transactions run again after a conflict or a lost connection
        std::uint64_t reconnects = 0;
    };
    PoolUse pool_use() const;
    // Where the store is, for logs: host, port and database, without user or password.
    const std::string& describe() const { return description_; }

private:
    struct Slot;
    Slot& acquire();
    void release(Slot& slot);
    void run_once(Slot& slot, const std::function<void(StoreTx&)>& fn);

    PostgresOptions options_;
    std::string description_;
    mutable std::mutex mutex_;
    std::condition_variable free_cv_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::vector<Slot*> free_;
    int in_use_ = 0;
    std::atomic<std::uint64_t> waits_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::uint64_t> reconnects_{0};
};

}  // namespace hotline::workflow
