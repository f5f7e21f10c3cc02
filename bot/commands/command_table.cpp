#include "bot/commands/command_table.h"

#include <stdexcept>

namespace hotline::bot::commands {

namespace {
using A = workflow::Action;
using R = workflow::Role;

std::vector<VerbSpec> build() {
    const std::vector<R> unit_people{R::handler, R::unit_leader};
    const std::vector<R> hotline_people{R::staff, R::center, R::signer1, R::signer2, R::signer3, R::leader};
    std::vector<R> everyone_working = unit_people;
    everyone_working.insert(everyone_working.end(), hotline_people.begin(), hotline_people.end());
    return {
        {Verb::help, "帮助", {"help", "?", "菜单"}, Args::none, {}, {}, "帮助", "帮助"},
        {Verb::my_tickets, "我的工单", {"待办", "mine", "todo"}, Args::none, {}, everyone_working, "我的工单", "我的工单"},
        {Verb::query, "查询", {"query", "show"}, Args::ticket, {}, everyone_working, "查询 工单号", "查询 12"},
        {Verb::report, "报告", {"report"}, Args::ticket, {}, everyone_working, "报告 工单号", "报告 12"},
        {Verb::evidence, "材料", {"佐证材料", "evidence"}, Args::ticket, {}, everyone_working, "材料 工单号",
         "材料 12（之后10分钟内发送的照片、视频、位置归入该工单）"},
        {Verb::overdue, "超期", {"overdue"}, Args::none, {}, {R::staff, R::center, R::leader}, "超期", "超期"},
        {Verb::stats, "统计", {"stats"}, Args::optional_unit, {}, {R::staff, R::center, R::leader, R::unit_leader},
         "统计 [单位] [本周|上周|本月|上月|2026-10]", "统计 住建局 上月"},
        {Verb::supervision_notice, "通报", {"督办通报", "notice"}, Args::optional_period, {},
         {R::staff, R::center, R::leader}, "通报 [上月|本月|2026-10]", "通报 上月"},
        {Verb::accept, "签收", {"accept"}, Args::ticket, A::accept, {}, "签收 工单号", "签收 12"},
        {Verb::return_request, "退单", {"return"}, Args::ticket_reason, A::request_return, {}, "退单 工单号 理由",
         "退单 12 不属于本单位职责，建议转教育局"},
        {Verb::extension, "延期", {"申请延期", "extend"}, Args::ticket_days_reason, A::request_extension, {},
         "延期 工单号 工作日天数 理由", "延期 12 5 需多部门协同核查"},
        {Verb::result, "反馈", {"result", "feedback"}, Args::ticket_text, A::submit_result, {},
         "反馈 工单号 办理结果", "反馈 12 经核查，网民反映问题属实……"},
        {Verb::contact, "联系", {"contact"}, Args::ticket_reason, A::contact, {}, "联系 工单号 内容",
         "联系 12 已电话联系网民，约定明日上门核查"},
        {Verb::unit_approve, "同意", {"approve"}, Args::ticket, A::unit_approve, {}, "同意 工单号", "同意 12"},
        {Verb::unit_reject, "退回", {"reject"}, Args::ticket_reason, A::unit_reject, {}, "退回 工单号 意见",
         "退回 12 原因分析不够具体"},
        {Verb::claim, "认领", {"claim"}, Args::ticket, A::claim, {}, "认领 工单号", "认领 12"},
        {Verb::dispatch, "派单", {"转办", "dispatch"}, Args::ticket_unit_category, A::dispatch, {},
         "派单 工单号 单位 [类别]", "派单 12 住建局 投诉"},
        {Verb::approve_return, "同意退单", {"approve-return"}, Args::ticket, A::approve_return, {}, "同意退单 工单号",
         "同意退单 12"},
        {Verb::reject_return, "驳回退单", {"reject-return"}, Args::ticket_reason, A::reject_return, {},
         "驳回退单 工单号 理由", "驳回退单 12 属于本单位监管范围"},
        {Verb::approve_extension, "同意延期", {"approve-extension"}, Args::ticket, A::approve_extension, {},
         "同意延期 工单号", "同意延期 12"},
        {Verb::reject_extension, "驳回延期", {"reject-extension"}, Args::ticket_reason, A::reject_extension, {},
         "驳回延期 工单号 理由", "驳回延期 12 理由不充分"},
        {Verb::review_pass, "通过", {"pass"}, Args::ticket, A::review_pass, {}, "通过 工单号", "通过 12"},
        {Verb::review_redo, "重办", {"退回重办", "redo"}, Args::ticket_reason, A::review_redo, {}, "重办 工单号 理由",
         "重办 12 答非所问，请重新核查"},
        {Verb::signoff, "审签", {"sign"}, Args::ticket_decision, A::signoff_approve, {}, "审签 工单号 同意|退回 [意见]",
         "审签 12 同意"},
        {Verb::upload, "上报", {"upload"}, Args::ticket, A::upload, {}, "上报 工单号", "上报 12"},
        {Verb::city_approve, "市级通过", {"city-pass"}, Args::ticket, A::city_approve, {}, "市级通过 工单号",
         "市级通过 12"},
        {Verb::city_reject, "市级退回", {"city-reject"}, Args::ticket_reason, A::city_reject, {},
         "市级退回 工单号 理由", "市级退回 12 内容不完整"},
        {Verb::replied, "已答复", {"replied"}, Args::ticket, A::mark_replied, {}, "已答复 工单号", "已答复 12"},
        {Verb::survey_result, "回访结果", {"survey"}, Args::ticket_reason, A::record_survey, {},
         "回访结果 工单号 满意|基本满意|不满意 已解决|未解决 [备注]", "回访结果 12 基本满意 已解决 市民希望加快进度"},
        {Verb::supervise, "督办", {"supervise"}, Args::ticket_reason, A::supervise, {}, "督办 工单号 意见",
         "督办 12 群众反映未解决，请再次核查"},
        {Verb::instruct, "批示", {"instruct"}, Args::ticket_reason, A::instruct, {}, "批示 工单号 批示内容",
         "批示 12 请住建局三日内彻底解决并回复群众"},
        {Verb::close, "办结", {"close"}, Args::ticket, A::close, {}, "办结 工单号", "办结 12"},
        {Verb::archive, "归档", {"archive"}, Args::ticket, A::archive, {}, "归档 工单号", "归档 12"},
        {Verb::merge, "合并", {"merge"}, Args::two_tickets, A::merge_away, {}, "合并 保留的工单号 重复的工单号",
         "合并 12 15"},
        {Verb::keep_separate, "不合并", {"keep-separate"}, Args::two_tickets, {}, {R::staff}, "不合并 工单号 工单号",
         "不合并 12 15"},
    };
}
}  // namespace

const std::vector<VerbSpec>& command_table() {
    static const std::vector<VerbSpec> table = build();
    return table;
}

const VerbSpec& spec_for(Verb v) {
    for (const auto& s : command_table())
        if (s.verb == v) return s;
    throw std::logic_error("verb missing from the command table");
}

std::vector<workflow::Role> roles_for(const VerbSpec& spec) {
    if (spec.action) return workflow::transition_for(*spec.action).roles;
    return spec.roles;
}

}  // namespace hotline::bot::commands
