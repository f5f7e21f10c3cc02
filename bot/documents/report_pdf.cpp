#include "bot/documents/report_pdf.h"

#include <fmt/format.h>

#include "bot/documents/pdf_document.h"

namespace hotline::bot::documents {

namespace {

std::vector<std::string> paragraphs(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = text.find("\n\n", at);
        if (end == std::string::npos) end = text.size();
        if (end > at) out.push_back(text.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

bool is_heading(const std::string& p) {
    for (const char* h : {"一、", "二、", "三、", "四、", "五、"})
        if (p.rfind(h, 0) == 0 && p.find('\n') == std::string::npos && p.size() < 40) return true;
    return false;
}

}  // namespace

std::string render_report_pdf(const ReportDocument& doc) {
    PdfDocument pages(doc.date);

    const auto parts = paragraphs(doc.text);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i == 0) {
            pages.paragraph(parts[i], TextStyle::title, 18);
        } else if (is_heading(parts[i])) {
            pages.paragraph(parts[i], TextStyle::heading, 4);
        } else {
            // A paragraph's own line breaks (the public reply's signature lines) stay lines.
            std::size_t at = 0;
            while (at <= parts[i].size()) {
                auto nl = parts[i].find('\n', at);
                if (nl == std::string::npos) nl = parts[i].size();
                const auto line = parts[i].substr(at, nl - at);
                // The signature lines (unit, date) stand at the right, as in a letter.
                const bool signature = line == doc.unit_name || line == workflow::format_china_date(doc.date);
                pages.paragraph(line, signature ? TextStyle::right : TextStyle::body, 0);
                at = nl + 1;
            }
            pages.space(6);
        }
    }
    pages.space(24);
    pages.paragraph(fmt::format("审核签字（第{}版）", doc.version), TextStyle::heading, 4);
    for (const auto& a : doc.approvals)
        pages.paragraph(a.name.empty() ? fmt::format("{}：待签", a.step)
                                       : fmt::format("{}：{}　北京时间{}", a.step, a.name, workflow::format_china_time(a.at)),
                        TextStyle::approval, 0);
    return pages.finish();
}

}  // namespace hotline::bot::documents
