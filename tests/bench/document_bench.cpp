// The report as a PDF to sign (Pango + cairo): a three-page report, laid out and written.
#include <benchmark/benchmark.h>

#include "bot/documents/report_pdf.h"
#include "tests/support/test_env.h"
#include "workflow/documents/reply_template.h"

using namespace hotline;

namespace {

void BM_ReportPdfThreePages(benchmark::State& state) {
    auto draft = workflow::parse_reply(testing::complete_result());
    std::string cause;
    for (int i = 0; i < 8; ++i) cause += "经现场核查，该小区供热管网建于二〇〇三年，管道老化严重，末端压力不足，";
    draft.sections[workflow::Section::cause] = cause + "已列入改造计划。";
    const workflow::RenderContext c{"小区供暖不热", "暖气只有十几度。", "旗住房和城乡建设局", workflow::from_china_time(2026, 12, 1)};
    const bot::documents::ReportDocument doc{workflow::render_report(draft, c), c.unit_name, c.date, 1,
                                             {{"分管领导审核", "刘洋", c.date}}};
    std::string pdf;
    for (auto _ : state) pdf = bot::documents::render_report_pdf(doc);
    int pages = 0;  // page objects, not the page tree
    for (auto at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1))
        pages += pdf.compare(at, 12, "/Type /Pages") != 0;
    state.counters["pdf_bytes"] = static_cast<double>(pdf.size());
    state.counters["pages"] = pages;
}
BENCHMARK(BM_ReportPdfThreePages)->Unit(benchmark::kMillisecond);

}  // namespace
