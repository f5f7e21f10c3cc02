#include "workflow/statistics/statistics.h"

#include "workflow/procedure/lifecycle.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotline::workflow {

namespace {

using namespace std::chrono;

std::string md(sys_days d) {
    const year_month_day ymd{d};
    return fmt::format("{:02d}-{:02d}", static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<sys_days> parse_date(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    const year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

Period month_period(year_month ym) {
    const sys_days first{ym / 1};
    const sys_days next{(ym + months{1}) / 1};
    return Period{china_midnight(first), china_midnight(next),
                  fmt::format("{}年{}月", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()))};
}

Period week_period(sys_days monday) {
    // ISO week number: the week containing the year's first Thursday is week 1.
    const sys_days thursday = monday + days{3};
    const year y = year_month_day{thursday}.year();
    const int week = static_cast<int>((thursday - sys_days{y / January / 1}).count() / 7 + 1);
    return Period{china_midnight(monday), china_midnight(monday + days{7}),
                  fmt::format("{}年第{}周（{}至{}）", static_cast<int>(y), week, md(monday), md(monday + days{6}))};
}

std::optional<double> ratio(double num, std::int64_t den) {
    if (den <= 0) return std::nullopt;
    return num / static_cast<double>(den);
}

void finish_rates(UnitStats& u, const StatsPolicy& p) {
    u.on_time_rate = ratio(static_cast<double>(u.on_time), u.assessed);
    const std::int64_t survey_den = u.answered + (p.unreachable_counts_against ? u.unreachable : 0);
    u.resolution_rate = ratio(static_cast<double>(u.solved), survey_den);
    u.satisfaction_rate =
        ratio(static_cast<double>(u.satisfied) + static_cast<double>(u.basically_satisfied) * p.basic_satisfied_weight,
              survey_den);
}

}  // namespace

Period week_of(Instant t) {
    const sys_days d = china_date(t);
    const weekday wd{d};
    return week_period(d - days{(wd.c_encoding() + 6) % 7});
}

Period month_of(Instant t) {
    const year_month_day ymd{china_date(t)};
    return month_period(ymd.year() / ymd.month());
}

std::optional<Period> parse_period(const std::string& text, Instant now) {
    if (text.empty() || text == "本周") return week_of(now);
    if (text == "上周") return week_of(now - days{7});
    if (text == "本月") return month_of(now);
    if (text == "上月") {
        const year_month_day ymd{china_date(now)};
        return month_period(ymd.year() / ymd.month() - months{1});
    }
    int y = 0;
    unsigned n = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%4d-W%2u%c", &y, &n, &tail) == 2 && n >= 1 && n <= 53) {
        const sys_days jan4{year{y} / January / 4};  // always in ISO week 1
        const sys_days monday = jan4 - days{(weekday{jan4}.c_encoding() + 6) % 7} + days{7 * (n - 1)};
        return week_period(monday);
    }
    if (std::sscanf(text.c_str(), "%4d-%2u%c", &y, &n, &tail) == 2 && n >= 1 && n <= 12)
        return month_period(year{y} / month{n});
    if (const auto dots = text.find(".."); dots != std::string::npos) {
        const auto a = parse_date(text.substr(0, dots));
        const auto b = parse_date(text.substr(dots + 2));
        if (!a || !b || *b < *a) return std::nullopt;
        return Period{china_midnight(*a), china_midnight(*b + days{1}),
                      fmt::format("{}至{}", text.substr(0, dots), text.substr(dots + 2))};
    }
    return std::nullopt;
}

StatsReport compute_stats(StoreTx& tx, const Period& period, const StatsPolicy& policy, Instant now) {
    StatsReport r;
    r.period = period;
    r.policy = policy;
    std::map<std::string, UnitStats> by_unit;
    for (const auto& u : tx.directory().units()) {
        auto& s = by_unit[u.code];
        s.unit_code = u.code;
        s.unit_name = u.name;
    }
    auto unit = [&](const std::string& code) -> UnitStats& {
        auto& u = by_unit[code];
        if (u.unit_code.empty()) u.unit_code = u.unit_name = code;  // a unit since removed from the directory
        return u;
    };

    for (const auto& [key, n] : tx.statistics().audit_counts_between(period.from, period.to)) {
        const auto& [code, action] = key;
        if (code.empty()) continue;
        auto& u = unit(code);
        const auto a = parse_action(action);
        if (!a) continue;  // not a step of the table (the refused late return)
        switch (transition_for(*a).tally) {
            case Tally::dispatched: u.dispatched += n; break;
            case Tally::returned: u.returned += n; break;
            case Tally::extended: u.extended += n; break;
            case Tally::redone: u.redone += n; break;
            case Tally::supervised: u.supervised += n; break;
            case Tally::closed: u.closed += n; break;
            case Tally::none: break;
        }
    }
    // Only deadlines that have passed are judged: a ticket due later this week is not late yet.
    const Instant judged_until = std::min(period.to, now + seconds{1});
    r.tickets = tx.statistics().tickets_due_between(period.from, judged_until);
    for (const auto& f : r.tickets) {
        auto& u = unit(f.unit_code);
        ++u.assessed;
        if (f.delivered_at && *f.delivered_at <= f.feedback_deadline) ++u.on_time;
        else ++u.overdue;
        if (f.satisfaction && f.resolution) {
            ++u.answered;
            if (*f.resolution == Resolution::solved) ++u.solved;
            switch (*f.satisfaction) {
                case Satisfaction::satisfied: ++u.satisfied; break;
                case Satisfaction::basically_satisfied: ++u.basically_satisfied; break;
                case Satisfaction::dissatisfied: ++u.dissatisfied; break;
            }
        } else if (f.survey_state && unreachable(*f.survey_state)) {
            ++u.unreachable;
        }
    }

    UnitStats& c = r.county;
    c.unit_code = "";
    c.unit_name = "全县";
    for (auto& [code, u] : by_unit) {
        finish_rates(u, policy);
        for (auto [total, part] : {std::pair{&c.dispatched, u.dispatched}, {&c.returned, u.returned},
                                   {&c.extended, u.extended}, {&c.redone, u.redone}, {&c.supervised, u.supervised},
                                   {&c.closed, u.closed}, {&c.assessed, u.assessed}, {&c.on_time, u.on_time},
                                   {&c.overdue, u.overdue}, {&c.answered, u.answered}, {&c.solved, u.solved},
                                   {&c.satisfied, u.satisfied}, {&c.basically_satisfied, u.basically_satisfied},
                                   {&c.dissatisfied, u.dissatisfied}, {&c.unreachable, u.unreachable}})
            *total += part;
    }
    finish_rates(c, policy);
    r.received = tx.statistics().tickets_received_between(period.from, period.to);

    auto score = [&](const UnitStats& u) {
        // A rate without data takes the county's, so it neither lifts nor sinks the unit.
        const double on_time = u.on_time_rate.value_or(c.on_time_rate.value_or(0));
        const double resolution = u.resolution_rate.value_or(c.resolution_rate.value_or(0));
        const double satisfaction = u.satisfaction_rate.value_or(c.satisfaction_rate.value_or(0));
        return policy.on_time_weight * on_time + policy.resolution_weight * resolution +
               policy.satisfaction_weight * satisfaction;
    };
    for (auto& [code, u] : by_unit) {
        u.score = u.assessed > 0 ? score(u) : 0;
        r.units.push_back(u);
    }
    c.score = c.assessed > 0 ? score(c) : 0;
    std::sort(r.units.begin(), r.units.end(), [](const UnitStats& a, const UnitStats& b) {
        if ((a.assessed > 0) != (b.assessed > 0)) return a.assessed > 0;
        // Compare scores rounded to 1e-9 so that float noise never decides a rank.
        const auto sa = std::llround(a.score * 1e9), sb = std::llround(b.score * 1e9);
        if (sa != sb) return sa > sb;
        const auto oa = std::llround(a.on_time_rate.value_or(0) * 1e9), ob = std::llround(b.on_time_rate.value_or(0) * 1e9);
        if (oa != ob) return oa > ob;
        if (a.assessed != b.assessed) return a.assessed > b.assessed;
        return a.unit_code < b.unit_code;
    });
    int rank = 0;
    for (auto& u : r.units) u.rank = u.assessed > 0 ? ++rank : 0;
    return r;
}

}  // namespace hotline::workflow
