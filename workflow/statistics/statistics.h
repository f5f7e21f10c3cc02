#pragma once
// The three rates (三率) and the counts of a period, per unit and for the county, ranked by a
// configurable composite score. Which tickets count where (the formulas, also printed in every
// report):
//   assessed  = tickets of the unit whose feedback deadline falls in the period and has passed;
//   on-time   = assessed delivered (unit leader approved) by the deadline / assessed;
//   resolution = answered surveys with 已解决 / answered surveys (of the assessed tickets);
//   satisfaction = (满意 + 基本满意 x basic_weight) / answered surveys;
//   unreachable citizens (survey ended without an answer) are left out of both survey rates, or
//   counted as 未解决/不满意 when configured;
//   score = on_time_weight x on-time + resolution_weight x resolution + satisfaction_weight x
//   satisfaction (a rate without data takes the county's value, so it neither helps nor hurts).
// Ties rank by on-time rate, then more assessed tickets, then the unit code.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workflow/procedure/clock.h"
#include "workflow/procedure/directory.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

struct StatsPolicy {
    double on_time_weight = 0.4;
    double resolution_weight = 0.3;
    double satisfaction_weight = 0.3;
    double basic_satisfied_weight = 1.0;  // how much one 基本满意 counts as 满意
    bool unreachable_counts_against = false;  // false: left out of the survey rates
};

struct Period {
    Instant from{};  // inclusive, China-time midnight
    Instant to{};    // exclusive
    std::string label;  // 2026年第40周（09-28至10-04）, 2026年10月
};
// 本周 | 上周 | 本月 | 上月 | YYYY-MM | YYYY-Www (ISO week) | YYYY-MM-DD..YYYY-MM-DD, relative to now.
std::optional<Period> parse_period(const std::string& text, Instant now);
Period week_of(Instant t);   // the ISO week (Monday to Sunday, China time) containing t
Period month_of(Instant t);

struct UnitStats {
    std::string unit_code;
    std::string unit_name;
    // Counts of events in the period.
    std::int64_t dispatched = 0, returned = 0, extended = 0, redone = 0, supervised = 0, closed = 0;
    // The tickets assessed for the rates.
    std::int64_t assessed = 0, on_time = 0, overdue = 0;
    std::int64_t answered = 0, solved = 0, satisfied = 0, basically_satisfied = 0, dissatisfied = 0;
    std::int64_t unreachable = 0;
    std::optional<double> on_time_rate, resolution_rate, satisfaction_rate;
    double score = 0;
    int rank = 0;  // 1 = best; units without assessed tickets come last, unranked (0)
};

struct StatsReport {
    Period period;
    std::int64_t received = 0;  // tickets received by the county in the period
    UnitStats county;           // all units together
    std::vector<UnitStats> units;  // ranked
    std::vector<DueTicketFacts> tickets;  // the assessed tickets, for the detail sheet
    StatsPolicy policy;
};

StatsReport compute_stats(StoreTx& tx, const Period& period, const StatsPolicy& policy, Instant now);

}  // namespace hotline::workflow
