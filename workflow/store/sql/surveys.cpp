// Callback surveys in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"
#include "workflow/procedure/names.h"

#define SURVEY_COLUMNS                                                                                        \
    "id, ticket_id, phone_hash, phone_enc, state, step, next_at, satisfaction, resolution, questions_sent, " \
    "clarified, reminded, reason, recorded_by, note, created_at, asked_at, expires_at, finished_at "

namespace hotline::workflow {

namespace {
Survey read_survey(const sql::Statement& st) {
    Survey s;
    s.id = st.int64(0);
    s.ticket_id = st.int64(1);
    s.phone_hash = st.text(2);
    s.phone_enc = st.text(3);
    s.state = stored_enum<SurveyState>(st.text(4), parse_survey_state, "surveys.state", s.id);
    s.step = stored_optional_enum<SurveyStep>(st.text(5), parse_survey_step, "surveys.step", s.id);
    s.next_at = opt_instant(st, 6);
    s.satisfaction = stored_optional_enum<Satisfaction>(st.text(7), parse_satisfaction, "surveys.satisfaction", s.id);
    s.resolution = stored_optional_enum<Resolution>(st.text(8), parse_resolution, "surveys.resolution", s.id);
    s.questions_sent = static_cast<int>(st.int64(9));
    s.clarified = st.int64(10) != 0;
    s.reminded = st.int64(11) != 0;
    s.reason = st.text(12);
    s.recorded_by = st.text(13);
    s.note = st.text(14);
    s.created_at = from_unix(st.int64(15));
    s.asked_at = opt_instant(st, 16);
    s.expires_at = opt_instant(st, 17);
    s.finished_at = opt_instant(st, 18);
    return s;
}
}  // namespace

std::int64_t SqlSurveys::insert(const Survey& s) {
    auto& st = db_.prepare(
        "INSERT INTO surveys(ticket_id, phone_hash, phone_enc, state, step, next_at, reason, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
    st.bind(1, s.ticket_id).bind(2, s.phone_hash).bind(3, s.phone_enc).bind(4, to_string(s.state)).bind(5, id_or_empty(s.step));
    st.bind(6, opt_unix(s.next_at)).bind(7, s.reason).bind(8, to_unix(s.created_at));
    return inserted_id(st);
}

std::optional<Survey> SqlSurveys::find(std::int64_t id) {
    auto& st = db_.prepare("SELECT " SURVEY_COLUMNS "FROM surveys WHERE id = ?1");
    st.bind(1, id);
    return one_row<Survey>(st, read_survey);
}

void SqlSurveys::update(const Survey& s) {
    auto& st = db_.prepare(
        "UPDATE surveys SET state = ?2, step = ?3, next_at = ?4, satisfaction = ?5, resolution = ?6, "
        "questions_sent = ?7, clarified = ?8, reminded = ?9, reason = ?10, recorded_by = ?11, note = ?12, "
        "asked_at = ?13, expires_at = ?14, finished_at = ?15 WHERE id = ?1");
    st.bind(1, s.id).bind(2, to_string(s.state)).bind(3, id_or_empty(s.step)).bind(4, opt_unix(s.next_at));
    st.bind(5, id_or_empty(s.satisfaction)).bind(6, id_or_empty(s.resolution)).bind(7, s.questions_sent).bind(8, s.clarified ? 1 : 0).bind(9, s.reminded ? 1 : 0);
    st.bind(10, s.reason).bind(11, s.recorded_by).bind(12, s.note).bind(13, opt_unix(s.asked_at));
    st.bind(14, opt_unix(s.expires_at)).bind(15, opt_unix(s.finished_at)).run();
}

std::vector<Survey> SqlSurveys::of(std::int64_t ticket_id) {
    auto& st = db_.prepare("SELECT " SURVEY_COLUMNS "FROM surveys WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    return all_rows<Survey>(st, read_survey);
}

std::vector<Survey> SqlSurveys::due(Instant now, int limit) {
    auto& st = db_.prepare(HOTLINE_SQL_CLAIM(
        db_, "SELECT " SURVEY_COLUMNS "FROM surveys WHERE next_at IS NOT NULL AND next_at <= ?1 ORDER BY next_at, id "
             "LIMIT ?2"));
    st.bind(1, to_unix(now)).bind(2, limit);
    return all_rows<Survey>(st, read_survey);
}

std::optional<Survey> SqlSurveys::open_for_phone(const std::string& phone_hash) {
    auto& st = db_.prepare(
        "SELECT " SURVEY_COLUMNS "FROM surveys WHERE phone_hash = ?1 AND state = ?2 ORDER BY id DESC LIMIT 1");
    st.bind(1, phone_hash).bind(2, to_string(SurveyState::asked));
    return one_row<Survey>(st, read_survey);
}

bool SqlSurveys::asked_since(const std::string& phone_hash, Instant since, std::int64_t except_id) {
    auto& st = db_.prepare(
        "SELECT 1 FROM surveys WHERE phone_hash = ?1 AND id != ?3 AND asked_at IS NOT NULL AND asked_at >= ?2 LIMIT 1");
    st.bind(1, phone_hash).bind(2, to_unix(since)).bind(3, except_id);
    const bool found = st.step();
    st.reset();
    return found;
}

}  // namespace hotline::workflow
