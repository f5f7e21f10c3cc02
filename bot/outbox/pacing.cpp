#include "bot/outbox/pacing.h"

#include <fmt/format.h>

#include <algorithm>

namespace hotline::bot::outbox {

using namespace std::chrono_literals;
using workflow::Instant;

Instant room_at(const std::vector<Instant>& times, int calls, int cap, Instant now) {
    calls = std::clamp(calls, 1, std::max(cap, 1));
    const int allowed = cap - calls;  // calls that may still be in the window
    const int n = static_cast<int>(times.size());
    if (n <= allowed) return now;
    return std::max(now, times[static_cast<std::size_t>(n - allowed - 1)] + 60s);
}

PacingPlan plan_recipient(const std::vector<PacingItem>& items, const std::vector<Instant>& recent, Instant now,
                          PacingLimits limits) {
    PacingPlan plan;
    std::vector<Instant> window = recent;  // grows with what this plan sends now
    const auto spend = [&](std::size_t i, int calls) {
        plan.send.push_back(i);
        plan.calls_planned += calls;
        window.insert(window.end(), static_cast<std::size_t>(calls), now);
    };
    const auto used = [&] { return static_cast<int>(window.size()); };

    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].purpose != workflow::OutboxPurpose::answer) continue;
        if (used() + items[i].calls <= limits.per_minute)
            spend(i, items[i].calls);
        else
            plan.wait.emplace_back(i, room_at(window, items[i].calls, limits.per_minute, now));
    }

    const int notification_cap = std::max(1, limits.per_minute - limits.answer_reserve);
    std::vector<std::size_t> mergeable;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].purpose == workflow::OutboxPurpose::answer) continue;
        if (items[i].mergeable) {
            mergeable.push_back(i);
        } else if (used() + items[i].calls <= notification_cap) {
            spend(i, items[i].calls);
        } else {
            plan.wait.emplace_back(i, room_at(window, items[i].calls, notification_cap, now));
        }
    }

    int needed = 0;
    for (const auto i : mergeable) needed += items[i].calls;
    if (used() + needed <= notification_cap) {
        for (const auto i : mergeable) spend(i, items[i].calls);
        return plan;
    }
    // Over the budget: send what fits while leaving one call for the digest of the rest.
    std::size_t k = 0;
    for (; k < mergeable.size(); ++k) {
        if (used() + items[mergeable[k]].calls + 1 > notification_cap) break;
        spend(mergeable[k], items[mergeable[k]].calls);
    }
    if (mergeable.size() - k == 1) {  // a digest of one message is just that message, later
        plan.wait.emplace_back(mergeable[k], room_at(window, items[mergeable[k]].calls, notification_cap, now));
        return plan;
    }
    plan.merge.assign(mergeable.begin() + static_cast<std::ptrdiff_t>(k), mergeable.end());
    plan.digest_at = room_at(window, 1, notification_cap, now);
    return plan;
}

std::string digest_text(const std::vector<std::string>& lines) {
    std::string out = fmt::format("【消息汇总】短时间内给您的通知较多，以下 {} 条合并发送：", lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) out += fmt::format("\n\n{}. {}", i + 1, lines[i]);
    out += "\n\n发送“待办”可查看需要您办理的工单。";
    return out;
}

}  // namespace hotline::bot::outbox
