#pragma once
// Deadline reminders and escalations from the timers table (the time limits of 规程 二(三)): before the
// report deadline (24 h, 2 h), at it, at the feedback deadline, then the escalation ladder
// (unit leader after 24 h, hotline supervision after 48 h). Each timer fires once for its
// deadline version; a stale version never fires; a pending return or extension request holds
// reminders back; quiet hours delay them (urgent escalations may override); reminders for one
// unit found in one pass go out as one digest; after downtime every missed reminder fires once,
// in order, naming its original time. A morning digest lists each unit's open tickets.
#include <chrono>
#include <string>

#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

struct QuietHours {
    bool enabled = true;
    std::chrono::minutes start{22 * 60};      // China time of day
    std::chrono::minutes end{7 * 60 + 30};
};

struct ReminderPolicy {
    QuietHours unit_people;     // handlers and unit leaders
    QuietHours hotline_people;  // staff
    bool urgent_overrides_quiet = true;  // hotline supervision escalations are urgent
    bool morning_digest = true;
    std::chrono::minutes morning_digest_at{8 * 60 + 30};
    std::chrono::minutes request_recheck{60};  // how often a held-back reminder looks again
};

bool in_quiet_hours(Instant t, const QuietHours& q);
Instant end_of_quiet_hours(Instant t, const QuietHours& q);  // t itself when not quiet

struct ReminderPass {
    int fired = 0;     // timers that produced a reminder
    int stale = 0;     // timers of an older deadline version or a ticket no longer with a unit
    int held = 0;      // postponed: pending request or quiet hours
    int messages = 0;  // outbox messages written
};

class ReminderScheduler {
public:
    ReminderScheduler(Store& store, const Clock& clock, ReminderPolicy policy = {})
        : store_(store), clock_(clock), policy_(policy) {}

    // Arms the next morning digest if none is pending (idempotent).
    void arm_morning_digest();
    // Everything due now, in one transaction.
    ReminderPass run_once(int limit = 1000);

private:
    Store& store_;
    const Clock& clock_;
    ReminderPolicy policy_;
};

}  // namespace hotline::workflow
