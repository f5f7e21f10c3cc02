#include "workflow/store/sqlite/sqlite_db.h"

namespace hotline::workflow::sqlite {

void Stmt::check(int rc, const char* what) const {
    if (rc != SQLITE_OK) throw Error(std::string(what) + ": " + sqlite3_errmsg(db_), rc);
}

Stmt& Stmt::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return *this;
}

Stmt& Stmt::bind(int idx, std::int64_t v) {
    check(sqlite3_bind_int64(s_, idx, v), "bind");
    return *this;
}

Stmt& Stmt::bind(int idx, std::string_view v) {
    // A default string_view has no data pointer, and SQLite reads a null pointer as NULL, not ''.
    check(sqlite3_bind_text(s_, idx, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

Stmt& Stmt::bind_null(int idx) {
    check(sqlite3_bind_null(s_, idx), "bind");
    return *this;
}

bool Stmt::step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string msg = std::string("step: ") + sqlite3_errmsg(db_) + " [" + sqlite3_sql(s_) + "]";
    sqlite3_reset(s_);
    throw Error(msg, rc);
}

void Stmt::run() {
    while (step()) {
    }
}

std::string Stmt::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    if (!p) return {};
    return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
}

namespace {

// A path as the file: URI form wants it: the characters that would start a query or an escape.
std::string uri_path(const std::string& path) {
    std::string out;
    for (const char c : path) {
        if (c == '%') out += "%25";
        else if (c == '?') out += "%3f";
        else if (c == '#') out += "%23";
        else out += c;
    }
    return out;
}

}  // namespace

Db::Db(const std::string& path, Mode mode) {
    const int rc =
        mode == Mode::inspect
            ? sqlite3_open_v2(("file:" + uri_path(path) + "?immutable=1").c_str(), &db_,
                              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr)
            : sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw Error("open " + path + ": " + msg, rc);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Db::~Db() {
    cache_.clear();  // statements must be finalized before the connection closes
    sqlite3_close(db_);
}

Stmt& Db::prepare(const char* sql) {
    // Keyed by the literal's address: every SQL text in this project is a string constant.
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* s = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
        if (rc != SQLITE_OK) throw Error(std::string("prepare: ") + sqlite3_errmsg(db_) + " [" + sql + "]", rc);
        it = cache_.emplace(sql, std::make_unique<Stmt>(db_, s)).first;
    }
    return it->second->reset();
}

void Db::reset_all() {
    for (auto& [sql, stmt] : cache_) stmt->reset();
}

void Db::exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw Error(std::string("exec: ") + msg, rc);
    }
}

}  // namespace hotline::workflow::sqlite
