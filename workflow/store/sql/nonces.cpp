// Callback nonces seen, in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

namespace hotline::workflow {

std::optional<std::string> SqlNonces::remember(const std::string& key, const std::string& digest, Instant at) {
    auto& insert = db_.prepare("INSERT INTO callback_nonces(key, digest, at) VALUES(?1, ?2, ?3) ON CONFLICT(key) DO NOTHING");
    insert.bind(1, key).bind(2, digest).bind(3, to_unix(at)).run();
    if (db_.changes() == 1) return std::nullopt;
    auto& seen = db_.prepare("SELECT digest FROM callback_nonces WHERE key = ?1");
    seen.bind(1, key);
    return one_row<std::string>(seen, [](const sql::Statement& st) { return st.text(0); });
}

void SqlNonces::forget_before(Instant before) {
    auto& st = db_.prepare("DELETE FROM callback_nonces WHERE at < ?1");
    st.bind(1, to_unix(before)).run();
}

}  // namespace hotline::workflow
