// Per-person pacing decisions, without threads or servers.
#include <gtest/gtest.h>

#include "bot/outbox/pacing.h"

using namespace hotline;
using namespace std::chrono_literals;
using bot::outbox::PacingItem;
using workflow::OutboxPurpose;

namespace {
const auto kNow = workflow::from_unix(1'800'000'000);
std::vector<workflow::Instant> calls_at(workflow::Instant t, int n) { return std::vector<workflow::Instant>(n, t); }
PacingItem note() { return {.purpose = OutboxPurpose::notification, .calls = 1, .mergeable = true}; }
PacingItem answer() { return {.purpose = OutboxPurpose::answer, .calls = 1, .mergeable = false}; }
}  // namespace

TEST(OutboxPacing, RoomOpensWhenTheOldestCallsLeaveTheMinute) {
    std::vector<workflow::Instant> t;
    for (int i = 0; i < 30; ++i) t.push_back(kNow - 59s + std::chrono::seconds(i));
    EXPECT_EQ(bot::outbox::room_at(t, 1, 30, kNow), kNow - 59s + 60s);
    EXPECT_EQ(bot::outbox::room_at(t, 3, 30, kNow), kNow - 57s + 60s);
    EXPECT_EQ(bot::outbox::room_at(calls_at(kNow, 10), 1, 30, kNow), kNow);
}

TEST(OutboxPacing, AnswersUseTheReserveNotificationsCannot) {
    const auto plan = bot::outbox::plan_recipient({note(), answer(), note()}, calls_at(kNow - 10s, 25), kNow, {});
    EXPECT_EQ(plan.send, (std::vector<std::size_t>{1}));  // the answer, from the reserve
    ASSERT_EQ(plan.merge.size(), 2u);                     // the two notifications, as one digest
    EXPECT_EQ(plan.digest_at, kNow + 50s);                // when the first of the 25 leaves the minute
    EXPECT_EQ(plan.calls_planned, 1);
}

TEST(OutboxPacing, AFullMinuteMakesEvenAnAnswerWait) {
    const auto plan = bot::outbox::plan_recipient({answer()}, calls_at(kNow - 20s, 30), kNow, {});
    EXPECT_TRUE(plan.send.empty());
    ASSERT_EQ(plan.wait.size(), 1u);
    EXPECT_EQ(plan.wait[0].second, kNow + 40s);
}

TEST(OutboxPacing, OneOverflowingNotificationWaitsRatherThanBecomingADigestOfOne) {
    PacingItem long_note{.purpose = OutboxPurpose::notification, .calls = 3, .mergeable = true};
    const auto plan = bot::outbox::plan_recipient({note(), long_note}, calls_at(kNow - 30s, 22), kNow, {});
    EXPECT_EQ(plan.send, (std::vector<std::size_t>{0}));
    ASSERT_EQ(plan.wait.size(), 1u);
    EXPECT_EQ(plan.wait[0].first, 1u);
    EXPECT_EQ(plan.wait[0].second, kNow + 30s);
    EXPECT_TRUE(plan.merge.empty());
    // Two that do not fit the last calls of the budget become one digest: one call, not two.
    const auto two = bot::outbox::plan_recipient({note(), note()}, calls_at(kNow - 30s, 24), kNow, {});
    EXPECT_TRUE(two.send.empty());
    EXPECT_EQ(two.merge.size(), 2u);
    EXPECT_EQ(two.digest_at, kNow);
}

TEST(OutboxPacing, MessagesThatCannotBeMergedWaitInTurn) {
    PacingItem image{.purpose = OutboxPurpose::notification, .calls = 1, .mergeable = false};
    PacingItem long_text{.purpose = OutboxPurpose::notification, .calls = 3, .mergeable = false};
    const auto plan = bot::outbox::plan_recipient({image, long_text}, calls_at(kNow - 5s, 22), kNow, {});
    EXPECT_EQ(plan.send, (std::vector<std::size_t>{0}));
    ASSERT_EQ(plan.wait.size(), 1u);
    EXPECT_EQ(plan.wait[0].second, kNow + 55s);
}
