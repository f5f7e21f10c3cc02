#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements cached by their
// SQL text, values only ever bound as parameters.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hotline::workflow::sqlite {

class Error : public std::runtime_error {
public:
    Error(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

class Stmt {
public:
    Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt() { sqlite3_finalize(s_); }

    // Binding starts at parameter 1; bind() returns *this so calls chain.
    Stmt& reset();
    Stmt& bind(int idx, std::int64_t v);
    Stmt& bind(int idx, int v) { return bind(idx, static_cast<std::int64_t>(v)); }
    Stmt& bind(int idx, std::string_view v);
    Stmt& bind(int idx, const std::string& v) { return bind(idx, std::string_view{v}); }
    Stmt& bind(int idx, const char* v) { return bind(idx, std::string_view{v}); }
    Stmt& bind_null(int idx);
    Stmt& bind(int idx, const std::optional<std::int64_t>& v) { return v ? bind(idx, *v) : bind_null(idx); }

    bool step();  // true while a row is available
    void run();   // steps to completion, for statements without rows

    std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
    std::string text(int col) const;
    bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

private:
    void check(int rc, const char* what) const;
    sqlite3* db_;
    sqlite3_stmt* s_;
};

class Db {
public:
    // read_write creates the file if missing. inspect opens an existing file read-only as it is
    // on disk (immutable=1): it creates no -wal or -shm file, so a check run as another user (root)
    // leaves nothing the service could not open afterwards.
    enum class Mode { read_write, inspect };
    explicit Db(const std::string& path, Mode mode = Mode::read_write);
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();

    // A cached prepared statement, reset and with its bindings cleared.
    Stmt& prepare(const char* sql);
    // Runs statements that take no parameters (schema, pragmas, BEGIN/COMMIT).
    void exec(const char* sql);
    // Releases every cached statement's read cursor, so a commit never waits on one.
    void reset_all();
    std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Stmt>> cache_;
};

}  // namespace hotline::workflow::sqlite
