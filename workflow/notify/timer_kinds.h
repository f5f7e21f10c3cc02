#pragma once
// The reminders' table of timer kinds (the time limits of 规程 二(三)): when each fires, relative to
// which moment, whom it tells, whether it may break quiet hours, and what it says. The engine arms
// timers from it; the reminder pass fires them from it; the store keeps the kind's id.
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace hotline::workflow {

enum class TimerKind {
    unclaimed_reannounce,
    unclaimed_escalate,
    report_24h,
    report_2h,
    report_due,
    feedback_due,
    escalate_leader,
    escalate_staff,
    redo_24h,
    redo_2h,
    redo_due,
    redo_escalate_leader,
    redo_escalate_staff,
    morning_digest,
};

// What a timer is counted from.
enum class Anchor {
    received,  // the ticket arrived; counted in claim windows ([deadlines] claim_within)
    report,    // the report deadline
    feedback,  // the feedback deadline
    redo,      // the redo deadline
    day,       // the morning digest: a time of day, not a ticket
};

enum class Audience { unit_handlers, unit_leaders, hotline_staff, hotline_supervisors };

struct TimerKindInfo {
    TimerKind kind;
    std::string_view id;  // as stored
    Anchor anchor;
    std::chrono::hours offset{};  // from a deadline anchor
    int claim_windows = 0;        // from Anchor::received
    Audience audience = Audience::unit_handlers;
    bool urgent = false;  // may break quiet hours ([reminders] urgent_overrides_quiet)
    std::string_view text{};  // the reminder; {} is the anchor's time, 北京时间
};

const std::vector<TimerKindInfo>& timer_kinds();
const TimerKindInfo& timer_kind(TimerKind k);
std::string_view to_string(TimerKind k);
std::optional<TimerKind> parse_timer_kind(std::string_view id);
// The kinds armed for a ticket from one anchor, in table order.
std::vector<TimerKindInfo> timer_kinds_from(Anchor a);

}  // namespace hotline::workflow
