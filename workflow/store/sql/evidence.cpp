// Evidence from chat, and the ticket each sender named with 材料 N, in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define EVIDENCE_COLUMNS                                                                                    \
    "id, ticket_id, sender, kind, media_id, state, sha256, mime, size, detail, attempts, received_at, " \
    "next_attempt_at, stored_at, expiry_warned "

namespace hotline::workflow {

namespace {
Evidence read_evidence(const sql::Statement& st) {
    Evidence e;
    e.id = st.int64(0);
    e.ticket_id = st.int64(1);
    e.sender = st.text(2);
    e.kind = st.text(3);
    e.media_id = st.text(4);
    e.state = st.text(5);
    e.sha256 = st.text(6);
    e.mime = st.text(7);
    e.size = st.int64(8);
    e.detail = st.text(9);
    e.attempts = static_cast<int>(st.int64(10));
    e.received_at = from_unix(st.int64(11));
    e.next_attempt_at = from_unix(st.int64(12));
    e.stored_at = opt_instant(st, 13);
    e.expiry_warned = st.int64(14) != 0;
    return e;
}
}  // namespace

std::int64_t SqlEvidence::insert(const Evidence& e) {
    auto& st = db_.prepare(
        "INSERT INTO evidence(ticket_id, sender, kind, media_id, state, sha256, mime, size, detail, attempts, "
        "received_at, next_attempt_at, stored_at, expiry_warned) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id");
    st.bind(1, e.ticket_id).bind(2, e.sender).bind(3, e.kind).bind(4, e.media_id).bind(5, e.state);
    st.bind(6, e.sha256).bind(7, e.mime).bind(8, e.size).bind(9, e.detail).bind(10, e.attempts);
    st.bind(11, to_unix(e.received_at)).bind(12, to_unix(e.next_attempt_at)).bind(13, opt_unix(e.stored_at));
    st.bind(14, e.expiry_warned ? 1 : 0);
    return inserted_id(st);
}

void SqlEvidence::update(const Evidence& e) {
    auto& st = db_.prepare(
        "UPDATE evidence SET ticket_id = ?2, state = ?3, sha256 = ?4, mime = ?5, size = ?6, detail = ?7, "
        "attempts = ?8, next_attempt_at = ?9, stored_at = ?10, expiry_warned = ?11 WHERE id = ?1");
    st.bind(1, e.id).bind(2, e.ticket_id).bind(3, e.state).bind(4, e.sha256).bind(5, e.mime).bind(6, e.size);
    st.bind(7, e.detail).bind(8, e.attempts).bind(9, to_unix(e.next_attempt_at)).bind(10, opt_unix(e.stored_at));
    st.bind(11, e.expiry_warned ? 1 : 0).run();
    if (db_.changes() != 1) throw std::runtime_error("update_evidence: no evidence " + std::to_string(e.id));
}

std::vector<Evidence> SqlEvidence::due(Instant now, int limit) {
    auto& st = db_.prepare(HOTLINE_SQL_CLAIM(db_, "SELECT " EVIDENCE_COLUMNS
                                                  "FROM evidence WHERE state = 'downloading' AND next_attempt_at <= ?1 "
                                                  "ORDER BY next_attempt_at, id LIMIT ?2"));
    st.bind(1, to_unix(now)).bind(2, limit);
    return all_rows<Evidence>(st, read_evidence);
}

std::vector<Evidence> SqlEvidence::of(std::int64_t ticket_id) {
    auto& st = db_.prepare("SELECT " EVIDENCE_COLUMNS "FROM evidence WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    return all_rows<Evidence>(st, read_evidence);
}

std::vector<Evidence> SqlEvidence::awaiting_ticket(const std::string& sender) {
    auto& st = db_.prepare("SELECT " EVIDENCE_COLUMNS
                           "FROM evidence WHERE sender = ?1 AND state = 'awaiting_ticket' ORDER BY id");
    st.bind(1, sender);
    return all_rows<Evidence>(st, read_evidence);
}

void SqlEvidence::set_target(const std::string& userid, std::int64_t ticket_id, Instant at) {
    auto& st = db_.prepare(
        "INSERT INTO evidence_targets(userid, ticket_id, at) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(userid) DO UPDATE SET ticket_id = excluded.ticket_id, at = excluded.at");
    st.bind(1, userid).bind(2, ticket_id).bind(3, to_unix(at)).run();
}

std::optional<std::pair<std::int64_t, Instant>> SqlEvidence::target(const std::string& userid) {
    auto& st = db_.prepare("SELECT ticket_id, at FROM evidence_targets WHERE userid = ?1");
    st.bind(1, userid);
    std::optional<std::pair<std::int64_t, Instant>> out;
    if (st.step()) out = std::make_pair(st.int64(0), from_unix(st.int64(1)));
    st.reset();
    return out;
}

}  // namespace hotline::workflow
