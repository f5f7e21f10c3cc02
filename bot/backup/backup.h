#pragma once
// `hotline-bot backup` and `restore`: the store copied with SQLite's online backup API while the
// service runs, the attachments folder as a tarball beside it, and the audit chain of the copy
// verified before anything is called done.
#include <cstdint>
#include <filesystem>
#include <string>

#include "bot/config/config.h"

namespace hotline::bot::backup {

struct BackupResult {
    std::filesystem::path store_copy, attachments_tar;
    int pages = 0;
    std::uint64_t audit_events = 0, attachment_files = 0, attachment_bytes = 0;
};

// The tarball that goes with a store copy: FILE.attachments.tar.
std::filesystem::path attachments_tar_of(const std::filesystem::path& store_copy);

// Throws std::runtime_error with the reason (target exists, the copy's chain is broken, …); a
// failed backup leaves no half-written files behind.
BackupResult take_backup(const Config& config, const std::filesystem::path& to);

struct RestoreOptions {
    bool replace = false;  // an existing store is overwritten only when asked
};

// Verifies the copy's audit chain and schema, then puts it in place of the configured store and
// unpacks the attachments. Refuses while a service holds the store, and an existing store unless
// `replace`. Throws std::runtime_error with the reason and changes nothing then.
BackupResult restore_backup(const Config& config, const std::filesystem::path& from, const RestoreOptions& options);

}  // namespace hotline::bot::backup
