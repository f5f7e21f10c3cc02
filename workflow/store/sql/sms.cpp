// SMS to and from citizens, and opt-outs, in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#define SMS_COLUMNS \
    "id, survey_id, ticket_id, direction, phone_hash, purpose, text, provider, provider_id, status, detail, at "

namespace hotline::workflow {

namespace {
SmsMessage read_sms(const sql::Statement& st) {
    SmsMessage m;
    m.id = st.int64(0);
    m.survey_id = st.int64(1);
    m.ticket_id = st.int64(2);
    m.direction = st.text(3);
    m.phone_hash = st.text(4);
    m.purpose = st.text(5);
    m.text = st.text(6);
    m.provider = st.text(7);
    m.provider_id = st.text(8);
    m.status = st.text(9);
    m.detail = st.text(10);
    m.at = from_unix(st.int64(11));
    return m;
}
}  // namespace

std::int64_t SqlSms::insert(const SmsMessage& m) {
    auto& st = db_.prepare(
        "INSERT INTO sms_messages(survey_id, ticket_id, direction, phone_hash, purpose, text, provider, provider_id, "
        "status, detail, at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id");
    st.bind(1, m.survey_id).bind(2, m.ticket_id).bind(3, m.direction).bind(4, m.phone_hash).bind(5, m.purpose);
    st.bind(6, m.text).bind(7, m.provider).bind(8, m.provider_id).bind(9, m.status).bind(10, m.detail);
    st.bind(11, to_unix(m.at));
    return inserted_id(st);
}

std::optional<SmsMessage> SqlSms::find(std::int64_t id) {
    auto& st = db_.prepare("SELECT " SMS_COLUMNS "FROM sms_messages WHERE id = ?1");
    st.bind(1, id);
    return one_row<SmsMessage>(st, read_sms);
}

void SqlSms::update_status(std::int64_t id, const std::string& status, const std::string& provider_id,
                                 const std::string& detail, Instant at) {
    auto& st = db_.prepare(
        "UPDATE sms_messages SET status = ?2, provider_id = CASE WHEN ?3 = '' THEN provider_id ELSE ?3 END, "
        "detail = ?4, updated_at = ?5 WHERE id = ?1");
    st.bind(1, id).bind(2, status).bind(3, provider_id).bind(4, detail).bind(5, to_unix(at)).run();
}

std::optional<SmsMessage> SqlSms::by_provider_id(const std::string& provider_id) {
    auto& st = db_.prepare("SELECT " SMS_COLUMNS "FROM sms_messages WHERE provider_id = ?1 AND provider_id != '' LIMIT 1");
    st.bind(1, provider_id);
    return one_row<SmsMessage>(st, read_sms);
}

int SqlSms::sent_to_phone_since(const std::string& phone_hash, Instant since) {
    auto& st = db_.prepare(
        "SELECT COUNT(*) FROM sms_messages WHERE phone_hash = ?1 AND at >= ?2 AND direction = 'out' "
        "AND status NOT IN ('failed', 'cancelled')");
    st.bind(1, phone_hash).bind(2, to_unix(since));
    const int n = st.step() ? static_cast<int>(st.int64(0)) : 0;
    st.reset();
    return n;
}

std::vector<SmsMessage> SqlSms::of_ticket(std::int64_t ticket_id) {
    auto& st = db_.prepare("SELECT " SMS_COLUMNS "FROM sms_messages WHERE ticket_id = ?1 ORDER BY id");
    st.bind(1, ticket_id);
    return all_rows<SmsMessage>(st, read_sms);
}

void SqlSms::add_opt_out(const std::string& phone_hash, const std::string& word, Instant at) {
    auto& st = db_.prepare("INSERT INTO sms_opt_outs(phone_hash, word, at) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
    st.bind(1, phone_hash).bind(2, word).bind(3, to_unix(at)).run();
}

bool SqlSms::opted_out(const std::string& phone_hash) {
    auto& st = db_.prepare("SELECT 1 FROM sms_opt_outs WHERE phone_hash = ?1");
    st.bind(1, phone_hash);
    const bool found = st.step();
    st.reset();
    return found;
}

}  // namespace hotline::workflow
