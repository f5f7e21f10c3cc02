#pragma once
// Rows of the inbox, outbox and timers tables: the durable hand-offs between the outside world,
// the workflow and the senders.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workflow/procedure/clock.h"
#include "workflow/notify/timer_kinds.h"
#include "workflow/survey/survey_reply.h"
#include "workflow/survey/survey_state.h"

namespace hotline::workflow {

struct InboxEntry {
    std::int64_t id = 0;
    std::string channel{};    // wecom | sms_tencent | sms_aliyun | intake | console
    std::string dedup_key{};  // unique per channel: a retried delivery is stored once
    std::string payload{};
    Instant received_at{};
    std::string state = "new";
};

// An answer is the reply to a person's own command or click: it goes ahead of notifications and
// is never merged into a digest.
enum class OutboxPurpose { notification, answer };
constexpr std::string_view to_string(OutboxPurpose p) { return p == OutboxPurpose::answer ? "answer" : "notification"; }
constexpr OutboxPurpose parse_outbox_purpose(std::string_view s) {
    return s == "answer" ? OutboxPurpose::answer : OutboxPurpose::notification;
}

struct OutboxMessage {
    std::int64_t id = 0;
    std::string channel{};    // wecom | sms | console
    std::string recipient{};  // WeCom userid, or a survey id for SMS; never a phone number
    std::string dedup_key{};  // unique: enqueueing the same message twice keeps one
    std::string kind{};       // text | markdown | template_card | ...
    std::string payload{};
    std::int64_t ticket_id = 0;
    std::string state = "pending";  // pending | sent | merged (into a digest) | dead
    int attempts = 0;
    Instant next_attempt_at{};
    std::string last_error{};
    OutboxPurpose purpose = OutboxPurpose::notification;
    int parts_sent = 0;  // of a message sent in parts: how many the provider accepted so far
    // Claimed for sending by a pass that never recorded the outcome (the process died): the
    // provider may already have shown the part that was in flight.
    bool interrupted = false;
};

// One item of evidence (佐证材料) sent from chat: a photo, a short video or a location. Photos and
// videos are fetched from WeCom in the background and kept content-addressed by their SHA-256.
struct Evidence {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;  // 0 while the sender has not said which ticket it is for
    std::string sender{};
    std::string kind{};      // image | video (chat) | file (a PDF from the workbench) | location
    std::string media_id{};  // WeCom temporary media (image, video), valid 3 days
    std::string state{};     // awaiting_ticket | downloading | stored | refused | expired
    std::string sha256{};    // hex, once stored
    std::string mime{};      // image/jpeg, image/png, image/gif, video/mp4; location: empty
    std::int64_t size = 0;
    std::string detail{};    // location: "label (latitude, longitude)"; refused or expired: the reason
    int attempts = 0;
    Instant received_at{};
    Instant next_attempt_at{};
    std::optional<Instant> stored_at{};
    bool expiry_warned = false;  // the sender was told the media may expire before it is saved
};

// One submitted version of the unit's report as a PDF (a redo makes version 2), kept by its
// SHA-256 beside the evidence.
struct ReportVersion {
    std::int64_t ticket_id = 0;
    int version = 0;
    std::string sha256{};
    std::int64_t size = 0;
    std::string submitted_by{};
    Instant created_at{};
};

// A handler's result being filled in section by section in chat.
struct ResultDraft {
    std::string userid{};
    std::int64_t ticket_id = 0;
    std::string sections{};  // ReplyDraft JSON
};

struct Timer {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    TimerKind kind = TimerKind::feedback_due;
    Instant due_at{};
    int deadline_version = 0;  // a timer of an older version is stale and never fires
    std::string state = "pending";
};

// One callback survey (回访) of one ticket's citizen by SMS. `step` is what happens at `next_at`;
// a finished survey has neither.
struct Survey {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::string phone_hash{};
    std::string phone_enc{};
    SurveyState state = SurveyState::waiting;
    std::optional<SurveyStep> step{};
    std::optional<Instant> next_at{};
    std::optional<Satisfaction> satisfaction{};  // what the citizen has answered so far
    std::optional<Resolution> resolution{};
    int questions_sent = 0;    // the question and at most one follow-up or clarification
    bool clarified = false;
    bool reminded = false;
    std::string reason{};       // why it became a phone task or was skipped (Chinese, shown to staff)
    std::string recorded_by{};  // sms, or the userid who recorded a phone answer
    std::string note{};
    Instant created_at{};
    std::optional<Instant> asked_at{};
    std::optional<Instant> expires_at{};
    std::optional<Instant> finished_at{};
};

// An SMS sent to or received from a citizen. The number itself is never here, only its keyed hash.
struct SmsMessage {
    std::int64_t id = 0;
    std::int64_t survey_id = 0;
    std::int64_t ticket_id = 0;
    std::string direction{};  // out | in
    std::string phone_hash{};
    std::string purpose{};  // ask | follow_up | clarify | remind, or reply for incoming
    std::string text{};
    std::string provider{};
    std::string provider_id{};  // Tencent SerialNo / Alibaba BizId: receipts find the message by it
    // out: queued | sending | accepted | uncertain | failed | cancelled | delivered | undelivered
    // in: matched | unmatched | opt_out
    std::string status{};
    std::string detail{};
    Instant at{};
};

// What the statistics need of one ticket due in a period: its unit, its deadline, when the unit
// delivered (the first unit leader approval after the last dispatch), and its survey.
struct DueTicketFacts {
    std::int64_t ticket_id = 0;
    std::string title{};
    std::string unit_code{};
    Instant feedback_deadline{};
    std::optional<Instant> delivered_at{};
    // Of the latest survey; no survey_state when there is none yet.
    std::optional<Satisfaction> satisfaction{};
    std::optional<Resolution> resolution{};
    std::optional<SurveyState> survey_state{};
};

}  // namespace hotline::workflow
