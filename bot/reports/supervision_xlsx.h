#pragma once
// The supervision notice as an Excel workbook: one row per case (unit, reasons, findings), one per
// step of the handling, and the instructions on a sheet of their own (only when the notice holds
// them: a reader not allowed to see them gets a notice without).
#include <filesystem>

#include "workflow/documents/supervision_notice.h"

namespace hotline::bot::reports {

// Throws std::runtime_error with a readable reason on failure.
void write_supervision_xlsx(const workflow::SupervisionNotice& n, const std::filesystem::path& out);

}  // namespace hotline::bot::reports
