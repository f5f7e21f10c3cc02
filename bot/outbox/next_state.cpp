#include "bot/outbox/next_state.h"

#include <algorithm>

namespace hotline::bot::outbox {

using namespace std::chrono_literals;

std::chrono::seconds backoff(int attempts, const NotifierOptions& options, double jitter) {
    const auto exp = std::clamp(attempts - 1, 0, 20);
    const auto base = std::min<std::chrono::seconds>(options.first_backoff * (1LL << exp), options.max_backoff);
    return std::chrono::seconds(static_cast<long long>(static_cast<double>(base.count()) * jitter) + 1);
}

NextState next_outbox_state(const SendResult& result, const workflow::OutboxMessage& m, bool progressed,
                            workflow::Instant now, const NotifierOptions& options, double jitter) {
    const int attempts = m.attempts + 1;
    switch (result.status) {
        case SendStatus::sent: return {.next = Next::sent, .attempts = attempts};
        case SendStatus::retry:
        case SendStatus::rate_limited: {
            if (attempts >= options.max_attempts)
                return {.next = Next::dead,
                        .attempts = attempts,
                        .reason = "gave up after " + std::to_string(attempts) + " attempts: " + result.reason};
            const bool limited = result.status == SendStatus::rate_limited;
            // Rate limited: wait for the provider's window to open again (its start, plus a little).
            const auto window = std::max<std::chrono::seconds>(result.retry_after, 60s);
            const auto since_epoch = now.time_since_epoch();
            const workflow::Instant next_at =
                limited ? workflow::Instant{since_epoch - since_epoch % window + window} + backoff(1, options, jitter) / 5
                        : now + backoff(attempts, options, jitter);
            // Also when this attempt was itself such a resend that the provider refused (busy)
            // before settling it.
            return {.next = Next::retry,
                    .attempts = attempts,
                    .next_at = next_at,
                    .reason = result.reason,
                    .resend_as_interrupted = result.maybe_delivered || (m.interrupted && !progressed),
                    .rate_limited = limited};
        }
        case SendStatus::permanent:
        case SendStatus::config_error: return {.next = Next::dead, .attempts = attempts, .reason = result.reason};
        case SendStatus::deferred: break;  // not an attempt: the channel says when to try
    }
    return {.next = Next::reschedule, .attempts = m.attempts, .next_at = result.not_before, .reason = result.reason};
}

}  // namespace hotline::bot::outbox
