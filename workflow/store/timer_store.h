#pragma once
// Deadline reminders armed for tickets, and the claims that make scheduled reports go out once.
#include <cstdint>
#include <string>
#include <vector>

#include "workflow/store/records.h"

namespace hotline::workflow {

class TimerStore {
public:
    virtual ~TimerStore() = default;

    // Arming the same (ticket, kind, deadline version) twice keeps one timer.
    virtual void schedule(const Timer& t) = 0;
    // Cancels the ticket's pending timers.
    virtual void cancel_of(std::int64_t ticket_id) = 0;
    // Pending timers due at or before now, earliest first. The cost follows the number due, not
    // the number stored.
    virtual std::vector<Timer> due(Instant now, int limit) = 0;
    // state: fired | stale.
    virtual void finish(std::int64_t id, const std::string& state, Instant at) = 0;
    // Back to pending at a later time (a pending timer only).
    virtual void reschedule(std::int64_t id, Instant due) = 0;
};

class ScheduleStore {
public:
    virtual ~ScheduleStore() = default;

    // Records that a scheduled job (e.g. "weekly:2026-W48") ran; false when it had already run.
    // Of two transactions claiming one key at once, exactly one gets true.
    virtual bool claim_run(const std::string& key, Instant at) = 0;
    // Has it run (read only: the scheduler claims in a later transaction, after drawing its files)?
    virtual bool run_done(const std::string& key) = 0;
};

}  // namespace hotline::workflow
