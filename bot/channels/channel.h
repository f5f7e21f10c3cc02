#pragma once
// Where outbox messages go: WeCom, or the console when no credentials are configured.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

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
    // retry: the provider may have shown the message although we got no answer, so the next
    // attempt must let it drop a repeat (WeCom's duplicate check).
    bool maybe_delivered = false;
};

// Told after each part of a message the provider accepted, with the number accepted so far, so
// the caller can record it durably before the next part goes.
using PartAccepted = std::function<void(int parts_sent)>;

class Channel {
public:
    virtual ~Channel() = default;
    // What operators call it: the label of its metrics and alerts (wecom, sms, console).
    virtual std::string_view name() const = 0;
    virtual SendResult send(const workflow::OutboxMessage& m) = 0;
    // A message that goes out in several calls resumes after its `parts_sent` parts and reports
    // each accepted one; a channel that sends every message in one call needs nothing more.
    virtual SendResult send_parts(const workflow::OutboxMessage& m, const PartAccepted& /*accepted*/) {
        return send(m);
    }
    // The API calls the message still needs (its parts not yet accepted).
    virtual int calls(const workflow::OutboxMessage& /*m*/) const { return 1; }
    // Does the provider cap messages per recipient per minute (WeCom: 30)?
    virtual int per_recipient_per_minute() const { return 0; }
    // The message's text as a line of a digest, when it can be shown that way.
    virtual std::optional<std::string> digest_line(const workflow::OutboxMessage& /*m*/) const { return std::nullopt; }
};

// Outbox rows name a route (person, console, sms); operators know the channel behind it. A route
// with no channel is labelled as itself.
inline std::string route_label(const std::map<std::string, Channel*>& channels, const std::string& route) {
    const auto ch = channels.find(route);
    return ch == channels.end() ? route : std::string(ch->second->name());
}

}  // namespace hotline::bot
