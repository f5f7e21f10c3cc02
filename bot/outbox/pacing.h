#pragma once
// Per-person pacing under a provider's per-minute cap (WeCom: 30 messages a minute to one member).
// Pure decisions, derived from the calls the store says were made to the person in the last
// minute, so the cap holds across restarts. Answers to a person's own command go first and have
// a reserve the notifications cannot use; notifications that would overflow the budget are
// folded into one digest instead of waiting in line.
#include <cstddef>
#include <string>
#include <vector>

#include "workflow/procedure/clock.h"
#include "workflow/store/records.h"

namespace hotline::bot::outbox {

struct PacingLimits {
    int per_minute = 30;     // the provider's cap per recipient
    int answer_reserve = 5;  // of those, kept free for answers
};

struct PacingItem {
    workflow::OutboxPurpose purpose = workflow::OutboxPurpose::notification;
    int calls = 1;           // API calls it still needs (the parts not yet sent)
    bool mergeable = false;  // a notification whose text can stand in a digest
};

struct PacingPlan {
    std::vector<std::size_t> send;                                 // indexes into the items: now
    std::vector<std::pair<std::size_t, workflow::Instant>> wait;   // not now: when there is room
    std::vector<std::size_t> merge;                                // folded into one digest
    workflow::Instant digest_at{};                                 // when that digest fits
    int calls_planned = 0;                                         // what `send` spends of the budget
};

// Items in the order they should go (answers first, then oldest first); `recent` are the times
// of the calls in the last minute, oldest first.
PacingPlan plan_recipient(const std::vector<PacingItem>& items, const std::vector<workflow::Instant>& recent,
                          workflow::Instant now, PacingLimits limits);

// The first instant at which `calls` more calls fit under `cap`, given the calls at `times`
// (oldest first) of which each counts for 60 seconds.
workflow::Instant room_at(const std::vector<workflow::Instant>& times, int calls, int cap, workflow::Instant now);

// The digest's text: one message in place of the notifications' own (Chinese, for the person).
std::string digest_text(const std::vector<std::string>& lines);

}  // namespace hotline::bot::outbox
