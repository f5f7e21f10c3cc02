#pragma once
// One serving process per store: `serve` holds an exclusive lock on STORE.lock for its lifetime,
// and `restore` takes the same lock, so it never replaces a store under a running service. The
// kernel drops the lock when the process dies, however it dies.
#include <filesystem>
#include <optional>

namespace hotline::bot::service {

class InstanceLock {
public:
    // The lock beside the store, or nothing when another process holds it.
    static std::optional<InstanceLock> try_acquire(const std::filesystem::path& store);
    InstanceLock(InstanceLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    InstanceLock& operator=(InstanceLock&&) = delete;
    InstanceLock(const InstanceLock&) = delete;
    ~InstanceLock();

private:
    explicit InstanceLock(int fd) : fd_(fd) {}
    int fd_;
};

std::filesystem::path lock_file_of(const std::filesystem::path& store);

}  // namespace hotline::bot::service
