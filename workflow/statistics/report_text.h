#pragma once
// A period's statistics as people read them: the leaders' report in Markdown (WeCom markdown and
// the CLI), the compact chat answer to 统计, and CSV for spreadsheets. Every report states its
// formulas.
#include <string>

#include "workflow/statistics/statistics.h"

namespace hotline::workflow {

std::string format_rate(const std::optional<double>& r);  // "93.3%", or "—" without data
std::string formulas_text(const StatsPolicy& p);
std::string report_markdown(const StatsReport& r);
// One unit (unit_code) or the ranking of all units, short enough for one chat message or two.
std::string report_chat(const StatsReport& r, const std::string& unit_code);
std::string report_csv(const StatsReport& r);

}  // namespace hotline::workflow
