#include "bot/reports/report_files.h"

#include <xlsxwriter.h>

#include <fstream>
#include <stdexcept>

#include "workflow/procedure/names.h"
#include "workflow/statistics/report_text.h"
#include "workflow/survey/survey.h"

namespace hotline::bot::reports {

namespace {

void write_text(const std::filesystem::path& out, const std::string& text) {
    std::ofstream f(out, std::ios::binary);
    if (!f) throw std::runtime_error(out.string() + ": cannot be written");
    f << text;
    if (!f) throw std::runtime_error(out.string() + ": write failed");
}

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string(what) + ": " + lxw_strerror(e));
}

void rate_cell(lxw_worksheet* ws, int row, int col, const std::optional<double>& rate, lxw_format* percent) {
    if (rate) worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), *rate, percent);
    else worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), "—", nullptr);
}

}  // namespace

void write_report(const workflow::StatsReport& r, const std::string& format, const std::filesystem::path& out) {
    if (format == "md") return write_text(out, workflow::report_markdown(r));
    if (format == "csv") return write_text(out, "\xEF\xBB\xBF" + workflow::report_csv(r));  // BOM: Excel reads UTF-8
    if (format == "xlsx") return write_xlsx(r, out);
    throw std::runtime_error("unknown format \"" + format + "\" (md, csv or xlsx)");
}

void write_xlsx(const workflow::StatsReport& r, const std::filesystem::path& out) {
    lxw_workbook* wb = workbook_new(out.c_str());
    if (!wb) throw std::runtime_error(out.string() + ": cannot be created");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* percent = workbook_add_format(wb);
    format_set_num_format(percent, "0.0%");
    lxw_format* score = workbook_add_format(wb);
    format_set_num_format(score, "0.000");

    lxw_worksheet* ranking = workbook_add_worksheet(wb, "三率排名");
    worksheet_write_string(ranking, 0, 0, ("接诉即办三率统计 " + r.period.label).c_str(), bold);
    const char* headers[] = {"排名", "单位", "考核工单", "按时办结", "超期", "已回访答复", "已解决", "满意", "基本满意",
                             "不满意", "联系不上", "按时办结率", "问题解决率", "群众满意率", "综合得分", "派单", "退单",
                             "延期", "重办", "督办", "办结"};
    for (int c = 0; c < static_cast<int>(std::size(headers)); ++c)
        worksheet_write_string(ranking, 2, static_cast<lxw_col_t>(c), headers[c], bold);
    int row = 3;
    auto unit_row = [&](const workflow::UnitStats& u, const std::string& rank) {
        const auto R = static_cast<lxw_row_t>(row);
        worksheet_write_string(ranking, R, 0, rank.c_str(), nullptr);
        worksheet_write_string(ranking, R, 1, u.unit_name.c_str(), nullptr);
        const std::int64_t counts[] = {u.assessed, u.on_time, u.overdue, u.answered, u.solved, u.satisfied,
                                       u.basically_satisfied, u.dissatisfied, u.unreachable};
        for (int i = 0; i < 9; ++i)
            worksheet_write_number(ranking, R, static_cast<lxw_col_t>(2 + i), static_cast<double>(counts[i]), nullptr);
        rate_cell(ranking, row, 11, u.on_time_rate, percent);
        rate_cell(ranking, row, 12, u.resolution_rate, percent);
        rate_cell(ranking, row, 13, u.satisfaction_rate, percent);
        if (u.assessed) worksheet_write_number(ranking, R, 14, u.score, score);
        const std::int64_t events[] = {u.dispatched, u.returned, u.extended, u.redone, u.supervised, u.closed};
        for (int i = 0; i < 6; ++i)
            worksheet_write_number(ranking, R, static_cast<lxw_col_t>(15 + i), static_cast<double>(events[i]), nullptr);
        ++row;
    };
    for (const auto& u : r.units) unit_row(u, u.rank ? std::to_string(u.rank) : "");
    unit_row(r.county, "全县");
    worksheet_write_string(ranking, static_cast<lxw_row_t>(row + 1), 0, workflow::formulas_text(r.policy).c_str(), nullptr);
    worksheet_set_column(ranking, 1, 1, 24, nullptr);

    lxw_worksheet* detail = workbook_add_worksheet(wb, "工单明细");
    const char* detail_headers[] = {"工单号", "标题", "承办单位", "反馈期限", "单位提交时间", "是否按时", "满意度", "解决情况",
                                    "回访状态"};
    for (int c = 0; c < static_cast<int>(std::size(detail_headers)); ++c)
        worksheet_write_string(detail, 0, static_cast<lxw_col_t>(c), detail_headers[c], bold);
    std::map<std::string, std::string> names;
    for (const auto& u : r.units) names[u.unit_code] = u.unit_name;
    row = 1;
    for (const auto& t : r.tickets) {
        const auto R = static_cast<lxw_row_t>(row++);
        const bool on_time = t.delivered_at && *t.delivered_at <= t.feedback_deadline;
        worksheet_write_number(detail, R, 0, static_cast<double>(t.ticket_id), nullptr);
        worksheet_write_string(detail, R, 1, t.title.c_str(), nullptr);
        worksheet_write_string(detail, R, 2, names.count(t.unit_code) ? names[t.unit_code].c_str() : t.unit_code.c_str(), nullptr);
        worksheet_write_string(detail, R, 3, workflow::format_china_time(t.feedback_deadline).c_str(), nullptr);
        worksheet_write_string(detail, R, 4, t.delivered_at ? workflow::format_china_time(*t.delivered_at).c_str() : "未提交",
                               nullptr);
        worksheet_write_string(detail, R, 5, on_time ? "按时" : "超期", nullptr);
        for (const auto& [column, text] : {std::pair{6, workflow::chinese_or_empty(t.satisfaction)},
                                           {7, workflow::chinese_or_empty(t.resolution)},
                                           {8, workflow::chinese_or_empty(t.survey_state)}})
            worksheet_write_string(detail, R, static_cast<lxw_col_t>(column), std::string(text).c_str(), nullptr);
    }
    worksheet_set_column(detail, 1, 1, 30, nullptr);
    worksheet_set_column(detail, 2, 4, 20, nullptr);
    check(workbook_close(wb), out.c_str());
}

}  // namespace hotline::bot::reports
