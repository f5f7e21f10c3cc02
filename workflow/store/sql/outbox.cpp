// The outbox in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define OUTBOX_COLUMNS \
    "id, channel, recipient, dedup_key, kind, payload, ticket_id, state, attempts, next_attempt_at, last_error, purpose, " \
    "parts_sent, CASE WHEN claimed_at IS NULL THEN 0 ELSE 1 END "

namespace hotline::workflow {

namespace {
OutboxMessage read_outbox(const sql::Statement& st) {
    OutboxMessage m;
    m.id = st.int64(0);
    m.channel = st.text(1);
    m.recipient = st.text(2);
    m.dedup_key = st.text(3);
    m.kind = st.text(4);
    m.payload = st.text(5);
    m.ticket_id = st.int64(6);
    m.state = st.text(7);
    m.attempts = static_cast<int>(st.int64(8));
    m.next_attempt_at = from_unix(st.int64(9));
    m.last_error = st.text(10);
    m.purpose = parse_outbox_purpose(st.text(11));
    m.parts_sent = static_cast<int>(st.int64(12));
    m.interrupted = st.int64(13) != 0;
    return m;
}
}  // namespace

bool SqlOutbox::enqueue(const OutboxMessage& m) {
    auto& st = db_.prepare(
        "INSERT INTO outbox(channel, recipient, dedup_key, kind, payload, ticket_id, next_attempt_at, created_at, purpose) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8) ON CONFLICT(dedup_key) DO NOTHING");
    st.bind(1, m.channel).bind(2, m.recipient).bind(3, m.dedup_key).bind(4, m.kind).bind(5, m.payload);
    st.bind(6, m.ticket_id).bind(7, to_unix(m.next_attempt_at)).bind(8, std::string(to_string(m.purpose)));
    st.run();
    return db_.changes() == 1;
}

std::optional<std::int64_t> SqlOutbox::id_of(const std::string& dedup_key) {
    auto& st = db_.prepare("SELECT id FROM outbox WHERE dedup_key = ?1");
    st.bind(1, dedup_key);
    return one_row<std::int64_t>(st, first_int64);
}

std::vector<OutboxMessage> SqlOutbox::of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " OUTBOX_COLUMNS "FROM outbox WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    return all_rows<OutboxMessage>(st, read_outbox);
}

std::vector<OutboxMessage> SqlOutbox::due(Instant now, int limit, const std::string& owner) {
    auto& st = db_.prepare(HOTLINE_SQL_CLAIM(
        db_, "SELECT " OUTBOX_COLUMNS "FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 "
             "AND (claimed_by = '' OR claimed_by = ?3 OR lease_until IS NULL OR lease_until <= ?1) "
             "ORDER BY purpose = 'answer' DESC, next_attempt_at, id LIMIT ?2"));
    st.bind(1, to_unix(now)).bind(2, limit).bind(3, owner);
    return all_rows<OutboxMessage>(st, read_outbox);
}

void SqlOutbox::claim(std::int64_t id, Instant at, const std::string& owner, Instant lease_until) {
    auto& st = db_.prepare(
        "UPDATE outbox SET claimed_at = ?2, claimed_by = ?3, lease_until = ?4 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, to_unix(at)).bind(3, owner).bind(4, to_unix(lease_until)).run();
}

void SqlOutbox::sent(std::int64_t id, Instant at) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?2, last_error = '', claimed_at = NULL, "
        "claimed_by = '', lease_until = NULL WHERE id = ?1");
    st.bind(1, id).bind(2, to_unix(at)).run();
}

void SqlOutbox::part_sent(std::int64_t id, int parts_sent) {
    auto& st = db_.prepare("UPDATE outbox SET parts_sent = ?2 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, parts_sent).run();
}

void SqlOutbox::merged(std::int64_t id, std::int64_t digest_id, Instant at) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'merged', last_error = ?2, sent_at = ?3 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, "merged into digest #" + std::to_string(digest_id)).bind(3, to_unix(at)).run();
}

void SqlOutbox::reschedule(std::int64_t id, int attempts, Instant next, const std::string& error) {
    auto& st = db_.prepare(
        "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, claimed_at = NULL, claimed_by = '', "
        "lease_until = NULL WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, attempts).bind(3, to_unix(next)).bind(4, error).run();
}

void SqlOutbox::dead(std::int64_t id, int attempts, const std::string& reason, Instant at) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'dead', attempts = ?2, last_error = ?3, sent_at = ?4, claimed_at = NULL, "
        "claimed_by = '', lease_until = NULL WHERE id = ?1");
    st.bind(1, id).bind(2, attempts).bind(3, reason).bind(4, to_unix(at)).run();
}

std::vector<OutboxMessage> SqlOutbox::dead_letters(int limit) {
    auto& st = db_.prepare("SELECT " OUTBOX_COLUMNS "FROM outbox WHERE state = 'dead' ORDER BY id DESC LIMIT ?1");
    st.bind(1, limit);
    return all_rows<OutboxMessage>(st, read_outbox);
}

bool SqlOutbox::requeue_dead_letter(std::int64_t id, Instant now) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?2 WHERE id = ?1 AND state = 'dead'");
    st.bind(1, id).bind(2, to_unix(now)).run();
    return db_.changes() == 1;
}

std::map<std::pair<std::string, std::string>, std::int64_t> SqlOutbox::counts_by_state() {
    auto& st = db_.prepare("SELECT channel, state, COUNT(*) FROM outbox GROUP BY channel, state");
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    while (st.step()) out[{st.text(0), st.text(1)}] = st.int64(2);
    return out;
}

}  // namespace hotline::workflow
