#pragma once
// A folder as a tar file and back (libarchive, POSIX pax format).
#include <cstdint>
#include <filesystem>

namespace hotline::adapters {

struct TarSummary {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
};

// Writes every regular file under `folder` into a new tar file `to`, with paths relative to the
// folder. A missing folder gives an empty tar. Throws std::runtime_error naming file and reason.
TarSummary write_tarball(const std::filesystem::path& folder, const std::filesystem::path& to);

// Extracts `from` into `folder` (created if missing). Refuses absolute paths, `..` and links that
// would lead outside the folder; files already there with the same name are left as they are
// (the folders this is for are content-addressed).
TarSummary extract_tarball(const std::filesystem::path& from, const std::filesystem::path& folder);

}  // namespace hotline::adapters
