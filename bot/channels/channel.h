#pragma once
// Where outbox messages go: WeCom, or the console when no credentials are configured.
#include <chrono>
#include <string>

#include "workflow/store/records.h"

namespace hotline::bot {

enum class SendStatus {
    sent,
    retry,         // transient: busy, 5xx, timeout, connection; back off and try again
    rate_limited,  // the provider's window is full; try when it opens
    permanent,     // this message can never be delivered (bad recipient, bad content)
    config_error,  // nothing can be delivered until an administrator fixes the configuration
    deferred,      // not now (outside the hours this channel may send): no attempt, wait until not_before
};

struct SendResult {
    SendStatus status = SendStatus::sent;
    std::string reason;
    std::chrono::seconds retry_after{0};
    workflow::Instant not_before{};  // deferred: when to try
};

class Channel {
public:
    virtual ~Channel() = default;
    virtual SendResult send(const workflow::OutboxMessage& m) = 0;
    // Does the provider cap messages per recipient per minute (WeCom: 30)?
    virtual int per_recipient_per_minute() const { return 0; }
};

}  // namespace hotline::bot
