// The reads behind the period statistics in SQL (both backends). Each uses an index on the period's column,
// so a month costs what happened in that month, not the size of the store.
#include "workflow/store/sql/sql_tx.h"
#include "workflow/procedure/lifecycle.h"
#include "workflow/store/sql/sql_values.h"

namespace hotline::workflow {

std::vector<DueTicketFacts> SqlStatistics::tickets_due_between(Instant from, Instant to) {
    auto& st = db_.prepare(
        "SELECT t.id, t.title, t.unit_code, t.feedback_deadline, "
        "  (SELECT MIN(a.at) FROM audit_events a WHERE a.ticket_id = t.id AND a.action = ?3 "
        "     AND a.at >= t.dispatched_at), "
        "  COALESCE(s.satisfaction, ''), COALESCE(s.resolution, ''), COALESCE(s.state, ''), COALESCE(s.id, 0) "
        "FROM tickets t "
        // The ticket's latest survey. Joined on ticket_id, PostgreSQL hashes the month's tickets;
        // joined on `s.id = (SELECT MAX…)` it hashed every survey of the store (1.3 s against 0.6 s
        // over 1,000,000 tickets).
        "LEFT JOIN surveys s ON s.ticket_id = t.id "
        "  AND NOT EXISTS (SELECT 1 FROM surveys n WHERE n.ticket_id = t.id AND n.id > s.id) "
        "WHERE t.feedback_deadline >= ?1 AND t.feedback_deadline < ?2 AND t.unit_code != '' "
        "ORDER BY t.id");
    st.bind(1, to_unix(from)).bind(2, to_unix(to)).bind(3, to_string(Action::unit_approve));
    std::vector<DueTicketFacts> out;
    while (st.step()) {
        const std::int64_t survey_id = st.int64(8);
        out.push_back(DueTicketFacts{
            .ticket_id = st.int64(0),
            .title = st.text(1),
            .unit_code = st.text(2),
            .feedback_deadline = from_unix(st.int64(3)),
            .delivered_at = opt_instant(st, 4),
            .satisfaction = stored_optional_enum<Satisfaction>(st.text(5), parse_satisfaction, "surveys.satisfaction", survey_id),
            .resolution = stored_optional_enum<Resolution>(st.text(6), parse_resolution, "surveys.resolution", survey_id),
            .survey_state = stored_optional_enum<SurveyState>(st.text(7), parse_survey_state, "surveys.state", survey_id)});
    }
    return out;
}

std::map<std::pair<std::string, std::string>, std::int64_t> SqlStatistics::audit_counts_between(Instant from, Instant to) {
    auto& st = db_.prepare(
        "SELECT unit_code, action, COUNT(*) FROM audit_events WHERE at >= ?1 AND at < ?2 GROUP BY unit_code, action");
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    while (st.step()) out[{st.text(0), st.text(1)}] = st.int64(2);
    return out;
}

std::int64_t SqlStatistics::tickets_received_between(Instant from, Instant to) {
    auto& st = db_.prepare("SELECT COUNT(*) FROM tickets WHERE received_at >= ?1 AND received_at < ?2");
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    const std::int64_t n = st.step() ? st.int64(0) : 0;
    st.reset();
    return n;
}

}  // namespace hotline::workflow
