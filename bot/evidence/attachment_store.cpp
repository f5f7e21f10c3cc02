#include "bot/evidence/attachment_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::bot::evidence {

namespace {
void write_durably(const std::filesystem::path& p, std::string_view bytes) {
    const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) throw std::runtime_error(p.string() + ": cannot be written");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw std::runtime_error(p.string() + ": write failed");
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) throw std::runtime_error(p.string() + ": fsync failed");
}
}  // namespace

std::filesystem::path AttachmentStore::path_of(const std::string& sha256_hex) const {
    return dir_ / sha256_hex.substr(0, 2) / sha256_hex;
}

std::string AttachmentStore::put(std::string_view bytes) const {
    const std::string hash = adapters::hex_lower(adapters::sha256(bytes));
    const auto target = path_of(hash);
    std::error_code ec;
    if (std::filesystem::exists(target, ec) && std::filesystem::file_size(target, ec) == bytes.size()) return hash;
    std::filesystem::create_directories(target.parent_path());
    const auto temp = target.parent_path() / (hash + ".part");
    write_durably(temp, bytes);
    std::filesystem::rename(temp, target);
    return hash;
}

std::optional<std::string> AttachmentStore::read(const std::string& sha256_hex) const {
    std::ifstream f(path_of(sha256_hex), std::ios::binary);
    if (!f) return std::nullopt;
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace hotline::bot::evidence
