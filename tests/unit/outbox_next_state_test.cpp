// What happens to an outbox message after an attempt, decided without threads, clocks or channels.
#include <gtest/gtest.h>

#include "bot/outbox/next_state.h"

using namespace hotline;
using namespace std::chrono_literals;
using bot::SendResult;
using bot::SendStatus;
using bot::outbox::Next;
using bot::outbox::next_outbox_state;

namespace {
const auto kNow = workflow::from_unix(1'800'000'030);  // 30 s into a minute
const bot::NotifierOptions kOptions{};                 // 12 attempts, 5 s doubling to 30 min

workflow::OutboxMessage message(int attempts, bool interrupted = false) {
    workflow::OutboxMessage m;
    m.id = 7;
    m.attempts = attempts;
    m.interrupted = interrupted;
    return m;
}
SendResult result(SendStatus s, std::string reason = "") { return {.status = s, .reason = std::move(reason)}; }
}  // namespace

TEST(OutboxNextState, ASentMessageCountsItsAttempt) {
    const auto n = next_outbox_state(result(SendStatus::sent), message(2), false, kNow, kOptions, 1.0);
    EXPECT_EQ(n.next, Next::sent);
    EXPECT_EQ(n.attempts, 3);
}

TEST(OutboxNextState, TransientFailuresBackOffDoublingUpToTheMaximum) {
    auto wait_after = [](int attempts_before) {
        const auto n = next_outbox_state(result(SendStatus::retry, "busy"), message(attempts_before), false, kNow,
                                         kOptions, 1.0);
        EXPECT_EQ(n.next, Next::retry);
        EXPECT_EQ(n.reason, "busy");
        return n.next_at - kNow;
    };
    EXPECT_EQ(wait_after(0), 6s);   // 5 s, plus the second that rounds up
    EXPECT_EQ(wait_after(1), 11s);  // 10 s
    EXPECT_EQ(wait_after(2), 21s);
    EXPECT_EQ(wait_after(10), 1801s);  // capped at 30 min
    // The jitter spreads retries by ±20 %.
    const auto early = next_outbox_state(result(SendStatus::retry), message(1), false, kNow, kOptions, 0.8);
    EXPECT_EQ(early.next_at - kNow, 9s);
}

TEST(OutboxNextState, ARateLimitWaitsForTheProvidersNextWindow) {
    SendResult r = result(SendStatus::rate_limited, "45009");
    r.retry_after = 60s;
    const auto n = next_outbox_state(r, message(0), false, kNow, kOptions, 1.0);
    EXPECT_EQ(n.next, Next::retry);
    EXPECT_TRUE(n.rate_limited);
    EXPECT_EQ(n.next_at, kNow + 30s + 1s);  // the next minute starts in 30 s; a fifth of the first backoff after
}

TEST(OutboxNextState, TheLastAllowedAttemptDeadLettersWithTheReason) {
    const auto n = next_outbox_state(result(SendStatus::retry, "timeout"), message(kOptions.max_attempts - 1), false,
                                     kNow, kOptions, 1.0);
    EXPECT_EQ(n.next, Next::dead);
    EXPECT_EQ(n.attempts, kOptions.max_attempts);
    EXPECT_EQ(n.reason, "gave up after 12 attempts: timeout");
}

TEST(OutboxNextState, PermanentAndConfigurationErrorsAreNeverRetried) {
    for (auto s : {SendStatus::permanent, SendStatus::config_error}) {
        const auto n = next_outbox_state(result(s, "40003 invalid userid"), message(0), false, kNow, kOptions, 1.0);
        EXPECT_EQ(n.next, Next::dead);
        EXPECT_EQ(n.reason, "40003 invalid userid");
    }
}

TEST(OutboxNextState, ADeferredSendIsNotAnAttempt) {
    SendResult r = result(SendStatus::deferred, "quiet hours");
    r.not_before = kNow + 8h;
    const auto n = next_outbox_state(r, message(3), false, kNow, kOptions, 1.0);
    EXPECT_EQ(n.next, Next::reschedule);
    EXPECT_EQ(n.attempts, 3);
    EXPECT_EQ(n.next_at, kNow + 8h);
}

TEST(OutboxNextState, AMaybeDeliveredAttemptMakesTheNextOneGoAsAfterACrash) {
    SendResult r = result(SendStatus::retry, "timeout");
    r.maybe_delivered = true;
    EXPECT_TRUE(next_outbox_state(r, message(0), false, kNow, kOptions, 1.0).resend_as_interrupted);
    // A resend the provider refused before settling stays one; once a part got through it is not.
    EXPECT_TRUE(next_outbox_state(result(SendStatus::retry), message(1, true), false, kNow, kOptions, 1.0)
                    .resend_as_interrupted);
    EXPECT_FALSE(next_outbox_state(result(SendStatus::retry), message(1, true), true, kNow, kOptions, 1.0)
                     .resend_as_interrupted);
    EXPECT_FALSE(next_outbox_state(result(SendStatus::retry), message(1), false, kNow, kOptions, 1.0)
                     .resend_as_interrupted);
}
