// The report's PDF versions and results drafted in chat, in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

namespace hotline::workflow {

int SqlDocuments::add_report_version(const ReportVersion& v) {
    auto& next = db_.prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM report_versions WHERE ticket_id = ?1");
    next.bind(1, v.ticket_id);
    const int version = next.step() ? static_cast<int>(next.int64(0)) : 1;
    next.reset();
    auto& st = db_.prepare(
        "INSERT INTO report_versions(ticket_id, version, sha256, size, submitted_by, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, v.ticket_id).bind(2, version).bind(3, v.sha256).bind(4, v.size).bind(5, v.submitted_by);
    st.bind(6, to_unix(v.created_at)).run();
    return version;
}

std::vector<ReportVersion> SqlDocuments::report_versions(std::int64_t ticket_id) {
    auto& st = db_.prepare(
        "SELECT ticket_id, version, sha256, size, submitted_by, created_at FROM report_versions "
        "WHERE ticket_id = ?1 ORDER BY version");
    st.bind(1, ticket_id);
    std::vector<ReportVersion> out;
    while (st.step())
        out.push_back(ReportVersion{.ticket_id = st.int64(0),
                                    .version = static_cast<int>(st.int64(1)),
                                    .sha256 = st.text(2),
                                    .size = st.int64(3),
                                    .submitted_by = st.text(4),
                                    .created_at = from_unix(st.int64(5))});
    return out;
}

std::optional<ResultDraft> SqlDocuments::result_draft(const std::string& userid) {
    auto& st = db_.prepare("SELECT userid, ticket_id, sections FROM result_drafts WHERE userid = ?1");
    st.bind(1, userid);
    std::optional<ResultDraft> out;
    if (st.step()) out = ResultDraft{st.text(0), st.int64(1), st.text(2)};
    st.reset();
    return out;
}

void SqlDocuments::save_result_draft(const ResultDraft& d, Instant now) {
    auto& st = db_.prepare(
        "INSERT INTO result_drafts(userid, ticket_id, sections, updated_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(userid) DO UPDATE SET ticket_id = excluded.ticket_id, sections = excluded.sections, "
        "updated_at = excluded.updated_at");
    st.bind(1, d.userid).bind(2, d.ticket_id).bind(3, d.sections).bind(4, to_unix(now)).run();
}

void SqlDocuments::delete_result_draft(const std::string& userid) {
    auto& st = db_.prepare("DELETE FROM result_drafts WHERE userid = ?1");
    st.bind(1, userid).run();
}

}  // namespace hotline::workflow
