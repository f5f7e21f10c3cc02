// The audit chain in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define AUDIT_COLUMNS "seq, ticket_id, actor, action, from_state, to_state, note, at, prev_hash, hash, unit_code, hash_version "

namespace hotline::workflow {

namespace {
AuditEvent read_audit(const sql::Statement& st) {
    AuditEvent e;
    e.seq = st.int64(0);
    e.ticket_id = st.int64(1);
    e.actor = st.text(2);
    e.action = st.text(3);
    e.from_state = st.text(4);
    e.to_state = st.text(5);
    e.note = st.text(6);
    e.at = from_unix(st.int64(7));
    e.prev_hash = st.text(8);
    e.hash = st.text(9);
    e.unit_code = st.text(10);
    e.hash_version = static_cast<int>(st.int64(11));
    return e;
}
}  // namespace

AuditEvent SqlAudit::append(AuditEvent e) {
    auto& last = db_.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    e.seq = 1;
    e.prev_hash = kGenesisHash;
    if (last.step()) {
        e.seq = last.int64(0) + 1;
        e.prev_hash = last.text(1);
    }
    last.reset();
    e.hash_version = kAuditHashVersion;
    e.hash = audit_hash(e, e.prev_hash);
    auto& st = db_.prepare(
        "INSERT INTO audit_events(seq, ticket_id, actor, action, from_state, to_state, note, at, prev_hash, hash, "
        "unit_code, hash_version) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    st.bind(1, e.seq).bind(2, e.ticket_id).bind(3, e.actor).bind(4, e.action).bind(5, e.from_state);
    st.bind(6, e.to_state).bind(7, e.note).bind(8, to_unix(e.at)).bind(9, e.prev_hash).bind(10, e.hash);
    st.bind(11, e.unit_code).bind(12, e.hash_version).run();
    return e;
}

std::vector<AuditEvent> SqlAudit::of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " AUDIT_COLUMNS
        "FROM audit_events WHERE ticket_id = ?1 ORDER BY seq");
    st.bind(1, ticket_id);
    return all_rows<AuditEvent>(st, read_audit);
}

std::vector<AuditEvent> SqlAudit::between(Instant from, Instant to) {
    auto& st = db_.prepare(
        "SELECT " AUDIT_COLUMNS
        "FROM audit_events WHERE at >= ?1 AND at < ?2 ORDER BY seq");
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    return all_rows<AuditEvent>(st, read_audit);
}

void SqlAudit::for_each(const std::function<bool(const AuditEvent&)>& fn) {
    auto& st = db_.prepare(
        "SELECT " AUDIT_COLUMNS
        "FROM audit_events ORDER BY seq");
    while (st.step())
        if (!fn(read_audit(st))) break;
    st.reset();
}

}  // namespace hotline::workflow
