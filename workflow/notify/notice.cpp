#include "workflow/notify/notice.h"

#include <nlohmann/json.hpp>

#include "workflow/procedure/names.h"

namespace hotline::workflow {

namespace {
constexpr Name<NoticeForm> kForms[] = {
    {NoticeForm::text, "text"},
    {NoticeForm::markdown, "markdown"},
    {NoticeForm::decision_card, "decision_card"},
    {NoticeForm::card_update, "card_update"},
    {NoticeForm::image, "image"},
    {NoticeForm::media_file, "media_file"},
};
// "console" is what `say` answers were always stored as.
constexpr Name<Route> kRoutes[] = {
    {Route::person, "person"},
    {Route::terminal, "console"},
};
}  // namespace

std::string_view to_string(NoticeForm f) { return id_in(kForms, f); }
std::optional<NoticeForm> parse_notice_form(std::string_view id) { return parse_in(kForms, id); }
std::string_view to_string(Route r) { return id_in(kRoutes, r); }

std::string media_file_body(const std::string& path, const std::string& filename, const std::string& mime,
                            const std::string& media_type) {
    return nlohmann::json{{"path", path}, {"filename", filename}, {"mime", mime}, {"media_type", media_type}}.dump();
}

bool write_notice(StoreTx& tx, const Notice& n) {
    OutboxMessage m;
    m.channel = std::string(to_string(n.route));
    m.recipient = n.to;
    m.dedup_key = n.key;
    m.kind = std::string(to_string(n.form));
    m.payload = n.body;
    m.ticket_id = n.ticket_id;
    m.next_attempt_at = n.at;
    m.purpose = n.purpose;
    return tx.outbox().enqueue(m);
}

}  // namespace hotline::workflow
