#include "bot/reports/supervision_xlsx.h"

#include <xlsxwriter.h>

#include <stdexcept>
#include <string>

namespace hotline::bot::reports {

namespace {

void cell(lxw_worksheet* ws, int row, int col, const std::string& text, lxw_format* f = nullptr) {
    worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), text.c_str(), f);
}

void header(lxw_worksheet* ws, int row, std::initializer_list<const char*> names, lxw_format* bold) {
    int col = 0;
    for (const char* n : names) cell(ws, row, col++, n, bold);
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// One sheet of facts (the handling, or the instructions): ticket, time, who, what.
void facts_sheet(lxw_workbook* wb, const char* name, const workflow::SupervisionNotice& n, lxw_format* bold,
                 const std::vector<workflow::CaseFact> workflow::NoticeCase::*facts) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    header(ws, 0, {"工单号", "时间", "办理人", "事项"}, bold);
    int row = 1;
    for (const auto& c : n.cases)
        for (const auto& f : c.*facts) {
            worksheet_write_number(ws, static_cast<lxw_row_t>(row), 0, static_cast<double>(c.ticket_id), nullptr);
            cell(ws, row, 1, workflow::format_china_time(f.at));
            cell(ws, row, 2, f.who);
            cell(ws, row++, 3, f.what);
        }
    worksheet_set_column(ws, 1, 1, 18, nullptr);
    worksheet_set_column(ws, 2, 2, 22, nullptr);
    worksheet_set_column(ws, 3, 3, 70, nullptr);
}

}  // namespace

void write_supervision_xlsx(const workflow::SupervisionNotice& n, const std::filesystem::path& out) {
    lxw_workbook* wb = workbook_new(out.c_str());
    if (!wb) throw std::runtime_error(out.string() + ": cannot be created");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    lxw_worksheet* cases = workbook_add_worksheet(wb, "通报工单");
    cell(cases, 0, 0, "督办通报 " + n.period.label + "（内部资料 注意保密）", bold);
    header(cases, 2, {"工单号", "标题", "承办单位", "留言人电话", "通报事由", "情况"}, bold);
    int row = 3;
    for (const auto& c : n.cases) {
        std::vector<std::string> findings;
        for (const auto& [kind, finding] : c.findings) findings.push_back(finding);
        worksheet_write_number(cases, static_cast<lxw_row_t>(row), 0, static_cast<double>(c.ticket_id), nullptr);
        cell(cases, row, 1, c.title);
        cell(cases, row, 2, c.unit_name);
        cell(cases, row, 3, c.citizen_phone);
        cell(cases, row, 4, workflow::kinds_text(c));
        cell(cases, row++, 5, joined(findings, "；"));
    }
    if (n.cases.empty()) cell(cases, row, 0, "本期无通报工单。");
    worksheet_set_column(cases, 1, 1, 30, nullptr);
    worksheet_set_column(cases, 2, 2, 22, nullptr);
    worksheet_set_column(cases, 4, 4, 24, nullptr);
    worksheet_set_column(cases, 5, 5, 70, nullptr);

    facts_sheet(wb, "办理经过", n, bold, &workflow::NoticeCase::trail);
    if (n.has_instructions()) facts_sheet(wb, "领导批示", n, bold, &workflow::NoticeCase::instructions);
    if (const auto e = workbook_close(wb); e != LXW_NO_ERROR)
        throw std::runtime_error(out.string() + ": " + lxw_strerror(e));
}

}  // namespace hotline::bot::reports
