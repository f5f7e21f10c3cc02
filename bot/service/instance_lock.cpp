#include "bot/service/instance_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace hotline::bot::service {

std::filesystem::path lock_file_of(const std::filesystem::path& store) {
    auto p = store;
    p += ".lock";
    return p;
}

std::optional<InstanceLock> InstanceLock::try_acquire(const std::filesystem::path& store) {
    const auto path = lock_file_of(store);
    std::filesystem::create_directories(path.parent_path());
    // Read-only and world-readable: whoever creates it (the service, or root running restore),
    // the other can still open it to lock. It holds nothing.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(path.string() + ": cannot be opened: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) return std::nullopt;
        throw std::runtime_error(path.string() + ": cannot be locked: " + std::strerror(err));
    }
    return InstanceLock(fd);
}

InstanceLock::~InstanceLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace hotline::bot::service
