#include "workflow/store/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>

#include "workflow/store/sqlite/migrations.h"
#include "workflow/store/sql/sql_tx.h"

namespace hotline::workflow {

struct SqliteStore::Job {
    const std::function<void(StoreTx&)>* fn;
    std::exception_ptr error;
    bool done = false;
};

SqliteStore::SqliteStore(const std::string& path, int max_batch)
    : db_(std::make_unique<sqlite::Db>(path)), max_batch_(max_batch) {
    db_->exec("PRAGMA journal_mode = WAL");
    // FULL: every commit is fsynced, so an acknowledged action survives power loss. Throughput
    // comes from group commit, not from relaxing this.
    db_->exec("PRAGMA synchronous = FULL");
    db_->exec("PRAGMA foreign_keys = ON");
    db_->exec("PRAGMA busy_timeout = 5000");
    migrate(*db_);
    tx_ = std::make_unique<SqlTx>(*db_);
}

SqliteStore::~SqliteStore() = default;

int SqliteStore::schema_version() {
    int version = 0;
    transact([&](StoreTx&) { version = current_schema_version(*db_); });
    return version;
}

SqliteStore::Durability SqliteStore::durability() {
    // Through the writer like every other use of the connection: the group-commit leader uses it
    // without holding mutex_, so taking the mutex alone would race with a running batch.
    Durability d{};
    transact([&](StoreTx&) {
        auto& mode = db_->prepare("PRAGMA journal_mode");
        if (mode.step()) d.journal_mode = mode.text(0);
        mode.reset();
        auto& sync = db_->prepare("PRAGMA synchronous");
        if (sync.step()) d.synchronous = static_cast<int>(sync.int64(0));
        sync.reset();
    });
    return d;
}

void SqliteStore::transact(const std::function<void(StoreTx&)>& fn) {
    Job job{&fn, nullptr};
    std::unique_lock lock(mutex_);
    queue_.push_back(&job);
    while (!job.done) {
        if (leader_active_) {
            done_cv_.wait(lock);
            continue;
        }
        leader_active_ = true;
        std::deque<Job*> batch;
        while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
            batch.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        run_batch(batch);
        lock.lock();
        for (Job* j : batch) j->done = true;
        leader_active_ = false;
        done_cv_.notify_all();
    }
    if (job.error) std::rethrow_exception(job.error);
}

void SqliteStore::run_batch(std::deque<Job*>& batch) {
    try {
        db_->exec("BEGIN IMMEDIATE");
    } catch (...) {
        for (Job* j : batch) j->error = std::current_exception();
        return;
    }
    // Each caller's work in its own savepoint, so one failing caller does not undo the others.
    for (Job* j : batch) {
        try {
            tx_->savepoint([&] { (*j->fn)(*tx_); });
        } catch (...) {
            j->error = std::current_exception();
        }
    }
    try {
        db_->reset_all();
        db_->exec("COMMIT");
        ++commits_;
    } catch (const std::exception& e) {
        spdlog::error("store: commit failed: {}", e.what());
        auto error = std::current_exception();
        try {
            db_->exec("ROLLBACK");
        } catch (...) {
        }
        for (Job* j : batch)
            if (!j->error) j->error = error;
    }
}

}  // namespace hotline::workflow
