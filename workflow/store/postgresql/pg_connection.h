#pragma once
// One libpq connection as an sql::Connection: statements prepared on the server once per
// session (named s1, s2, …), values sent as text parameters, rows read from the result.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "workflow/store/sql/sql_connection.h"

namespace hotline::workflow::pg {

// A statement or connection failure, with the server's SQLSTATE when it sent one.
class Error : public std::runtime_error {
public:
    Error(const std::string& what, std::string sqlstate) : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const { return sqlstate_; }

private:
    std::string sqlstate_;
};

// ?1, ?2, … as $1, $2, …, leaving quoted text alone. Returns the highest parameter number too.
std::pair<std::string, int> numbered_parameters(const char* sql);

class Connection;

class Statement final : public sql::Statement {
public:
    Statement(Connection& conn, std::string name, int parameters);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() override;

    using sql::Statement::bind;
    Statement& reset() override;
    Statement& bind(int idx, std::int64_t v) override;
    Statement& bind(int idx, std::string_view v) override;
    Statement& bind_null(int idx) override;

    bool step() override;
    void run() override;

    std::int64_t int64(int col) const override;
    std::string text(int col) const override;
    bool is_null(int col) const override;

private:
    void execute();
    std::optional<std::string>& slot(int idx);

    Connection& conn_;
    std::string name_;
    std::vector<std::optional<std::string>> values_;
    PGresult* result_ = nullptr;
    int row_ = -1;
};

class Connection final : public sql::Connection {
public:
    // Connects with a libpq connection string (key=value or postgresql:// URI). Throws Error.
    explicit Connection(const std::string& conninfo);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() override;

    Statement& prepare(const char* sql) override;
    std::int64_t changes() const override { return changes_; }
    void reset_all() override;
    sql::Dialect dialect() const override { return sql::Dialect::postgresql; }

    // Runs statements without parameters (BEGIN, COMMIT, schema), several separated by ';'.
    void exec(const char* sql);
    // Runs exec and ignores a failure: for ROLLBACK on a connection that may be gone.
    void exec_quietly(const char* sql) noexcept;
    // False once the server is unreachable; reconnect() then opens a new session.
    bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
    // True once a statement threw TransactionAborted, until clear_aborted() (at each BEGIN): the
    // store then runs the transaction again even if the exception was caught and not passed on.
    bool aborted() const { return aborted_; }
    void clear_aborted() { aborted_ = false; }
    void reconnect();

    // The result of a statement, checked: throws Error (TransactionAborted for a conflict or a
    // lost connection) unless the status is one of the good ones. Takes ownership of res.
    PGresult* checked(PGresult* res, const char* what);
    PGconn* handle() { return conn_; }

private:
    friend class Statement;
    void configure();
    PGconn* conn_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
    std::int64_t changes_ = 0;
    int next_name_ = 1;
    bool aborted_ = false;
};

// SQLSTATEs after which the whole transaction is run again: serialization failure, deadlock.
bool is_conflict(const std::string& sqlstate);

}  // namespace hotline::workflow::pg
