// The inbox in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define INBOX_COLUMNS "id, channel, dedup_key, payload, received_at, state "

namespace hotline::workflow {

namespace {
InboxEntry read_inbox(const sql::Statement& st) {
    InboxEntry e;
    e.id = st.int64(0);
    e.channel = st.text(1);
    e.dedup_key = st.text(2);
    e.payload = st.text(3);
    e.received_at = from_unix(st.int64(4));
    e.state = st.text(5);
    return e;
}
}  // namespace

bool SqlInbox::insert(const InboxEntry& e) {
    auto& st = db_.prepare(
        "INSERT INTO inbox(channel, dedup_key, payload, received_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(channel, dedup_key) DO NOTHING");
    st.bind(1, e.channel).bind(2, e.dedup_key).bind(3, e.payload).bind(4, to_unix(e.received_at));
    st.run();
    return db_.changes() == 1;
}

std::optional<InboxEntry> SqlInbox::by_key(const std::string& channel, const std::string& dedup_key) {
    auto& st = db_.prepare(
        "SELECT " INBOX_COLUMNS "FROM inbox WHERE channel = ?1 AND dedup_key = ?2");
    st.bind(1, channel).bind(2, dedup_key);
    return one_row<InboxEntry>(st, read_inbox);
}

std::vector<InboxEntry> SqlInbox::fresh(int limit) {
    auto& st = db_.prepare(
        "SELECT " INBOX_COLUMNS "FROM inbox WHERE state = 'new' ORDER BY id LIMIT ?1");
    st.bind(1, limit);
    return all_rows<InboxEntry>(st, read_inbox);
}

std::optional<InboxEntry> SqlInbox::claim(std::int64_t id) {
    // The UPDATE is the claim: of two writers only one sees the row still 'new'. On PostgreSQL an
    // entry another instance is handling right now counts as taken (its transaction either
    // commits it or, rolled back, leaves it 'new' for the worker's next pass) instead of a wait.
    auto& st = db_.prepare(
        db_.dialect() == sql::Dialect::postgresql
            ? "UPDATE inbox SET state = 'claimed' WHERE id = (SELECT id FROM inbox WHERE id = ?1 AND state = 'new' "
              "FOR UPDATE SKIP LOCKED) RETURNING " INBOX_COLUMNS
            : "UPDATE inbox SET state = 'claimed' WHERE id = ?1 AND state = 'new' RETURNING " INBOX_COLUMNS);
    st.bind(1, id);
    return one_row<InboxEntry>(st, read_inbox);
}

std::map<std::pair<std::string, std::string>, std::int64_t> SqlInbox::counts_by_state() {
    auto& st = db_.prepare("SELECT channel, state, COUNT(*) FROM inbox GROUP BY channel, state");
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    while (st.step()) out[{st.text(0), st.text(1)}] = st.int64(2);
    return out;
}

void SqlInbox::finish(std::int64_t id, const std::string& state, const std::string& error) {
    auto& st = db_.prepare("UPDATE inbox SET state = ?2, last_error = ?3, attempts = attempts + 1 WHERE id = ?1");
    st.bind(1, id).bind(2, state).bind(3, error).run();
}

}  // namespace hotline::workflow
