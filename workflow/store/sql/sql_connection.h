#pragma once
// What the aggregates in this folder need of a database connection: prepared statements with
// bound parameters and rows read by column. SQLite and PostgreSQL each implement it, so the SQL
// of every aggregate is written once. Values are only ever bound, never spliced into the text.
// Parameters are written ?1, ?2, … (PostgreSQL's connection turns them into $1, $2, …).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotline::workflow::sql {

enum class Dialect { sqlite, postgresql };

class Statement {
public:
    virtual ~Statement() = default;

    // Binding starts at parameter 1; bind() returns *this so calls chain.
    virtual Statement& reset() = 0;
    virtual Statement& bind(int idx, std::int64_t v) = 0;
    virtual Statement& bind(int idx, std::string_view v) = 0;
    virtual Statement& bind_null(int idx) = 0;
    Statement& bind(int idx, int v) { return bind(idx, static_cast<std::int64_t>(v)); }
    Statement& bind(int idx, const std::string& v) { return bind(idx, std::string_view{v}); }
    Statement& bind(int idx, const char* v) { return bind(idx, std::string_view{v}); }
    Statement& bind(int idx, const std::optional<std::int64_t>& v) { return v ? bind(idx, *v) : bind_null(idx); }

    virtual bool step() = 0;  // true while a row is available
    virtual void run() = 0;   // runs to completion, for statements without rows

    virtual std::int64_t int64(int col) const = 0;
    virtual std::string text(int col) const = 0;
    virtual bool is_null(int col) const = 0;
};

class Connection {
public:
    virtual ~Connection() = default;

    // A cached prepared statement, reset and with its bindings cleared. Keyed by the text's
    // address: pass string literals.
    virtual Statement& prepare(const char* sql) = 0;
    // Rows inserted, updated or deleted by the statement run last.
    virtual std::int64_t changes() const = 0;
    // Releases every cached statement's read cursor, so a commit or rollback never waits on one.
    virtual void reset_all() = 0;
    virtual Dialect dialect() const = 0;
};

// A claim query (`due` work: outbox messages, timers, survey steps, evidence downloads): on
// PostgreSQL the rows it returns stay locked until commit, and rows another instance's
// transaction holds are passed over rather than waited for, so concurrent instances take
// disjoint work instead of queueing behind each other's locks. SQLite has one writer at a time:
// nothing to skip. `select` must be a string literal (prepare() caches by address).
#define HOTLINE_SQL_CLAIM(conn, select) \
    ((conn).dialect() == ::hotline::workflow::sql::Dialect::postgresql ? select " FOR UPDATE SKIP LOCKED" : select)

}  // namespace hotline::workflow::sql
