#include "workflow/store/sqlite_tx.h"
#include "workflow/store/sqlite_values.h"

#include "workflow/lifecycle.h"

#include <nlohmann/json.hpp>

// Column lists shared by the SELECTs below, in the order the read_* functions expect. Joined to
// the statements at compile time: every statement is still one constant string.
#define TICKET_COLUMNS                                                                                            \
    "id, source, source_id, title, content, category, state, signoff_level, unit_code, claimed_by, accepted_by, " \
    "received_at, dispatched_at, feedback_deadline, report_deadline, deadline_version, extension_days, "          \
    "redo_count, supervision_count, result, survey_outcome, updated_at, citizen_phone_enc, phone_hash, content_key, " \
    "redo_deadline "
#define REQUEST_COLUMNS \
    "id, ticket_id, kind, state, days, reason, requested_by, requested_at, decided_by, decided_at, decision_note "
#define AUDIT_COLUMNS "seq, ticket_id, actor, action, from_state, to_state, note, at, prev_hash, hash, unit_code, hash_version "
#define INBOX_COLUMNS "id, channel, dedup_key, payload, received_at, state "
#define OUTBOX_COLUMNS \
    "id, channel, recipient, dedup_key, kind, payload, ticket_id, state, attempts, next_attempt_at, last_error, purpose, " \
    "parts_sent, claimed_at IS NOT NULL "
#define TIMER_COLUMNS "id, ticket_id, kind, due_at, deadline_version, state "

namespace hotline::workflow {

namespace {
// The lifecycle's "with the unit" set, bound as one JSON array parameter (json_each) so the
// statement does not repeat the states.
const std::string& with_unit_states_json() {
    static const std::string json = [] {
        nlohmann::json a = nlohmann::json::array();
        for (const State s : kWithUnit) a.push_back(std::string(to_string(s)));
        return a.dump();
    }();
    return json;
}

Ticket read_ticket(const sqlite::Stmt& st) {
    Ticket t;
    t.id = st.int64(0);
    t.source = st.text(1);
    t.source_id = st.text(2);
    t.title = st.text(3);
    t.content = st.text(4);
    t.category = parse_category(st.text(5)).value_or(Category::unknown);
    t.state = parse_state(st.text(6)).value_or(State::received);
    t.signoff_level = static_cast<int>(st.int64(7));
    t.unit_code = st.text(8);
    t.claimed_by = st.text(9);
    t.accepted_by = st.text(10);
    t.received_at = from_unix(st.int64(11));
    t.dispatched_at = opt_instant(st, 12);
    t.feedback_deadline = opt_instant(st, 13);
    t.report_deadline = opt_instant(st, 14);
    t.deadline_version = static_cast<int>(st.int64(15));
    t.extension_days = static_cast<int>(st.int64(16));
    t.redo_count = static_cast<int>(st.int64(17));
    t.supervision_count = static_cast<int>(st.int64(18));
    t.result = st.text(19);
    t.survey_outcome = st.text(20);
    t.updated_at = from_unix(st.int64(21));
    t.citizen_phone_enc = st.text(22);
    t.phone_hash = st.text(23);
    t.content_key = st.text(24);
    t.redo_deadline = opt_instant(st, 25);
    return t;
}

Request read_request(const sqlite::Stmt& st) {
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

AuditEvent read_audit(const sqlite::Stmt& st) {
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

Unit read_unit(const sqlite::Stmt& st) {
    Unit u;
    u.code = st.text(0);
    u.name = st.text(1);
    u.aliases = nlohmann::json::parse(st.text(2)).get<std::vector<std::string>>();
    return u;
}

std::string join_roles(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) {
        if (!out.empty()) out += ',';
        out += to_string(r);
    }
    return out;
}

std::vector<Role> split_roles(const std::string& s) {
    std::vector<Role> roles;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = s.find(',', start);
        const auto part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (auto r = parse_role(part)) roles.push_back(*r);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return roles;
}

Person read_person(const sqlite::Stmt& st) {
    Person p;
    p.userid = st.text(0);
    p.name = st.text(1);
    p.unit_code = st.text(2);
    p.roles = split_roles(st.text(3));
    p.active = st.int64(4) != 0;
    return p;
}

InboxEntry read_inbox(const sqlite::Stmt& st) {
    InboxEntry e;
    e.id = st.int64(0);
    e.channel = st.text(1);
    e.dedup_key = st.text(2);
    e.payload = st.text(3);
    e.received_at = from_unix(st.int64(4));
    e.state = st.text(5);
    return e;
}

OutboxMessage read_outbox(const sqlite::Stmt& st) {
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

Timer read_timer(const sqlite::Stmt& st) {
    Timer t;
    t.id = st.int64(0);
    t.ticket_id = st.int64(1);
    const auto kind = st.text(2);
    const auto parsed = parse_timer_kind(kind);
    // Written by a newer version, or damaged: loud, rather than a reminder that silently never fires.
    if (!parsed) throw std::runtime_error("timers: unknown kind \"" + kind + "\" in row " + std::to_string(t.id));
    t.kind = *parsed;
    t.due_at = from_unix(st.int64(3));
    t.deadline_version = static_cast<int>(st.int64(4));
    t.state = st.text(5);
    return t;
}
}  // namespace

std::int64_t SqliteTx::insert_ticket(const NewTicket& t) {
    auto& st = db_.prepare(
        "INSERT INTO tickets(source, source_id, title, content, category, state, received_at, updated_at, "
        "citizen_name_enc, citizen_phone_enc, phone_hash, content_key, location, attachments) "
        "VALUES(?1, ?2, ?3, ?4, ?5, 'received', ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    st.bind(1, t.source).bind(2, t.source_id).bind(3, t.title).bind(4, t.content);
    st.bind(5, to_string(t.category)).bind(6, to_unix(t.received_at));
    st.bind(7, t.citizen_name_enc).bind(8, t.citizen_phone_enc).bind(9, t.phone_hash).bind(10, t.content_key);
    st.bind(11, t.location).bind(12, t.attachments);
    st.run();
    const auto id = db_.last_insert_id();
    add_ticket_source(id, t.source, t.source_id, t.received_at);
    return id;
}

std::optional<std::int64_t> SqliteTx::ticket_for_source(const std::string& source, const std::string& source_id) {
    auto& st = db_.prepare("SELECT ticket_id FROM ticket_sources WHERE source = ?1 AND source_id = ?2");
    st.bind(1, source).bind(2, source_id);
    std::optional<std::int64_t> out;
    if (st.step()) out = st.int64(0);
    st.reset();
    return out;
}

bool SqliteTx::add_ticket_source(std::int64_t ticket_id, const std::string& source, const std::string& source_id,
                                 Instant received_at) {
    auto& st = db_.prepare(
        "INSERT INTO ticket_sources(source, source_id, ticket_id, received_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(source, source_id) DO NOTHING");
    st.bind(1, source).bind(2, source_id).bind(3, ticket_id).bind(4, to_unix(received_at)).run();
    return db_.changes() == 1;
}

std::vector<std::pair<std::string, std::string>> SqliteTx::sources_of(std::int64_t ticket_id) {
    auto& st = db_.prepare("SELECT source, source_id FROM ticket_sources WHERE ticket_id = ?1 ORDER BY received_at, source");
    st.bind(1, ticket_id);
    std::vector<std::pair<std::string, std::string>> out;
    while (st.step()) out.emplace_back(st.text(0), st.text(1));
    return out;
}

std::vector<Ticket> SqliteTx::tickets_of_citizen(const std::string& phone_hash, int limit) {
    auto& st = db_.prepare("SELECT " TICKET_COLUMNS
                           "FROM tickets WHERE phone_hash = ?1 AND phone_hash != '' ORDER BY received_at DESC LIMIT ?2");
    st.bind(1, phone_hash).bind(2, limit);
    std::vector<Ticket> out;
    while (st.step()) out.push_back(read_ticket(st));
    return out;
}

void SqliteTx::move_ticket_sources(std::int64_t from_ticket, std::int64_t to_ticket) {
    auto& st = db_.prepare("UPDATE ticket_sources SET ticket_id = ?2 WHERE ticket_id = ?1");
    st.bind(1, from_ticket).bind(2, to_ticket).run();
}

bool SqliteTx::resolve_merge_candidate(std::int64_t a, std::int64_t b, const std::string& state) {
    auto& st = db_.prepare(
        "UPDATE merge_candidates SET state = ?3 WHERE state = 'open' AND "
        "((ticket_id = ?1 AND other_ticket_id = ?2) OR (ticket_id = ?2 AND other_ticket_id = ?1))");
    st.bind(1, a).bind(2, b).bind(3, state).run();
    return db_.changes() > 0;
}

bool SqliteTx::add_merge_candidate(std::int64_t ticket_id, std::int64_t other_ticket_id, const std::string& reason,
                                   Instant now) {
    auto& st = db_.prepare(
        "INSERT INTO merge_candidates(ticket_id, other_ticket_id, reason, created_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(ticket_id, other_ticket_id) DO NOTHING");
    st.bind(1, ticket_id).bind(2, other_ticket_id).bind(3, reason).bind(4, to_unix(now)).run();
    return db_.changes() == 1;
}

std::optional<Ticket> SqliteTx::ticket(std::int64_t id) {
    auto& st = db_.prepare(
        "SELECT " TICKET_COLUMNS
        "FROM tickets WHERE id = ?1");
    st.bind(1, id);
    std::optional<Ticket> out;
    if (st.step()) out = read_ticket(st);
    st.reset();
    return out;
}

void SqliteTx::update_ticket(const Ticket& t) {
    auto& st = db_.prepare(
        "UPDATE tickets SET category = ?2, state = ?3, signoff_level = ?4, unit_code = ?5, claimed_by = ?6, "
        "accepted_by = ?7, dispatched_at = ?8, feedback_deadline = ?9, report_deadline = ?10, "
        "deadline_version = ?11, extension_days = ?12, redo_count = ?13, supervision_count = ?14, result = ?15, "
        "survey_outcome = ?16, updated_at = ?17, redo_deadline = ?18 WHERE id = ?1");
    st.bind(1, t.id).bind(2, to_string(t.category)).bind(3, to_string(t.state)).bind(4, t.signoff_level);
    st.bind(5, t.unit_code).bind(6, t.claimed_by).bind(7, t.accepted_by).bind(8, opt_unix(t.dispatched_at));
    st.bind(9, opt_unix(t.feedback_deadline)).bind(10, opt_unix(t.report_deadline)).bind(11, t.deadline_version);
    st.bind(12, t.extension_days).bind(13, t.redo_count).bind(14, t.supervision_count).bind(15, t.result);
    st.bind(16, t.survey_outcome).bind(17, to_unix(t.updated_at)).bind(18, opt_unix(t.redo_deadline));
    st.run();
    if (db_.changes() != 1) throw std::runtime_error("update_ticket: no ticket " + std::to_string(t.id));
}

std::map<std::string, std::int64_t> SqliteTx::ticket_counts_by_state() {
    auto& st = db_.prepare("SELECT state, COUNT(*) FROM tickets GROUP BY state");
    std::map<std::string, std::int64_t> out;
    while (st.step()) out[st.text(0)] = st.int64(1);
    return out;
}

std::optional<std::int64_t> SqliteTx::ticket_id_by_source(const std::string& source_id) {
    auto& st = db_.prepare("SELECT ticket_id FROM ticket_sources WHERE source_id = ?1 ORDER BY ticket_id LIMIT 1");
    st.bind(1, source_id);
    std::optional<std::int64_t> out;
    if (st.step()) out = st.int64(0);
    st.reset();
    return out;
}

std::vector<Ticket> SqliteTx::tickets_in_state(State s, const std::string& unit_code, int limit) {
    auto& st = db_.prepare(
        "SELECT " TICKET_COLUMNS
        "FROM tickets WHERE state = ?1 AND (?2 = '' OR unit_code = ?2) "
        "ORDER BY feedback_deadline IS NULL, feedback_deadline, id LIMIT ?3");
    st.bind(1, to_string(s)).bind(2, unit_code).bind(3, limit);
    std::vector<Ticket> out;
    while (st.step()) out.push_back(read_ticket(st));
    return out;
}

std::vector<Ticket> SqliteTx::overdue_tickets(Instant now, int limit) {
    auto& st = db_.prepare(
        "SELECT " TICKET_COLUMNS
        "FROM tickets WHERE state IN (SELECT value FROM json_each(?3)) "
        "AND COALESCE(redo_deadline, feedback_deadline) < ?1 "
        "ORDER BY COALESCE(redo_deadline, feedback_deadline), id LIMIT ?2");
    st.bind(1, to_unix(now)).bind(2, limit).bind(3, with_unit_states_json());
    std::vector<Ticket> out;
    while (st.step()) out.push_back(read_ticket(st));
    return out;
}

std::vector<Request> SqliteTx::pending_requests(int limit) {
    auto& st = db_.prepare(
        "SELECT " REQUEST_COLUMNS "FROM requests WHERE state = 'pending' ORDER BY requested_at, id LIMIT ?1");
    st.bind(1, limit);
    std::vector<Request> out;
    while (st.step()) out.push_back(read_request(st));
    return out;
}

std::map<std::string, std::map<std::string, std::int64_t>> SqliteTx::ticket_counts_by_unit() {
    auto& st = db_.prepare("SELECT unit_code, state, COUNT(*) FROM tickets GROUP BY unit_code, state");
    std::map<std::string, std::map<std::string, std::int64_t>> out;
    while (st.step()) out[st.text(0)][st.text(1)] = st.int64(2);
    return out;
}

std::map<std::string, std::int64_t> SqliteTx::overdue_counts_by_unit(Instant now) {
    auto& st = db_.prepare(
        "SELECT unit_code, COUNT(*) FROM tickets WHERE state IN (SELECT value FROM json_each(?2)) "
        "AND COALESCE(redo_deadline, feedback_deadline) < ?1 GROUP BY unit_code");
    st.bind(1, to_unix(now)).bind(2, with_unit_states_json());
    std::map<std::string, std::int64_t> out;
    while (st.step()) out[st.text(0)] = st.int64(1);
    return out;
}

std::int64_t SqliteTx::insert_request(const Request& r) {
    auto& st = db_.prepare(
        "INSERT INTO requests(ticket_id, kind, state, days, reason, requested_by, requested_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, r.ticket_id).bind(2, to_string(r.kind)).bind(3, to_string(r.state)).bind(4, r.days);
    st.bind(5, r.reason).bind(6, r.requested_by).bind(7, to_unix(r.requested_at));
    st.run();
    return db_.last_insert_id();
}

void SqliteTx::update_request(const Request& r) {
    auto& st = db_.prepare(
        "UPDATE requests SET state = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5 WHERE id = ?1");
    std::optional<std::int64_t> decided;
    if (r.decided_at) decided = to_unix(*r.decided_at);
    st.bind(1, r.id).bind(2, to_string(r.state)).bind(3, r.decided_by).bind(4, decided).bind(5, r.decision_note);
    st.run();
}

std::optional<Request> SqliteTx::pending_request(std::int64_t ticket_id, RequestKind kind) {
    auto& st = db_.prepare(
        "SELECT " REQUEST_COLUMNS "FROM requests WHERE ticket_id = ?1 AND kind = ?2 AND state = 'pending'");
    st.bind(1, ticket_id).bind(2, to_string(kind));
    std::optional<Request> out;
    if (st.step()) out = read_request(st);
    st.reset();
    return out;
}

std::vector<Request> SqliteTx::requests_of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " REQUEST_COLUMNS "FROM requests WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    std::vector<Request> out;
    while (st.step()) out.push_back(read_request(st));
    return out;
}

std::optional<Unit> SqliteTx::unit(const std::string& code) {
    auto& st = db_.prepare("SELECT code, name, aliases FROM units WHERE code = ?1 AND active = 1");
    st.bind(1, code);
    std::optional<Unit> out;
    if (st.step()) out = read_unit(st);
    st.reset();
    return out;
}

std::vector<Unit> SqliteTx::units() {
    auto& st = db_.prepare("SELECT code, name, aliases FROM units WHERE active = 1 ORDER BY code");
    std::vector<Unit> out;
    while (st.step()) out.push_back(read_unit(st));
    return out;
}

void SqliteTx::upsert_unit(const Unit& u) {
    auto& st = db_.prepare(
        "INSERT INTO units(code, name, aliases, active) VALUES(?1, ?2, ?3, 1) "
        "ON CONFLICT(code) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, active = 1");
    st.bind(1, u.code).bind(2, u.name).bind(3, nlohmann::json(u.aliases).dump());
    st.run();
}

void SqliteTx::deactivate_unit(const std::string& code) {
    auto& st = db_.prepare("UPDATE units SET active = 0 WHERE code = ?1");
    st.bind(1, code);
    st.run();
}

std::optional<Person> SqliteTx::person(const std::string& userid) {
    auto& st = db_.prepare("SELECT userid, name, unit_code, roles, active FROM people WHERE userid = ?1");
    st.bind(1, userid);
    std::optional<Person> out;
    if (st.step()) out = read_person(st);
    st.reset();
    return out;
}

std::vector<Person> SqliteTx::people() {
    auto& st = db_.prepare("SELECT userid, name, unit_code, roles, active FROM people ORDER BY userid");
    std::vector<Person> out;
    while (st.step()) out.push_back(read_person(st));
    return out;
}

void SqliteTx::upsert_person(const Person& p) {
    auto& st = db_.prepare(
        "INSERT INTO people(userid, name, unit_code, roles, active) VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(userid) DO UPDATE SET name = excluded.name, unit_code = excluded.unit_code, "
        "roles = excluded.roles, active = excluded.active");
    st.bind(1, p.userid).bind(2, p.name).bind(3, p.unit_code).bind(4, join_roles(p.roles)).bind(5, p.active ? 1 : 0);
    st.run();
}

std::vector<Person> SqliteTx::people_with_role(Role r, const std::string& unit_code) {
    // Roles are few per person; filter in code rather than parse the list in SQL.
    auto& st = db_.prepare(
        "SELECT userid, name, unit_code, roles, active FROM people "
        "WHERE active = 1 AND (?1 = '' OR unit_code = ?1) ORDER BY userid");
    st.bind(1, unit_code);
    std::vector<Person> out;
    while (st.step()) {
        Person p = read_person(st);
        if (p.has_role(r)) out.push_back(std::move(p));
    }
    return out;
}

AuditEvent SqliteTx::append_audit(AuditEvent e) {
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

std::vector<AuditEvent> SqliteTx::audit_of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " AUDIT_COLUMNS
        "FROM audit_events WHERE ticket_id = ?1 ORDER BY seq");
    st.bind(1, ticket_id);
    std::vector<AuditEvent> out;
    while (st.step()) out.push_back(read_audit(st));
    return out;
}

std::vector<AuditEvent> SqliteTx::audit_between(Instant from, Instant to) {
    auto& st = db_.prepare(
        "SELECT " AUDIT_COLUMNS
        "FROM audit_events WHERE at >= ?1 AND at < ?2 ORDER BY seq");
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    std::vector<AuditEvent> out;
    while (st.step()) out.push_back(read_audit(st));
    return out;
}

void SqliteTx::for_each_audit(const std::function<bool(const AuditEvent&)>& fn) {
    auto& st = db_.prepare(
        "SELECT " AUDIT_COLUMNS
        "FROM audit_events ORDER BY seq");
    while (st.step())
        if (!fn(read_audit(st))) break;
    st.reset();
}

bool SqliteTx::insert_inbox(const InboxEntry& e) {
    auto& st = db_.prepare(
        "INSERT INTO inbox(channel, dedup_key, payload, received_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(channel, dedup_key) DO NOTHING");
    st.bind(1, e.channel).bind(2, e.dedup_key).bind(3, e.payload).bind(4, to_unix(e.received_at));
    st.run();
    return db_.changes() == 1;
}

std::int64_t SqliteTx::inbox_count(const std::string& channel) {
    auto& st = db_.prepare("SELECT COUNT(*) FROM inbox WHERE channel = ?1");
    st.bind(1, channel);
    const std::int64_t n = st.step() ? st.int64(0) : 0;
    st.reset();
    return n;
}

std::optional<InboxEntry> SqliteTx::inbox_by_key(const std::string& channel, const std::string& dedup_key) {
    auto& st = db_.prepare(
        "SELECT " INBOX_COLUMNS "FROM inbox WHERE channel = ?1 AND dedup_key = ?2");
    st.bind(1, channel).bind(2, dedup_key);
    std::optional<InboxEntry> out;
    if (st.step()) out = read_inbox(st);
    st.reset();
    return out;
}

std::vector<InboxEntry> SqliteTx::new_inbox(int limit) {
    auto& st = db_.prepare(
        "SELECT " INBOX_COLUMNS "FROM inbox WHERE state = 'new' ORDER BY id LIMIT ?1");
    st.bind(1, limit);
    std::vector<InboxEntry> out;
    while (st.step()) out.push_back(read_inbox(st));
    return out;
}

std::optional<InboxEntry> SqliteTx::inbox_entry(std::int64_t id) {
    auto& st = db_.prepare("SELECT " INBOX_COLUMNS "FROM inbox WHERE id = ?1");
    st.bind(1, id);
    std::optional<InboxEntry> out;
    if (st.step()) out = read_inbox(st);
    st.reset();
    return out;
}

void SqliteTx::inbox_finish(std::int64_t id, const std::string& state, const std::string& error) {
    auto& st = db_.prepare("UPDATE inbox SET state = ?2, last_error = ?3, attempts = attempts + 1 WHERE id = ?1");
    st.bind(1, id).bind(2, state).bind(3, error).run();
}

bool SqliteTx::enqueue_outbox(const OutboxMessage& m) {
    auto& st = db_.prepare(
        "INSERT INTO outbox(channel, recipient, dedup_key, kind, payload, ticket_id, next_attempt_at, created_at, purpose) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8) ON CONFLICT(dedup_key) DO NOTHING");
    st.bind(1, m.channel).bind(2, m.recipient).bind(3, m.dedup_key).bind(4, m.kind).bind(5, m.payload);
    st.bind(6, m.ticket_id).bind(7, to_unix(m.next_attempt_at)).bind(8, std::string(to_string(m.purpose)));
    st.run();
    return db_.changes() == 1;
}

std::vector<OutboxMessage> SqliteTx::outbox_of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " OUTBOX_COLUMNS "FROM outbox WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    std::vector<OutboxMessage> out;
    while (st.step()) out.push_back(read_outbox(st));
    return out;
}

std::vector<OutboxMessage> SqliteTx::due_outbox(Instant now, int limit) {
    auto& st = db_.prepare(
        "SELECT " OUTBOX_COLUMNS "FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 "
        "ORDER BY purpose = 'answer' DESC, next_attempt_at, id LIMIT ?2");
    st.bind(1, to_unix(now)).bind(2, limit);
    std::vector<OutboxMessage> out;
    while (st.step()) out.push_back(read_outbox(st));
    return out;
}

std::optional<Instant> SqliteTx::next_outbox_due() {
    auto& st = db_.prepare("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'");
    std::optional<Instant> out;
    if (st.step() && !st.is_null(0)) out = from_unix(st.int64(0));
    st.reset();
    return out;
}

void SqliteTx::outbox_sent(std::int64_t id, Instant at) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?2, last_error = '', claimed_at = NULL "
        "WHERE id = ?1");
    st.bind(1, id).bind(2, to_unix(at)).run();
}

void SqliteTx::outbox_part_sent(std::int64_t id, int parts_sent) {
    auto& st = db_.prepare("UPDATE outbox SET parts_sent = ?2 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, parts_sent).run();
}

void SqliteTx::outbox_claim(std::int64_t id, Instant at) {
    auto& st = db_.prepare("UPDATE outbox SET claimed_at = ?2 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, to_unix(at)).run();
}

void SqliteTx::outbox_merged(std::int64_t id, std::int64_t digest_id, Instant at) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'merged', last_error = ?2, sent_at = ?3 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, "merged into digest #" + std::to_string(digest_id)).bind(3, to_unix(at)).run();
}

std::optional<std::int64_t> SqliteTx::outbox_id(const std::string& dedup_key) {
    auto& st = db_.prepare("SELECT id FROM outbox WHERE dedup_key = ?1");
    st.bind(1, dedup_key);
    std::optional<std::int64_t> out;
    if (st.step()) out = st.int64(0);
    st.reset();
    return out;
}

void SqliteTx::record_deliveries(const std::string& channel, const std::string& recipient, int count, Instant at) {
    auto& st = db_.prepare("INSERT INTO deliveries(channel, recipient, at) VALUES(?1, ?2, ?3)");
    for (int i = 0; i < count; ++i) st.reset().bind(1, channel).bind(2, recipient).bind(3, to_unix(at)).run();
}

std::vector<Instant> SqliteTx::deliveries_since(const std::string& channel, const std::string& recipient, Instant since) {
    auto& st = db_.prepare(
        "SELECT at FROM deliveries WHERE channel = ?1 AND recipient = ?2 AND at > ?3 ORDER BY at");
    st.bind(1, channel).bind(2, recipient).bind(3, to_unix(since));
    std::vector<Instant> out;
    while (st.step()) out.push_back(from_unix(st.int64(0)));
    return out;
}

void SqliteTx::forget_deliveries_before(Instant before) {
    auto& st = db_.prepare("DELETE FROM deliveries WHERE at < ?1");
    st.bind(1, to_unix(before)).run();
}

void SqliteTx::outbox_reschedule(std::int64_t id, int attempts, Instant next, const std::string& error) {
    auto& st = db_.prepare(
        "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, claimed_at = NULL "
        "WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, attempts).bind(3, to_unix(next)).bind(4, error).run();
}

void SqliteTx::outbox_dead(std::int64_t id, int attempts, const std::string& reason, Instant at) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'dead', attempts = ?2, last_error = ?3, sent_at = ?4, claimed_at = NULL WHERE id = ?1");
    st.bind(1, id).bind(2, attempts).bind(3, reason).bind(4, to_unix(at)).run();
}

std::vector<OutboxMessage> SqliteTx::dead_letters(int limit) {
    auto& st = db_.prepare("SELECT " OUTBOX_COLUMNS "FROM outbox WHERE state = 'dead' ORDER BY id DESC LIMIT ?1");
    st.bind(1, limit);
    std::vector<OutboxMessage> out;
    while (st.step()) out.push_back(read_outbox(st));
    return out;
}

bool SqliteTx::requeue_dead_letter(std::int64_t id, Instant now) {
    auto& st = db_.prepare(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?2 WHERE id = ?1 AND state = 'dead'");
    st.bind(1, id).bind(2, to_unix(now)).run();
    return db_.changes() == 1;
}

std::map<std::string, std::int64_t> SqliteTx::outbox_counts_by_state() {
    auto& st = db_.prepare("SELECT channel || ':' || state, COUNT(*) FROM outbox GROUP BY channel, state");
    std::map<std::string, std::int64_t> out;
    while (st.step()) out[st.text(0)] = st.int64(1);
    return out;
}

std::optional<ResultDraft> SqliteTx::result_draft(const std::string& userid) {
    auto& st = db_.prepare("SELECT userid, ticket_id, sections FROM result_drafts WHERE userid = ?1");
    st.bind(1, userid);
    std::optional<ResultDraft> out;
    if (st.step()) out = ResultDraft{st.text(0), st.int64(1), st.text(2)};
    st.reset();
    return out;
}

void SqliteTx::save_result_draft(const ResultDraft& d, Instant now) {
    auto& st = db_.prepare(
        "INSERT INTO result_drafts(userid, ticket_id, sections, updated_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(userid) DO UPDATE SET ticket_id = excluded.ticket_id, sections = excluded.sections, "
        "updated_at = excluded.updated_at");
    st.bind(1, d.userid).bind(2, d.ticket_id).bind(3, d.sections).bind(4, to_unix(now)).run();
}

void SqliteTx::delete_result_draft(const std::string& userid) {
    auto& st = db_.prepare("DELETE FROM result_drafts WHERE userid = ?1");
    st.bind(1, userid).run();
}

void SqliteTx::schedule_timer(const Timer& t) {
    auto& st = db_.prepare(
        "INSERT INTO timers(ticket_id, kind, due_at, deadline_version) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(ticket_id, kind, deadline_version) DO NOTHING");
    st.bind(1, t.ticket_id).bind(2, to_string(t.kind)).bind(3, to_unix(t.due_at)).bind(4, t.deadline_version);
    st.run();
}

void SqliteTx::cancel_timers(std::int64_t ticket_id) {
    auto& st = db_.prepare("UPDATE timers SET state = 'cancelled' WHERE ticket_id = ?1 AND state = 'pending'");
    st.bind(1, ticket_id);
    st.run();
}

std::vector<Timer> SqliteTx::pending_timers_of(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT " TIMER_COLUMNS "FROM timers "
        "WHERE ticket_id = ?1 AND state = 'pending' ORDER BY due_at, id");
    st.bind(1, ticket_id);
    std::vector<Timer> out;
    while (st.step()) out.push_back(read_timer(st));
    return out;
}

std::vector<Timer> SqliteTx::due_timers(Instant now, int limit) {
    auto& st = db_.prepare(
        "SELECT " TIMER_COLUMNS "FROM timers "
        "WHERE state = 'pending' AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2");
    st.bind(1, to_unix(now)).bind(2, limit);
    std::vector<Timer> out;
    while (st.step()) out.push_back(read_timer(st));
    return out;
}

void SqliteTx::finish_timer(std::int64_t id, const std::string& state, Instant at) {
    auto& st = db_.prepare("UPDATE timers SET state = ?2, fired_at = ?3 WHERE id = ?1");
    st.bind(1, id).bind(2, state).bind(3, to_unix(at)).run();
}

void SqliteTx::reschedule_timer(std::int64_t id, Instant due) {
    auto& st = db_.prepare("UPDATE timers SET due_at = ?2 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, to_unix(due)).run();
}

}  // namespace hotline::workflow
