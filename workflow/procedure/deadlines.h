#pragma once
// Deadline rules of the seed (二(二), 二(三)): feedback deadline by category, the report due 48 h
// before it, the 6-hour return window, and the 30-working-day extension cap.
#include <chrono>
#include <map>

#include "workflow/procedure/calendar.h"
#include "workflow/procedure/clock.h"
#include "workflow/procedure/ticket.h"

namespace hotline::workflow {

struct CategoryRule {
    int days = 5;
    bool working_days = false;  // natural days unless the category says otherwise
};

struct DeadlinePolicy {
    std::map<Category, CategoryRule> categories{
        {Category::consult, {3, false}},
        {Category::complaint, {5, false}},
        {Category::complex, {7, false}},
    };
    std::chrono::hours report_lead{48};
    std::chrono::hours return_window{6};
    // A new ticket nobody claimed is announced again after this long, and escalated after twice it.
    std::chrono::minutes claim_within{60};
    int extension_cap_working_days = 30;
    // A result sent back for redo is due again this many days later (seed 二(五) "在规定时间内").
    int redo_days = 3;
    bool redo_working_days = false;
};

class Deadlines {
public:
    Deadlines(const WorkCalendar& calendar, DeadlinePolicy policy)
        : calendar_(calendar), policy_(std::move(policy)) {}

    // Throws std::invalid_argument for Category::unknown: the category must be set at dispatch.
    Instant feedback_deadline(Category c, Instant dispatched_at) const;
    Instant report_deadline(Instant feedback_deadline) const { return feedback_deadline - policy_.report_lead; }
    Instant return_window_end(Instant dispatched_at) const { return dispatched_at + policy_.return_window; }
    Instant redo_deadline(Instant sent_back_at) const;
    // Moves a deadline by whole working days, keeping the time of day in China Standard Time.
    Instant add_working_days(Instant from, int working_days) const;
    const DeadlinePolicy& policy() const { return policy_; }
    const WorkCalendar& calendar() const { return calendar_; }

private:
    const WorkCalendar& calendar_;
    DeadlinePolicy policy_;
};

}  // namespace hotline::workflow
