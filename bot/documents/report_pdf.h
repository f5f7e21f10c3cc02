#pragma once
// The unit's report (附件: 关于网民反映…问题核查办理情况的报告) as a PDF to sign, laid out like an
// official document: A4, a serif CJK title, body paragraphs indented two characters, line breaking
// by Pango (so no line starts with ， or 。), page numbers, the unit and date at the end, and the
// record of 分管领导审核 and the three 审签 levels as they happened.
#include <string>
#include <vector>

#include "workflow/procedure/clock.h"

namespace hotline::bot::documents {

struct Approval {
    std::string step;  // 分管领导审核, 第1级审签 …
    std::string name;
    workflow::Instant at{};
};

struct ReportDocument {
    std::string text;  // workflow::render_report: the title, then paragraphs separated by blank lines
    std::string unit_name;     // with the date: the signature lines, set at the right
    workflow::Instant date{};
    int version = 1;
    std::vector<Approval> approvals;  // in order; steps not yet taken are shown as 待审核 / 待审签
};

// The PDF's bytes. Throws std::runtime_error if cairo cannot produce it.
std::string render_report_pdf(const ReportDocument& doc);

}  // namespace hotline::bot::documents
