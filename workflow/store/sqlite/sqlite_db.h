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

#include "workflow/store/sql/sql_connection.h"

namespace hotline::workflow::sqlite {

class Error : public std::runtime_error {
public:
    Error(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

class Stmt final : public sql::Statement {
public:
    Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt() override { sqlite3_finalize(s_); }

    using sql::Statement::bind;
    Stmt& reset() override;
    Stmt& bind(int idx, std::int64_t v) override;
    Stmt& bind(int idx, std::string_view v) override;
    Stmt& bind_null(int idx) override;

    bool step() override;
    void run() override;

    std::int64_t int64(int col) const override { return sqlite3_column_int64(s_, col); }
    std::string text(int col) const override;
    bool is_null(int col) const override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

private:
    void check(int rc, const char* what) const;
    sqlite3* db_;
    sqlite3_stmt* s_;
};

class Db final : public sql::Connection {
public:
    // read_write creates the file if missing. inspect opens an existing file read-only as it is
    // on disk (immutable=1): it creates no -wal or -shm file, so a check run as another user (root)
    // leaves nothing the service could not open afterwards.
    enum class Mode { read_write, inspect };
    explicit Db(const std::string& path, Mode mode = Mode::read_write);
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db() override;

    Stmt& prepare(const char* sql) override;
    // Runs statements that take no parameters (schema, pragmas, BEGIN/COMMIT).
    void exec(const char* sql);
    void reset_all() override;
    std::int64_t changes() const override { return sqlite3_changes64(db_); }
    sql::Dialect dialect() const override { return sql::Dialect::sqlite; }
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Stmt>> cache_;
};

}  // namespace hotline::workflow::sqlite
