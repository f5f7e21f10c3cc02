// Tickets, their lines and merge candidates in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#include <nlohmann/json.hpp>

#include "workflow/procedure/lifecycle.h"

#define TICKET_COLUMNS                                                                                            \
    "id, source, source_id, title, content, category, state, signoff_level, unit_code, claimed_by, accepted_by, " \
    "received_at, dispatched_at, feedback_deadline, report_deadline, deadline_version, extension_days, "          \
    "redo_count, supervision_count, result, survey_outcome, updated_at, citizen_phone_enc, phone_hash, content_key, " \
    "redo_deadline "

namespace hotline::workflow {

namespace {
// The lifecycle's "with the unit" set, bound as one JSON array parameter (SQLite's json_each,
// PostgreSQL's json_array_elements_text: the one place the dialects differ) so the
// statement does not repeat the states.
const std::string& with_unit_states_json() {
    static const std::string json = [] {
        nlohmann::json a = nlohmann::json::array();
        for (const State s : kWithUnit) a.push_back(std::string(to_string(s)));
        return a.dump();
    }();
    return json;
}

Ticket read_ticket(const sql::Statement& st) {
    Ticket t;
    t.id = st.int64(0);
    t.source = st.text(1);
    t.source_id = st.text(2);
    t.title = st.text(3);
    t.content = st.text(4);
    t.category = parse_category(st.text(5)).value_or(Category::unknown);
    t.state = stored_enum<State>(st.text(6), parse_state, "tickets.state", t.id);
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
}  // namespace

std::int64_t SqlTickets::insert(const NewTicket& t) {
    auto& st = db_.prepare(
        "INSERT INTO tickets(source, source_id, title, content, category, state, received_at, updated_at, "
        "citizen_name_enc, citizen_phone_enc, phone_hash, content_key, location, attachments) "
        "VALUES(?1, ?2, ?3, ?4, ?5, 'received', ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id");
    st.bind(1, t.source).bind(2, t.source_id).bind(3, t.title).bind(4, t.content);
    st.bind(5, to_string(t.category)).bind(6, to_unix(t.received_at));
    st.bind(7, t.citizen_name_enc).bind(8, t.citizen_phone_enc).bind(9, t.phone_hash).bind(10, t.content_key);
    st.bind(11, t.location).bind(12, t.attachments);
    const auto id = inserted_id(st);
    add_source(id, t.source, t.source_id, t.received_at);
    return id;
}

std::optional<Ticket> SqlTickets::find(std::int64_t id) {
    auto& st = db_.prepare(
        "SELECT " TICKET_COLUMNS
        "FROM tickets WHERE id = ?1");
    st.bind(1, id);
    return one_row<Ticket>(st, read_ticket);
}

void SqlTickets::update(const Ticket& t) {
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

std::map<State, std::int64_t> SqlTickets::counts_by_state() {
    auto& st = db_.prepare("SELECT state, COUNT(*) FROM tickets GROUP BY state");
    std::map<State, std::int64_t> out;
    while (st.step()) out[stored_enum<State>(st.text(0), parse_state, "tickets.state")] = st.int64(1);
    return out;
}

std::map<std::string, std::map<State, std::int64_t>> SqlTickets::counts_by_unit() {
    auto& st = db_.prepare("SELECT unit_code, state, COUNT(*) FROM tickets GROUP BY unit_code, state");
    std::map<std::string, std::map<State, std::int64_t>> out;
    while (st.step()) out[st.text(0)][stored_enum<State>(st.text(1), parse_state, "tickets.state")] = st.int64(2);
    return out;
}

std::optional<std::int64_t> SqlTickets::id_by_source(const std::string& source_id) {
    auto& st = db_.prepare("SELECT ticket_id FROM ticket_sources WHERE source_id = ?1 ORDER BY ticket_id LIMIT 1");
    st.bind(1, source_id);
    return one_row<std::int64_t>(st, first_int64);
}

std::optional<std::int64_t> SqlTickets::for_source(const std::string& source, const std::string& source_id) {
    auto& st = db_.prepare("SELECT ticket_id FROM ticket_sources WHERE source = ?1 AND source_id = ?2");
    st.bind(1, source).bind(2, source_id);
    return one_row<std::int64_t>(st, first_int64);
}

bool SqlTickets::add_source(std::int64_t ticket_id, const std::string& source, const std::string& source_id,
                                 Instant received_at) {
    auto& st = db_.prepare(
        "INSERT INTO ticket_sources(source, source_id, ticket_id, received_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(source, source_id) DO NOTHING");
    st.bind(1, source).bind(2, source_id).bind(3, ticket_id).bind(4, to_unix(received_at)).run();
    return db_.changes() == 1;
}

std::vector<std::pair<std::string, std::string>> SqlTickets::sources_of(std::int64_t ticket_id) {
    auto& st = db_.prepare("SELECT source, source_id FROM ticket_sources WHERE ticket_id = ?1 ORDER BY received_at, source");
    st.bind(1, ticket_id);
    std::vector<std::pair<std::string, std::string>> out;
    while (st.step()) out.emplace_back(st.text(0), st.text(1));
    return out;
}

void SqlTickets::move_sources(std::int64_t from_ticket, std::int64_t to_ticket) {
    auto& st = db_.prepare("UPDATE ticket_sources SET ticket_id = ?2 WHERE ticket_id = ?1");
    st.bind(1, from_ticket).bind(2, to_ticket).run();
}

std::vector<Ticket> SqlTickets::of_citizen(const std::string& phone_hash, int limit) {
    auto& st = db_.prepare("SELECT " TICKET_COLUMNS
                           "FROM tickets WHERE phone_hash = ?1 AND phone_hash != '' ORDER BY received_at DESC LIMIT ?2");
    st.bind(1, phone_hash).bind(2, limit);
    return all_rows<Ticket>(st, read_ticket);
}

bool SqlTickets::add_merge_candidate(std::int64_t ticket_id, std::int64_t other_ticket_id, const std::string& reason,
                                   Instant now) {
    auto& st = db_.prepare(
        "INSERT INTO merge_candidates(ticket_id, other_ticket_id, reason, created_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(ticket_id, other_ticket_id) DO NOTHING");
    st.bind(1, ticket_id).bind(2, other_ticket_id).bind(3, reason).bind(4, to_unix(now)).run();
    return db_.changes() == 1;
}

bool SqlTickets::resolve_merge_candidate(std::int64_t a, std::int64_t b, const std::string& state) {
    auto& st = db_.prepare(
        "UPDATE merge_candidates SET state = ?3 WHERE state = 'open' AND "
        "((ticket_id = ?1 AND other_ticket_id = ?2) OR (ticket_id = ?2 AND other_ticket_id = ?1))");
    st.bind(1, a).bind(2, b).bind(3, state).run();
    return db_.changes() > 0;
}

std::vector<Ticket> SqlTickets::in_state(State s, const std::string& unit_code, int limit) {
    auto& st = db_.prepare(
        "SELECT " TICKET_COLUMNS
        "FROM tickets WHERE state = ?1 AND (?2 = '' OR unit_code = ?2) "
        "ORDER BY feedback_deadline IS NULL, feedback_deadline, id LIMIT ?3");
    st.bind(1, to_string(s)).bind(2, unit_code).bind(3, limit);
    return all_rows<Ticket>(st, read_ticket);
}

std::vector<Ticket> SqlTickets::overdue(Instant now, int limit) {
#define OVERDUE_SQL(json_array_table)                                                           \
    "SELECT " TICKET_COLUMNS "FROM tickets WHERE state IN (SELECT value FROM " json_array_table "(?3)) " \
    "AND COALESCE(redo_deadline, feedback_deadline) < ?1 "                                      \
    "ORDER BY COALESCE(redo_deadline, feedback_deadline), id LIMIT ?2"
    auto& st = db_.prepare(db_.dialect() == sql::Dialect::sqlite ? OVERDUE_SQL("json_each")
                                                                 : OVERDUE_SQL("json_array_elements_text"));
    st.bind(1, to_unix(now)).bind(2, limit).bind(3, with_unit_states_json());
    return all_rows<Ticket>(st, read_ticket);
}

std::map<std::string, std::int64_t> SqlTickets::overdue_counts_by_unit(Instant now) {
#define OVERDUE_COUNTS_SQL(json_array_table)                                                                     \
    "SELECT unit_code, COUNT(*) FROM tickets WHERE state IN (SELECT value FROM " json_array_table "(?2)) " \
    "AND COALESCE(redo_deadline, feedback_deadline) < ?1 GROUP BY unit_code"
    auto& st = db_.prepare(db_.dialect() == sql::Dialect::sqlite ? OVERDUE_COUNTS_SQL("json_each")
                                                                 : OVERDUE_COUNTS_SQL("json_array_elements_text"));
    st.bind(1, to_unix(now)).bind(2, with_unit_states_json());
    std::map<std::string, std::int64_t> out;
    while (st.step()) out[st.text(0)] = st.int64(1);
    return out;
}

std::vector<std::int64_t> SqlTickets::ids_received_between(Instant from, Instant to) {
    auto& st = db_.prepare("SELECT id FROM tickets WHERE received_at >= ?1 AND received_at < ?2 ORDER BY id");
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

}  // namespace hotline::workflow
