#pragma once
// What becomes of an outbox message after one attempt: sent, tried again later (when, and
// whether the next attempt must let the provider drop a repeat), or dead-lettered with the
// reason. A pure decision, so the retry policy is tested without threads, clocks or channels.
#include <string>

#include "bot/channels/channel.h"
#include "bot/outbox/options.h"
#include "workflow/store/records.h"

namespace hotline::bot::outbox {

enum class Next {
    sent,
    retry,       // rescheduled for next_at with one more attempt counted
    dead,        // never to be sent; reason kept
    reschedule,  // not an attempt (deferred by the channel): next_at, attempts unchanged
};

struct NextState {
    Next next = Next::sent;
    int attempts = 0;  // as recorded
    workflow::Instant next_at{};
    std::string reason{};
    // The next attempt goes as after a crash: the provider may have shown this one.
    bool resend_as_interrupted = false;
    bool rate_limited = false;  // a retry that waits for the provider's window
};

// `jitter` in [0.8, 1.2] spreads retries so they do not arrive together; `progressed` says a part
// of the message was accepted during this attempt.
NextState next_outbox_state(const SendResult& result, const workflow::OutboxMessage& m, bool progressed,
                            workflow::Instant now, const NotifierOptions& options, double jitter);

// The wait before attempt `attempts + 1`: doubling from the first backoff up to the maximum.
std::chrono::seconds backoff(int attempts, const NotifierOptions& options, double jitter);

}  // namespace hotline::bot::outbox
