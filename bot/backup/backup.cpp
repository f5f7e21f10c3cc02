#include "bot/backup/backup.h"

#include <spdlog/spdlog.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "adapters/files/tarball.h"
#include "bot/service/instance_lock.h"
#include "workflow/procedure/audit_chain.h"
#include "workflow/store/sqlite/online_backup.h"
#include "workflow/store/sqlite/sqlite_store.h"

namespace hotline::bot::backup {

namespace fs = std::filesystem;

namespace {

// Opens a copy as a store (which refuses a schema newer than this binary), walks its audit chain
// and returns the number of events; throws at the first broken link.
std::uint64_t verify_copy(const fs::path& copy) {
    workflow::SqliteStore store(copy.string());
    workflow::AuditChainVerifier verifier;
    store.transact([&](workflow::StoreTx& tx) {
        verifier = workflow::AuditChainVerifier{};
        tx.audit().for_each([&](const workflow::AuditEvent& e) { return verifier.feed(e); });
    });
    if (const auto& b = verifier.first_break())
        throw std::runtime_error(copy.string() + ": the audit chain is broken at event " + std::to_string(b->seq) + ": " +
                                 b->reason);
    return static_cast<std::uint64_t>(verifier.verified());
}

void remove_store_files(const fs::path& db) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        auto p = db;
        p += suffix;
        std::error_code ec;
        fs::remove(p, ec);
    }
}

// Run as root, a restore would leave files the service's user cannot open: hand them to whoever
// owns the store's folder (the service user in an installed system).
void give_to_folder_owner(const fs::path& store, const fs::path& attachments) {
    if (::geteuid() != 0) return;
    struct stat folder {};
    if (::stat(store.parent_path().c_str(), &folder) != 0 || folder.st_uid == 0) return;
    const auto give = [&](const fs::path& p) {
        if (::chown(p.c_str(), folder.st_uid, folder.st_gid) != 0)
            spdlog::warn("restore: {} could not be given to uid {}: {}", p.string(), folder.st_uid, std::strerror(errno));
    };
    give(store);
    std::error_code ec;
    if (!fs::is_directory(attachments, ec)) return;
    give(attachments);
    for (const auto& entry : fs::recursive_directory_iterator(attachments, ec)) give(entry.path());
}

}  // namespace

fs::path attachments_tar_of(const fs::path& store_copy) {
    auto p = store_copy;
    p += ".attachments.tar";
    return p;
}

namespace {
// A PostgreSQL store is backed up by the server's own tools, which see every instance's writes.
void refuse_postgresql(const Config& config, const char* what) {
    if (config.store.backend == "postgresql")
        throw std::runtime_error(std::string(what) + " copies a SQLite store; this store is on PostgreSQL: use pg_dump "
                                 "and pg_restore (README, \"PostgreSQL\"), and copy attachments.dir with them");
}
}  // namespace

BackupResult take_backup(const Config& config, const fs::path& to) {
    refuse_postgresql(config, "backup");
    BackupResult r{.store_copy = to, .attachments_tar = attachments_tar_of(to)};
    // Checked before anything is written: the clean-up below must only ever remove our own files.
    for (const auto& p : {to, r.attachments_tar})
        if (fs::exists(p)) throw std::runtime_error(p.string() + ": exists already; choose a new name");
    if (!to.parent_path().empty()) fs::create_directories(to.parent_path());
    try {
        r.pages = workflow::sqlite::copy_database(config.store.path, to).pages;
        r.audit_events = verify_copy(to);
        // After the store: every file a row of the copy names was written before that row, so
        // the tarball holds them all (and perhaps a few newer ones).
        const auto tar = adapters::write_tarball(config.attachments.dir, r.attachments_tar);
        r.attachment_files = tar.files;
        r.attachment_bytes = tar.bytes;
    } catch (...) {
        remove_store_files(to);
        std::error_code ec;
        fs::remove(r.attachments_tar, ec);
        throw;
    }
    return r;
}

BackupResult restore_backup(const Config& config, const fs::path& from, const RestoreOptions& options) {
    refuse_postgresql(config, "restore");
    const fs::path& store = config.store.path;
    if (!fs::is_regular_file(from)) throw std::runtime_error(from.string() + ": no backup there");
    const auto lock = service::InstanceLock::try_acquire(store);
    if (!lock)
        throw std::runtime_error("a hotline-bot service is running on " + store.string() +
                                 "; stop it first (systemctl stop hotline-bot)");
    if (fs::exists(store) && !options.replace)
        throw std::runtime_error(store.string() + " exists; give --replace to overwrite it (back it up first)");
    BackupResult r{.store_copy = store, .attachments_tar = attachments_tar_of(from)};
    auto staged = store;
    staged += ".restoring";
    remove_store_files(staged);
    try {
        r.pages = workflow::sqlite::copy_database(from, staged).pages;
        r.audit_events = verify_copy(staged);
    } catch (...) {
        remove_store_files(staged);
        throw;
    }
    remove_store_files(store);
    fs::rename(staged, store);
    if (fs::exists(r.attachments_tar)) {
        const auto tar = adapters::extract_tarball(r.attachments_tar, config.attachments.dir);
        r.attachment_files = tar.files;
        r.attachment_bytes = tar.bytes;
    } else {
        spdlog::warn("restore: {} is missing; the evidence files were not restored", r.attachments_tar.string());
    }
    give_to_folder_owner(store, config.attachments.dir);
    return r;
}

}  // namespace hotline::bot::backup
