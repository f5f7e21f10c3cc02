// Unit requests (return, extension) in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define REQUEST_COLUMNS \
    "id, ticket_id, kind, state, days, reason, requested_by, requested_at, decided_by, decided_at, decision_note "

namespace hotline::workflow {

namespace {
Request read_request(const sql::Statement& st) {
    Request r;
    r.id = st.int64(0);
    r.ticket_id = st.int64(1);
    r.kind = parse_request_kind(st.text(2)).value_or(RequestKind::return_request);
    r.state = parse_request_state(st.text(3)).value_or(RequestState::pending);
    r.days = static_cast<int>(st.int64(4));
    r.reason = st.text(5);
    r.requested_by = st.text(6);
    r.requested_at = from_unix(st.int64(7));
    r.decided_by = st.text(8);
    r.decided_at = opt_instant(st, 9);
    r.decision_note = st.text(10);
    return r;
}
}  // namespace

std::int64_t SqlRequests::insert(const Request& r) {
    auto& st = db_.prepare(
        "INSERT INTO requests(ticket_id, kind, state, days, reason, requested_by, requested_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
    st.bind(1, r.ticket_id).bind(2, to_string(r.kind)).bind(3, to_string(r.state)).bind(4, r.days);
    st.bind(5, r.reason).bind(6, r.requested_by).bind(7, to_unix(r.requested_at));
    return inserted_id(st);
}

void SqlRequests::update(const Request& r) {
    auto& st = db_.prepare(
        "UPDATE requests SET state = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5 WHERE id = ?1");
    std::optional<std::int64_t> decided;
    if (r.decided_at) decided = to_unix(*r.decided_at);
    st.bind(1, r.id).bind(2, to_string(r.state)).bind(3, r.decided_by).bind(4, decided).bind(5, r.decision_note);
    st.run();
}

std::optional<Request> SqlRequests::pending_of(std::int64_t ticket_id, RequestKind kind) {
    auto& st = db_.prepare(
        "SELECT " REQUEST_COLUMNS "FROM requests WHERE ticket_id = ?1 AND kind = ?2 AND state = 'pending'");
    st.bind(1, ticket_id).bind(2, to_string(kind));
    return one_row<Request>(st, read_request);
}

std::vector<Request> SqlRequests::of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " REQUEST_COLUMNS "FROM requests WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    return all_rows<Request>(st, read_request);
}

std::vector<Request> SqlRequests::pending(int limit) {
    auto& st = db_.prepare(
        "SELECT " REQUEST_COLUMNS "FROM requests WHERE state = 'pending' ORDER BY requested_at, id LIMIT ?1");
    st.bind(1, limit);
    return all_rows<Request>(st, read_request);
}

}  // namespace hotline::workflow
