// Workbench sessions in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

namespace hotline::workflow {

void SqlWebSessions::create(const WebSession& s) {
    auto& st = db_.prepare(
        "INSERT INTO web_sessions(id_digest, userid, csrf, created_at, expires_at) VALUES(?1, ?2, ?3, ?4, ?5)");
    st.bind(1, s.id_digest).bind(2, s.userid).bind(3, s.csrf).bind(4, to_unix(s.created_at)).bind(5, to_unix(s.expires_at));
    st.run();
}

std::optional<WebSession> SqlWebSessions::find(const std::string& id_digest, Instant now) {
    auto& st = db_.prepare(
        "SELECT id_digest, userid, csrf, created_at, expires_at FROM web_sessions WHERE id_digest = ?1 AND expires_at > ?2");
    st.bind(1, id_digest).bind(2, to_unix(now));
    return one_row<WebSession>(st, [](const sql::Statement& r) {
        return WebSession{r.text(0), r.text(1), r.text(2), from_unix(r.int64(3)), from_unix(r.int64(4))};
    });
}

void SqlWebSessions::end(const std::string& id_digest) {
    auto& st = db_.prepare("DELETE FROM web_sessions WHERE id_digest = ?1");
    st.bind(1, id_digest).run();
}

void SqlWebSessions::forget_expired(Instant now) {
    auto& st = db_.prepare("DELETE FROM web_sessions WHERE expires_at <= ?1");
    st.bind(1, to_unix(now)).run();
}

}  // namespace hotline::workflow
