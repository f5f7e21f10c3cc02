#include "bot/cards/card_click.h"

#include <fmt/format.h>

#include <algorithm>

#include "bot/commands/command_table.h"
#include "workflow/notify/notifications.h"

namespace hotline::bot::cards {

namespace {

using workflow::Action;

std::string done_name(Action a) {
    switch (a) {
        case Action::accept: return "已签收";
        case Action::claim: return "已认领";
        case Action::review_pass: return "已通过";
        default: return "已同意";
    }
}

}  // namespace

ClickOutcome handle_click(workflow::StoreTx& tx, workflow::Engine& engine, const std::string& from,
                          const std::string& task_id, const std::string& key) {
    const auto task = workflow::parse_card_task_id(task_id);
    const auto action = workflow::parse_action(key);
    if (!task || !action) return {"已失效", "无法识别这张卡片，请改用指令办理（发送「帮助」查看）。"};
    const auto ticket = tx.tickets().find(task->ticket_id);
    const auto trail = tx.audit().of(task->ticket_id);
    if (!ticket || trail.empty()) return {"已失效", fmt::format("工单#{}不存在。", task->ticket_id)};
    // Outdated once a decision was taken after the card was sent. A logged contact, the report's
    // PDF filed with a result, or evidence added decide nothing: the leader's approval card is sent
    // with the result, before its PDF is recorded, and must stay valid.
    const bool moved_on = std::any_of(trail.begin(), trail.end(), [&](const workflow::AuditEvent& e) {
        return e.seq > task->audit_seq && e.action != "contact" && e.action != "report_version" && e.action != "evidence";
    });
    if (moved_on)
        return {"已过期", fmt::format("这张卡片已过期：工单#{}当前状态为「{}」。发送「查询 {}」查看详情。", ticket->id,
                                      workflow::chinese_name(ticket->state), ticket->id)};

    const auto& transition = workflow::transition_for(*action);
    if (transition.needs_reason || *action == Action::request_extension) {
        // A reason (or the days) cannot come from a button: ask for the command, filled in.
        for (const auto& spec : commands::command_table())
            if (spec.action == *action || (*action == Action::signoff_reject && spec.verb == commands::Verb::signoff))
                return {"", fmt::format("请发送指令并写明{}：{}（工单号{}）", *action == Action::request_extension ? "天数和理由" : "理由",
                                        spec.usage, ticket->id)};
    }
    workflow::ActionRequest req;
    req.action = *action;
    req.ticket_id = ticket->id;
    req.actor = from;
    const auto r = engine.apply_in(tx, req);
    if (!r.ok()) return {"", r.refusal->message};
    return {done_name(*action), ""};
}

std::vector<workflow::Notice> outcome_notices(const ClickOutcome& outcome, workflow::Route route,
                                              const std::string& from, const std::string& response_code,
                                              std::int64_t inbox_id, workflow::Instant now) {
    const workflow::Notice answer{.to = from, .at = now, .purpose = workflow::OutboxPurpose::answer, .route = route};
    std::vector<workflow::Notice> out;
    if (!outcome.replace_name.empty() && !response_code.empty()) {
        auto& n = out.emplace_back(answer);
        n.key = fmt::format("click:{}:update", inbox_id);
        n.form = workflow::NoticeForm::card_update;
        n.body = nlohmann::json{{"response_code", response_code}, {"button", {{"replace_name", outcome.replace_name}}}}.dump();
    }
    if (!outcome.reply.empty()) {
        auto& n = out.emplace_back(answer);
        n.key = fmt::format("click:{}:reply", inbox_id);
        n.body = outcome.reply;
    }
    return out;
}

}  // namespace hotline::bot::cards
