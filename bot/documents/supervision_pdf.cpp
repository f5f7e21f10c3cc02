#include "bot/documents/supervision_pdf.h"

#include <fmt/format.h>

#include "bot/documents/pdf_document.h"

namespace hotline::bot::documents {

namespace {

// 一、二、… for the cases, as official documents number their parts.
std::string chinese_ordinal(std::size_t n) {
    static const char* digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 10) return digits[n];
    if (n < 20) return std::string("十") + digits[n % 10];
    if (n < 100) return std::string(digits[n / 10]) + "十" + digits[n % 10];
    return std::to_string(n);
}

std::string fact_line(const workflow::CaseFact& f) {
    return fmt::format("{}　{}　{}", workflow::format_china_time(f.at), f.who, f.what);
}

}  // namespace

std::string render_supervision_pdf(const workflow::SupervisionNotice& n, const std::string& issuer) {
    PdfDocument doc(n.made_at);
    doc.paragraph("内部资料　注意保密", TextStyle::plain, 12);
    doc.paragraph(fmt::format("关于{}网民留言办理情况的督办通报", n.period.label), TextStyle::title, 18);
    if (n.cases.empty()) {
        doc.paragraph(fmt::format("{}，全县网民留言办理中未发现超期未办结、两次以上退回重办、超时申请退单或督办后仍未解决、"
                                  "不满意的情况。",
                                  n.period.label),
                      TextStyle::body, 6);
    } else {
        std::string counts;
        for (const auto& [kind, count] : n.counts)
            counts += fmt::format("{}{}{}件", counts.empty() ? "" : "，", workflow::chinese_name(kind), count);
        doc.paragraph(fmt::format("根据《网民留言办理工作规程》，现将{}办理拖沓、不彻底、群众不满意的{}件留言通报如下（{}）。"
                                  "请相关单位认真整改，举一反三，切实提高办理质量。",
                                  n.period.label, n.cases.size(), counts),
                      TextStyle::body, 10);
    }
    std::size_t number = 0;
    for (const auto& c : n.cases) {
        doc.paragraph(fmt::format("{}、工单#{}　{}", chinese_ordinal(++number), c.ticket_id, c.title), TextStyle::heading, 4);
        doc.paragraph("承办单位：" + c.unit_name, TextStyle::body);
        if (!c.citizen_phone.empty()) doc.paragraph("留言人电话：" + c.citizen_phone, TextStyle::body);
        doc.paragraph("通报事由：" + workflow::kinds_text(c), TextStyle::body);
        for (const auto& [kind, finding] : c.findings) doc.paragraph(finding + "。", TextStyle::body);
        doc.paragraph("办理经过：", TextStyle::body);
        for (const auto& f : c.trail) doc.paragraph(fact_line(f), TextStyle::small);
        if (!c.instructions.empty()) {
            doc.paragraph("领导批示（请勿传阅）：", TextStyle::body);
            for (const auto& f : c.instructions) doc.paragraph(fact_line(f), TextStyle::small);
        }
        doc.space(10);
    }
    doc.space(24);
    doc.paragraph(issuer, TextStyle::right);
    doc.paragraph(workflow::format_china_date(n.made_at), TextStyle::right);
    return doc.finish();
}

}  // namespace hotline::bot::documents
