// The report PDF read back by a real PDF reader (poppler's pdftotext): every section in order, no
// line starting with ， or 。, the approvals, page numbers on a multi-page report.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "bot/documents/report_pdf.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "workflow/documents/reply_template.h"

using namespace hotline;
using namespace hotline::bot::documents;

namespace {

std::string pdf_text(const hotline::testing::TempDir& dir, const std::string& pdf) {
    const auto path = dir.path() / "report.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    const auto r = hotline::testing::run({"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", path.string(), "-"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
}

// The text as one run: the reader's line breaks and layout spaces removed.
std::string flat(std::string s) {
    std::erase_if(s, [](char c) { return c == '\n' || c == ' '; });
    return s;
}

ReportDocument document(const std::string& cause) {
    auto draft = workflow::parse_reply(hotline::testing::complete_result());
    draft.sections[workflow::Section::cause] = cause;
    const workflow::RenderContext c{"小区供暖不热", "我家住在幸福小区3号楼，暖气只有十几度，老人孩子受不了。", "旗住房和城乡建设局",
                                    workflow::from_china_time(2026, 12, 1, 10)};
    return ReportDocument{workflow::render_report(draft, c), c.unit_name, c.date, 2,
                          {{"分管领导审核", "刘洋", workflow::from_china_time(2026, 12, 1, 15, 30)},
                           {"第1级审签", "", {}}}};
}

}  // namespace

TEST(ReportPdf, EverySectionInOrderReadBackByPoppler) {
    hotline::testing::TempDir dir;
    const auto pdf = render_report_pdf(document("小区供热管网老化，末端压力不足。"));
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    // A page as an image, for a person to look at (kept beside the test's output when asked to).
    if (const char* keep = std::getenv("HOTLINE_KEEP_REPORT_PNG")) {
        std::ofstream(dir.path() / "r.pdf", std::ios::binary) << pdf;
        hotline::testing::run({"/usr/bin/pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                               (dir.path() / "r.pdf").string(), keep});
    }
    const auto text = flat(pdf_text(dir, pdf));
    std::size_t at = 0;
    for (const char* part : {"关于网民反映小区供暖不热问题核查办理情况的报告", "一、留言内容", "暖气只有十几度", "二、核查处置情况",
                             "经核查，网民反映问题属实。", "三、回复情况", "网民朋友您好", "旗住房和城乡建设局", "2026年12月1日",
                             "审核签字（第2版）", "分管领导审核：刘洋", "第1级审签：待签", "—2—"}) {
        const auto found = text.find(part, at);
        ASSERT_NE(found, std::string::npos) << part << "\n" << text;
        at = found;
    }
}

TEST(ReportPdf, TheSameReportRendersToTheSameBytes) {
    EXPECT_EQ(render_report_pdf(document("管网老化。")), render_report_pdf(document("管网老化。")));
    EXPECT_NE(render_report_pdf(document("管网老化。")), render_report_pdf(document("阀门损坏。")));
}

TEST(ReportPdf, ALongReportBreaksLinesAndPagesAsADocumentShould) {
    hotline::testing::TempDir dir;
    std::string cause;
    for (int i = 0; i < 60; ++i) cause += "经现场核查，该小区供热管网建于二〇〇三年，管道老化严重，末端压力不足，";
    cause += "已列入改造计划。";
    const auto text = pdf_text(dir, render_report_pdf(document(cause)));
    EXPECT_NE(flat(text).find("—3—"), std::string::npos) << text;  // several pages, numbered
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        auto line = text.substr(start, end - start);
        line.erase(0, line.find_first_not_of(' '));
        for (const char* mark : {"，", "。", "、", "；", "）"})
            EXPECT_NE(line.rfind(mark, 0), 0u) << "a line starts with " << mark << ": " << line;
        start = end + 1;
    }
}
