#include "workflow/procedure/deadlines.h"

#include <stdexcept>

namespace hotline::workflow {

using namespace std::chrono;

Instant Deadlines::feedback_deadline(Category c, Instant dispatched_at) const {
    const auto it = policy_.categories.find(c);
    if (it == policy_.categories.end()) throw std::invalid_argument("no deadline rule for this category");
    const CategoryRule& rule = it->second;
    if (rule.working_days) return add_working_days(dispatched_at, rule.days);
    return dispatched_at + days{rule.days};
}

Instant Deadlines::redo_deadline(Instant sent_back_at) const {
    if (policy_.redo_working_days) return add_working_days(sent_back_at, policy_.redo_days);
    return sent_back_at + days{policy_.redo_days};
}

Instant Deadlines::add_working_days(Instant from, int working_days) const {
    // Count on the China local date; the deadline keeps the local time of day.
    const auto local = from + kChinaOffset;
    const Date local_date = floor<days>(local);
    const auto time_of_day = local - local_date;
    const Date target = calendar_.add_working_days(local_date, working_days);
    return Instant{target} + time_of_day - kChinaOffset;
}

}  // namespace hotline::workflow
