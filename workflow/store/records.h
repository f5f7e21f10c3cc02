#pragma once
// Rows of the inbox, outbox and timers tables: the durable hand-offs between the outside world,
// the workflow and the senders.
#include <cstdint>
#include <optional>
#include <string>

#include "workflow/clock.h"

namespace hotline::workflow {

struct InboxEntry {
    std::int64_t id = 0;
    std::string channel;    // wecom | sms_tencent | sms_aliyun | intake | console
    std::string dedup_key;  // unique per channel: a retried delivery is stored once
    std::string payload;
    Instant received_at{};
    std::string state = "new";
};

struct OutboxMessage {
    std::int64_t id = 0;
    std::string channel;    // wecom | sms | console
    std::string recipient;  // WeCom userid, or a survey id for SMS; never a phone number
    std::string dedup_key;  // unique: enqueueing the same message twice keeps one
    std::string kind;       // text | markdown | template_card | ...
    std::string payload;
    std::int64_t ticket_id = 0;
    std::string state = "pending";  // pending | sent | dead
    int attempts = 0;
    Instant next_attempt_at{};
    std::string last_error;
};

// A handler's result being filled in section by section in chat.
struct ResultDraft {
    std::string userid;
    std::int64_t ticket_id = 0;
    std::string sections;  // ReplyDraft JSON
};

struct Timer {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::string kind;  // report_24h | report_2h | report_due | feedback_due | escalate_*
    Instant due_at{};
    int deadline_version = 0;  // a timer of an older version is stale and never fires
    std::string state = "pending";
};

}  // namespace hotline::workflow
