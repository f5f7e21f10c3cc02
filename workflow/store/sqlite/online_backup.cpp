#include "workflow/store/sqlite/online_backup.h"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

#include "workflow/store/sqlite/sqlite_db.h"

namespace hotline::workflow::sqlite {

BackupCopy copy_database(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (!std::filesystem::exists(from)) throw std::runtime_error(from.string() + ": no store there");
    if (std::filesystem::exists(to)) throw std::runtime_error(to.string() + ": exists already; choose a new name");
    Db source(from.string());
    Db target(to.string());
    sqlite3_busy_timeout(source.handle(), 10000);  // a checkpoint of the serving process may hold a lock briefly
    sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    if (!backup)
        throw Error("backup " + to.string() + ": " + sqlite3_errmsg(target.handle()), sqlite3_errcode(target.handle()));
    // All pages in one step: one read transaction, so the copy is one consistent snapshot.
    int rc = SQLITE_OK;
    for (int waits = 0; waits < 600; ++waits) {  // a lock held past 30 s is reported, not waited out
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        if (rc != SQLITE_OK) sqlite3_sleep(50);
    }
    BackupCopy copy{.pages = sqlite3_backup_pagecount(backup)};
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw Error("backup " + to.string() + ": " + sqlite3_errstr(rc), rc);
    auto& check = target.prepare("PRAGMA quick_check");
    const std::string verdict = check.step() ? check.text(0) : "no answer";
    check.reset();
    if (verdict != "ok") throw std::runtime_error(to.string() + ": the copy fails its integrity check: " + verdict);
    return copy;
}

}  // namespace hotline::workflow::sqlite
