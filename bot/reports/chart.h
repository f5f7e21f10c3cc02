#pragma once
// The weekly report's picture, for people who would rather look than read: the units' composite
// scores as a ranking bar chart, and the county's three rates over the last 12 weeks as lines.
// Drawn with cairo; Chinese labels use the WenQuanYi Zen Hei font (Debian fonts-wqy-zenhei).
#include <string>
#include <vector>

#include "workflow/statistics/statistics.h"

namespace hotline::bot::reports {

inline constexpr int kChartWidth = 960;
inline constexpr int kChartHeight = 720;

// ranking: the period's report; trend: the reports of the weeks leading up to it, oldest first.
// Returns the PNG bytes.
std::string render_chart_png(const workflow::StatsReport& ranking, const std::vector<workflow::StatsReport>& trend);

// The 12 ISO weeks ending with the week that contains `end - 1s`, oldest first.
std::vector<workflow::StatsReport> weekly_trend(workflow::StoreTx& tx, workflow::Instant end,
                                                const workflow::StatsPolicy& policy, workflow::Instant now, int weeks = 12);

}  // namespace hotline::bot::reports
