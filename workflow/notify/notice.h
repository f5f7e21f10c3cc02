#pragma once
// A message to a person as the procedure says it: to whom, what, about which ticket, whether it
// answers them, and the key that makes writing it twice one message. write_notice is the one
// writer into the outbox; bot/ decides how a route reaches people (WeCom, or the log when no
// credentials are configured). Messages to citizens are SMS with their own records (survey.h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

enum class NoticeForm {
    text,
    markdown,
    decision_card,  // text with the buttons of the decisions it offers
    card_update,    // a clicked card's button relabelled
    image,          // a PNG, base64 in the body
    media_file,     // a kept file (PDF, workbook, photo), by path in the body
};

enum class Route {
    person,    // someone in the directory
    terminal,  // the administrator's terminal a `say` command was typed at
};

struct Notice {
    std::string to{};   // the person's userid
    std::string key{};  // the same key twice is one message
    std::string body{};
    NoticeForm form = NoticeForm::text;
    std::int64_t ticket_id = 0;
    Instant at{};  // not before
    OutboxPurpose purpose = OutboxPurpose::notification;
    Route route = Route::person;
};

std::string_view to_string(NoticeForm f);
std::optional<NoticeForm> parse_notice_form(std::string_view id);
// The outbox's channel column: how bot/ finds the channel for the route.
std::string_view to_string(Route r);

// The body of a media_file notice: the kept file, the name the reader sees, its type, and how the
// channel is to send it (image | video | file).
std::string media_file_body(const std::string& path, const std::string& filename, const std::string& mime,
                            const std::string& media_type);

// False when a message with this key was already written.
bool write_notice(StoreTx& tx, const Notice& n);

}  // namespace hotline::workflow
