#include "workflow/statistics/report_text.h"

#include <fmt/format.h>

namespace hotline::workflow {

namespace {

std::string weight(double w) { return fmt::format("{:g}", w); }

std::string counts_line(const UnitStats& u) {
    return fmt::format("派单{} 退单{} 延期{} 重办{} 超期{} 督办{} 办结{}", u.dispatched, u.returned, u.extended, u.redone,
                       u.overdue, u.supervised, u.closed);
}

std::string rates_line(const UnitStats& u) {
    return fmt::format("按时{} 解决{} 满意{}", format_rate(u.on_time_rate), format_rate(u.resolution_rate),
                       format_rate(u.satisfaction_rate));
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string rate_number(const std::optional<double>& r) { return r ? fmt::format("{:.4f}", *r) : ""; }

}  // namespace

std::string format_rate(const std::optional<double>& r) {
    if (!r) return "—";
    return fmt::format("{:.1f}%", *r * 100);
}

std::string formulas_text(const StatsPolicy& p) {
    return fmt::format(
        "计算口径：考核工单＝反馈期限在统计期内且已到期的工单；按时办结率＝期限内经单位分管领导审核提交的考核工单÷考核工单；"
        "问题解决率＝回访答复“已解决”÷已回访答复；群众满意率＝（满意＋基本满意×{}）÷已回访答复；"
        "联系不上的群众{}；综合得分＝按时办结率×{}＋问题解决率×{}＋群众满意率×{}（某项无数据时按全县值计）；"
        "得分相同依次比较按时办结率、考核工单数、单位代码。",
        weight(p.basic_satisfied_weight),
        p.unreachable_counts_against ? "计入分母（视为未解决、不满意）" : "不计入回访两率的分母", weight(p.on_time_weight),
        weight(p.resolution_weight), weight(p.satisfaction_weight));
}

std::string report_markdown(const StatsReport& r) {
    std::string out = fmt::format("# 接诉即办三率统计 {}\n\n全县收到留言 **{}** 件；考核工单 {} 件，{}。\n\n", r.period.label,
                                  r.received, r.county.assessed, rates_line(r.county));
    out += "| 排名 | 单位 | 考核 | 按时办结率 | 问题解决率 | 群众满意率 | 综合得分 | 派单 | 退单 | 延期 | 重办 | 超期 | 督办 | 办结 |\n";
    out += "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& u : r.units)
        out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                           u.rank ? std::to_string(u.rank) : "—", u.unit_name, u.assessed, format_rate(u.on_time_rate),
                           format_rate(u.resolution_rate), format_rate(u.satisfaction_rate),
                           u.rank ? fmt::format("{:.3f}", u.score) : "—", u.dispatched, u.returned, u.extended,
                           u.redone, u.overdue, u.supervised, u.closed);
    out += fmt::format("| | **全县** | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n\n", r.county.assessed,
                       format_rate(r.county.on_time_rate), format_rate(r.county.resolution_rate),
                       format_rate(r.county.satisfaction_rate),
                       r.county.assessed ? fmt::format("{:.3f}", r.county.score) : "—", r.county.dispatched,
                       r.county.returned, r.county.extended, r.county.redone, r.county.overdue, r.county.supervised,
                       r.county.closed);
    out += formulas_text(r.policy) + "\n";
    return out;
}

std::string report_chat(const StatsReport& r, const std::string& unit_code) {
    std::string out = fmt::format("【三率统计】{}\n", r.period.label);
    if (!unit_code.empty()) {
        for (const auto& u : r.units) {
            if (u.unit_code != unit_code) continue;
            out += fmt::format("{}：{}，考核{}件。\n{}。\n{}", u.unit_name,
                               u.rank ? fmt::format("排名第{}（共{}个单位）", u.rank, r.units.size()) : "本期无考核工单",
                               u.assessed, rates_line(u), counts_line(u));
            return out;
        }
        return out + "该单位本期没有数据。";
    }
    out += fmt::format("全县：收到{}件，考核{}件，{}。\n", r.received, r.county.assessed, rates_line(r.county));
    for (const auto& u : r.units) {
        if (!u.rank) continue;
        out += fmt::format("{}. {} 得分{:.3f}（{}，考核{}件）\n", u.rank, u.unit_name, u.score, rates_line(u), u.assessed);
    }
    std::string idle;
    for (const auto& u : r.units)
        if (!u.rank) idle += (idle.empty() ? "" : "、") + u.unit_name;
    if (!idle.empty()) out += "本期无考核工单：" + idle + "\n";
    out += "发送「统计 单位 期间」看单位明细，期间可写本周、上周、本月、上月或2026-10。";
    return out;
}

std::string report_csv(const StatsReport& r) {
    std::string out =
        "排名,单位代码,单位,考核工单,按时办结,超期,已回访答复,已解决,满意,基本满意,不满意,联系不上,按时办结率,问题解决率,"
        "群众满意率,综合得分,派单,退单,延期,重办,督办,办结\n";
    auto row = [&](const UnitStats& u, const std::string& rank) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", rank,
                           csv_field(u.unit_code), csv_field(u.unit_name), u.assessed, u.on_time, u.overdue, u.answered,
                           u.solved, u.satisfied, u.basically_satisfied, u.dissatisfied, u.unreachable,
                           rate_number(u.on_time_rate), rate_number(u.resolution_rate), rate_number(u.satisfaction_rate),
                           u.assessed ? fmt::format("{:.4f}", u.score) : "", u.dispatched, u.returned, u.extended,
                           u.redone, u.supervised, u.closed);
    };
    for (const auto& u : r.units) row(u, u.rank ? std::to_string(u.rank) : "");
    row(r.county, "全县");
    return out;
}

}  // namespace hotline::workflow
