#include "workflow/store/postgresql/pg_connection.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "workflow/store/store.h"

namespace hotline::workflow::pg {

namespace {

// `aborted` is set when the failure gives the transaction up, so that a caller who catches the
// exception on the way cannot make the store commit what the server has already thrown away.
[[noreturn]] void throw_failure(PGconn* conn, PGresult* res, const char* what, bool& aborted) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    std::string message = res ? PQresultErrorMessage(res) : "";
    if (message.empty()) message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    if (res) PQclear(res);
    const std::string text = std::string("postgresql: ") + what + ": " + message;
    // A lost connection (SQLSTATE class 08, or no result at all) and a conflict both mean: give
    // the transaction up and run it again; so does any statement after such a failure was caught
    // (25P02, "current transaction is aborted").
    if (PQstatus(conn) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || is_conflict(sqlstate) ||
        (aborted && sqlstate == "25P02")) {
        aborted = true;
        throw TransactionAborted(text);
    }
    throw Error(text, sqlstate);
}

}  // namespace

bool is_conflict(const std::string& sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

std::pair<std::string, int> numbered_parameters(const char* sql) {
    std::string out;
    int highest = 0;
    bool quoted = false;
    for (const char* p = sql; *p; ++p) {
        if (*p == '\'') quoted = !quoted;
        if (!quoted && *p == '?' && p[1] >= '0' && p[1] <= '9') {
            out += '$';
            int n = 0;
            while (p[1] >= '0' && p[1] <= '9') {
                n = n * 10 + (p[1] - '0');
                out += *++p;
            }
            highest = std::max(highest, n);
            continue;
        }
        out += *p;
    }
    return {out, highest};
}

Statement::Statement(Connection& conn, std::string name, int parameters)
    : conn_(conn), name_(std::move(name)), values_(static_cast<std::size_t>(parameters)) {}

Statement::~Statement() {
    if (result_) PQclear(result_);
}

Statement& Statement::reset() {
    if (result_) PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    for (auto& v : values_) v.reset();
    return *this;
}

std::optional<std::string>& Statement::slot(int idx) {
    if (idx < 1 || idx > static_cast<int>(values_.size()))
        throw Error("postgresql: bind: no parameter " + std::to_string(idx) + " in " + name_, "");
    return values_[static_cast<std::size_t>(idx - 1)];
}

Statement& Statement::bind(int idx, std::int64_t v) {
    slot(idx) = std::to_string(v);
    return *this;
}

Statement& Statement::bind(int idx, std::string_view v) {
    slot(idx) = std::string(v);
    return *this;
}

Statement& Statement::bind_null(int idx) {
    slot(idx).reset();
    return *this;
}

void Statement::execute() {
    std::vector<const char*> params;
    params.reserve(values_.size());
    for (const auto& v : values_) params.push_back(v ? v->c_str() : nullptr);
    if (result_) PQclear(result_);
    result_ = nullptr;
    result_ = conn_.checked(PQexecPrepared(conn_.conn_, name_.c_str(), static_cast<int>(params.size()), params.data(),
                                           nullptr, nullptr, 0),
                            name_.c_str());
    const char* tuples = PQcmdTuples(result_);
    conn_.changes_ = tuples && *tuples ? std::stoll(tuples) : 0;
    row_ = -1;
}

bool Statement::step() {
    if (!result_) execute();
    if (row_ + 1 >= PQntuples(result_)) return false;
    ++row_;
    return true;
}

void Statement::run() { execute(); }

std::int64_t Statement::int64(int col) const {
    if (PQgetisnull(result_, row_, col)) return 0;
    const char* v = PQgetvalue(result_, row_, col);
    const char* end = v + PQgetlength(result_, row_, col);
    std::int64_t out = 0;
    const auto [ptr, ec] = std::from_chars(v, end, out);
    if (ec != std::errc{} || ptr != end)
        throw Error(std::string("postgresql: column ") + std::to_string(col) + " is not an integer: " + v, "");
    return out;
}

std::string Statement::text(int col) const {
    return std::string(PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col)));
}

bool Statement::is_null(int col) const { return PQgetisnull(result_, row_, col) != 0; }

Connection::Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_) throw Error("postgresql: connect: out of memory", "");
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        PQfinish(conn_);
        conn_ = nullptr;
        throw Error("postgresql: connect: " + message, "08001");
    }
    configure();
}

void Connection::configure() {
    // The server's notices (e.g. "already exists, skipping") go to the debug log, not stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char* message) { spdlog::debug("postgresql: {}", message); }, nullptr);
    // Text is UTF-8 whatever the server's default.
    exec("SET client_encoding = 'UTF8'");
    // No JIT compilation: the bot's statements are short or index-bound, and compiling the
    // report's took longer (0.36 s over 1,000,000 tickets) than it saved.
    exec("SET jit = off");
}

Connection::~Connection() {
    cache_.clear();
    if (conn_) PQfinish(conn_);
}

PGresult* Connection::checked(PGresult* res, const char* what) {
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
    throw_failure(conn_, res, what, aborted_);
}

Statement& Connection::prepare(const char* sql) {
    // Keyed by the literal's address: every SQL text in this project is a string constant.
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        const auto [text, parameters] = numbered_parameters(sql);
        const std::string name = "s" + std::to_string(next_name_++);
        PQclear(checked(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr), sql));
        it = cache_.emplace(sql, std::make_unique<Statement>(*this, name, parameters)).first;
    }
    return it->second->reset();
}

void Connection::reset_all() {
    for (auto& [sql, stmt] : cache_) stmt->reset();
}

void Connection::exec(const char* sql) { PQclear(checked(PQexec(conn_, sql), sql)); }

void Connection::exec_quietly(const char* sql) noexcept {
    if (PGresult* res = PQexec(conn_, sql)) PQclear(res);
}

void Connection::reconnect() {
    cache_.clear();  // a new session has none of the old one's prepared statements
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn_);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        throw TransactionAborted("postgresql: reconnect: " + message);
    }
    configure();
}

}  // namespace hotline::workflow::pg
