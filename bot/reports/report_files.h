#pragma once
// A period's report as a file for the administrators: Markdown, CSV, or an Excel workbook with a
// ranking sheet and a ticket detail sheet (Chinese headers), through libxlsxwriter.
#include <filesystem>
#include <string>

#include "workflow/statistics/statistics.h"

namespace hotline::bot::reports {

// format: md | csv | xlsx. Throws std::runtime_error with a readable reason on failure.
void write_report(const workflow::StatsReport& r, const std::string& format, const std::filesystem::path& out);
void write_xlsx(const workflow::StatsReport& r, const std::filesystem::path& out);

}  // namespace hotline::bot::reports
