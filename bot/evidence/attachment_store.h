#pragma once
// The evidence files: content-addressed by SHA-256 under [attachments] dir (ab/abcdef…), written
// once (a duplicate photo is stored once), through a temporary file and a rename so a crash never
// leaves half a file under a hash.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hotline::bot::evidence {

class AttachmentStore {
public:
    explicit AttachmentStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // Stores the bytes under their hash (hex) and returns it. Throws when the folder is not writable.
    std::string put(std::string_view bytes) const;
    std::filesystem::path path_of(const std::string& sha256_hex) const;
    // The file's bytes, or nothing when it is missing.
    std::optional<std::string> read(const std::string& sha256_hex) const;
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

}  // namespace hotline::bot::evidence
