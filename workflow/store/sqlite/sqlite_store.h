#pragma once
// The embedded default store. One connection, WAL, synchronous=FULL: a transaction that
// returned is on disk. Concurrent transactions are group-committed: whoever finds no commit in
// progress becomes the leader and runs everything queued so far in one transaction, each
// caller's work in its own savepoint, then one fsync covers them all.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "workflow/store/sqlite/sqlite_db.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

class SqliteStore final : public Store {
public:
    // Opens (creating if needed) and migrates the database at path.
    explicit SqliteStore(const std::string& path, int max_batch = 256);
    ~SqliteStore() override;

    void transact(const std::function<void(StoreTx&)>& fn) override;
    int schema_version() override;

    struct Durability {
        std::string journal_mode;  // "wal"
        int synchronous;           // 2 = FULL
    };
    Durability durability();
    // Transactions committed so far; with group commit this is less than transact() calls.
    std::uint64_t commits() const { return commits_.load(); }

private:
    struct Job;
    void run_batch(std::deque<Job*>& batch);

    std::unique_ptr<sqlite::Db> db_;
    std::unique_ptr<StoreTx> tx_;
    int max_batch_;
    std::mutex mutex_;
    std::condition_variable done_cv_;
    std::deque<Job*> queue_;
    bool leader_active_ = false;
    std::atomic<std::uint64_t> commits_{0};
};

}  // namespace hotline::workflow
