// Timers in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define TIMER_COLUMNS "id, ticket_id, kind, due_at, deadline_version, state "

namespace hotline::workflow {

namespace {
Timer read_timer(const sql::Statement& st) {
    Timer t;
    t.id = st.int64(0);
    t.ticket_id = st.int64(1);
    // Loud, rather than a reminder that silently never fires.
    t.kind = stored_enum<TimerKind>(st.text(2), parse_timer_kind, "timers.kind", t.id);
    t.due_at = from_unix(st.int64(3));
    t.deadline_version = static_cast<int>(st.int64(4));
    t.state = st.text(5);
    return t;
}
}  // namespace

void SqlTimers::schedule(const Timer& t) {
    auto& st = db_.prepare(
        "INSERT INTO timers(ticket_id, kind, due_at, deadline_version) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(ticket_id, kind, deadline_version) DO NOTHING");
    st.bind(1, t.ticket_id).bind(2, to_string(t.kind)).bind(3, to_unix(t.due_at)).bind(4, t.deadline_version);
    st.run();
}

void SqlTimers::cancel_of(std::int64_t ticket_id) {
    auto& st = db_.prepare("UPDATE timers SET state = 'cancelled' WHERE ticket_id = ?1 AND state = 'pending'");
    st.bind(1, ticket_id);
    st.run();
}

std::vector<Timer> SqlTimers::due(Instant now, int limit) {
    auto& st = db_.prepare(HOTLINE_SQL_CLAIM(
        db_, "SELECT " TIMER_COLUMNS "FROM timers WHERE state = 'pending' AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2"));
    st.bind(1, to_unix(now)).bind(2, limit);
    return all_rows<Timer>(st, read_timer);
}

void SqlTimers::finish(std::int64_t id, const std::string& state, Instant at) {
    auto& st = db_.prepare("UPDATE timers SET state = ?2, fired_at = ?3 WHERE id = ?1");
    st.bind(1, id).bind(2, state).bind(3, to_unix(at)).run();
}

void SqlTimers::reschedule(std::int64_t id, Instant due) {
    auto& st = db_.prepare("UPDATE timers SET due_at = ?2 WHERE id = ?1 AND state = 'pending'");
    st.bind(1, id).bind(2, to_unix(due)).run();
}

}  // namespace hotline::workflow
