#include "workflow/notify/notifications.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>

#include "workflow/procedure/engine.h"

namespace hotline::workflow {

namespace {

std::string decision_card_json(const Ticket& t, const std::string& task_id, const std::string& text,
                               const std::vector<CardButton>& buttons) {
    nlohmann::json b = nlohmann::json::array();
    for (const auto& button : buttons) b.push_back({{"key", button.key}, {"text", button.text}});
    return nlohmann::json{{"ticket", t.id}, {"title", fmt::format("工单#{}", t.id)}, {"subject", t.title},
                          {"text", text}, {"task_id", task_id}, {"buttons", b}}
        .dump();
}

// Collects recipients once each, in a stable order, and renders one text message per person.
class Recipients {
public:
    explicit Recipients(StoreTx& tx) : tx_(tx) {}
    Recipients& role(Role r, const std::string& unit_code = {}) {
        for (const auto& p : tx_.directory().people_with_role(r, unit_code)) add(p.userid);
        return *this;
    }
    Recipients& except(const std::string& userid) {
        skip_ = userid;
        return *this;
    }
    // With buttons, each person gets a decision card (its task id names the ticket and the audit
    // event it was sent for, so a click on an outdated card can be recognised).
    std::vector<Notice> notices(const Ticket& t, const AuditEvent& ev, const std::string& text,
                                const std::vector<CardButton>& buttons = {}) const {
        std::vector<Notice> out;
        int n = 0;
        for (const auto& userid : order_) {
            if (userid == skip_) continue;
            out.push_back({.to = userid,
                           .key = fmt::format("audit:{}:{}", ev.seq, userid),
                           .body = buttons.empty() ? text
                                                   : decision_card_json(t, card_task_id(t.id, ev.seq, n++), text, buttons),
                           .form = buttons.empty() ? NoticeForm::text : NoticeForm::decision_card,
                           .ticket_id = t.id,
                           .at = ev.at});
        }
        return out;
    }

private:
    void add(const std::string& userid) {
        if (seen_.insert(userid).second) order_.push_back(userid);
    }
    StoreTx& tx_;
    std::set<std::string> seen_;
    std::vector<std::string> order_;
    std::string skip_;
};

std::string head(const Ticket& t) { return fmt::format("【工单#{}】{}", t.id, t.title); }

std::string deadlines_text(const Ticket& t) {
    if (!t.report_deadline || !t.feedback_deadline) return {};
    return fmt::format("报告截止：北京时间{}；反馈截止：北京时间{}。", format_china_time(*t.report_deadline),
                       format_china_time(*t.feedback_deadline));
}

// What the people who judge a result should know is there to look at (材料 N).
std::string evidence_text(StoreTx& tx, const Ticket& t) {
    int n = 0;
    for (const auto& e : tx.evidence().of(t.id)) n += e.state == "stored";
    if (n == 0) return "未附佐证材料。";
    return fmt::format("附佐证材料{}件（发送「材料 {}」查看）。", n, t.id);
}

CardButton button_for(Action a) {
    const auto& t = transition_for(a);
    return {std::string(t.id), std::string(t.button)};
}

// The decisions the notice of a step offers, labelled as the table declares them.
std::vector<CardButton> offered_buttons(const Transition& step) {
    std::vector<CardButton> out;
    for (const Action a : step.offers) out.push_back(button_for(a));
    return out;
}

}  // namespace

std::string card_task_id(std::int64_t ticket, std::int64_t audit_seq, int n) {
    return fmt::format("t{}_{}_{}", ticket, audit_seq, n);
}

std::optional<CardTask> parse_card_task_id(const std::string& task_id) {
    long long ticket = 0, seq = 0;
    int n = 0;
    char tail = 0;
    if (std::sscanf(task_id.c_str(), "t%lld_%lld_%d%c", &ticket, &seq, &n, &tail) != 3) return std::nullopt;
    return CardTask{ticket, seq};
}

std::vector<Notice> plan_notifications(const NotificationContext& c) {
    const Ticket& t = c.after;
    const std::string& unit = t.unit_code.empty() ? c.before.unit_code : t.unit_code;
    const std::string& note = c.request.note;
    Recipients to(c.tx);
    std::string text;
    std::vector<CardButton> buttons = offered_buttons(c.transition);
    switch (c.transition.action) {
        case Action::dispatch:
            to.role(Role::handler, unit);
            text = fmt::format(
                "{}\n新派单，类别：{}。{}\n请严格按答复模板办理；如不属于本单位职责，请于北京时间{}前退单。",
                head(t), chinese_name(t.category), deadlines_text(t),
                format_china_time(c.deadlines.return_window_end(*t.dispatched_at)));
            break;
        case Action::request_return:
            to.role(Role::center);
            text = fmt::format("{}\n{}申请退单，理由：{}。请审批。", head(t), c.actor.name, note);
            break;
        case Action::approve_return:
            to.role(Role::handler, unit).role(Role::staff);
            text = fmt::format("{}\n退单申请已同意，工单退回热线重新派单。", head(t));
            break;
        case Action::reject_return:
            to.role(Role::handler, unit);
            text = fmt::format("{}\n退单申请未同意，理由：{}。请继续办理。", head(t), note);
            break;
        case Action::request_extension:
            to.role(Role::center);
            text = fmt::format("{}\n{}申请延期{}个工作日，理由：{}。请审批。", head(t), c.actor.name, c.request.days, note);
            break;
        case Action::approve_extension:
            to.role(Role::handler, unit);
            text = fmt::format("{}\n延期申请已同意。{}", head(t), deadlines_text(t));
            break;
        case Action::reject_extension:
            to.role(Role::handler, unit);
            text = fmt::format("{}\n延期申请未同意，理由：{}。请按原期限办理。", head(t), note);
            break;
        case Action::submit_result:
            to.role(Role::unit_leader, unit);
            text = fmt::format("{}\n经办人{}已提交办理结果，请审核（发送「查询 {}」查看全文）。{}", head(t), c.actor.name, t.id,
                               evidence_text(c.tx, t));
            break;
        case Action::unit_approve:
            to.role(Role::staff);
            text = fmt::format("{}\n承办单位已提交办理结果（分管领导已审核），请审核（发送「查询 {}」查看全文）。{}", head(t),
                               t.id, evidence_text(c.tx, t));
            break;
        case Action::unit_reject:
            to.role(Role::handler, unit);
            text = fmt::format("{}\n分管领导退回办理结果，意见：{}。请修改后重新提交。", head(t), note);
            break;
        case Action::review_pass:
            to.role(Role::signer1);
            text = fmt::format("{}\n办理结果已审核通过，请第1级审签。{}", head(t), evidence_text(c.tx, t));
            break;
        case Action::review_redo:
        case Action::signoff_reject:
        case Action::city_reject:
            to.role(Role::handler, unit).role(Role::unit_leader, unit);
            text = fmt::format("{}\n办理结果被退回重办，理由：{}。请于北京时间{}前重新办理并提交。", head(t), note,
                               t.redo_deadline ? format_china_time(*t.redo_deadline) : "");
            break;
        case Action::signoff_approve:
            if (t.state == State::signoff) {
                to.role(t.signoff_level == 2 ? Role::signer2 : Role::signer3);
                text = fmt::format("{}\n请第{}级审签。{}", head(t), t.signoff_level, evidence_text(c.tx, t));
            } else {
                to.role(Role::staff);
                text = fmt::format("{}\n三级审签已完成，请上报市12345。", head(t));
                buttons.clear();
            }
            break;
        case Action::city_approve:
            to.role(Role::staff);
            text = fmt::format("{}\n市12345已审核通过，请在留言板答复。", head(t));
            break;
        case Action::supervise:
            to.role(Role::handler, unit).role(Role::unit_leader, unit);
            text = fmt::format("{}\n督办：{}。请抓紧办理并反馈。", head(t), note);
            break;
        case Action::record_survey: {
            const bool happy = c.request.survey && citizen_content(*c.request.survey);
            to.role(Role::staff);
            text = fmt::format("{}\n回访结果：{}。{}", head(t), note,
                               happy ? "可以办结。" : "市民不满意或问题未解决，已转督办，由承办单位再次办理。");
            if (!happy) buttons.clear();
            break;
        }
        case Action::instruct:
            // Confidential (seed 三(二)): to the people who handle the case, never to the citizen.
            if (!unit.empty()) to.role(Role::handler, unit).role(Role::unit_leader, unit);
            to.role(Role::staff);
            text = fmt::format("{}\n领导批示（{}）：{}\n批示意见仅供办理，请勿向他人传阅。", head(t), c.actor.name, note);
            break;
        case Action::claim:
        case Action::contact:
        case Action::merge_away:
        case Action::accept:
        case Action::upload:
        case Action::mark_replied:
        case Action::close:
        case Action::archive:
            return {};
    }
    return to.except(c.actor.userid).notices(t, c.event, text, buttons);
}

std::vector<Notice> plan_received_notice(StoreTx& tx, const Ticket& t, const AuditEvent& ev,
                                                const std::optional<CategorySuggestion>& suggestion) {
    std::string category;
    if (t.category != Category::unknown)
        category = fmt::format("类别：{}（来源平台标注）。", chinese_name(t.category));
    else if (suggestion)
        category = fmt::format("建议类别：{}（关键词「{}」），派单时确认。", chinese_name(suggestion->category), suggestion->keyword);
    return Recipients(tx).role(Role::staff).notices(t, ev, fmt::format("{}\n新留言待认领。{}", head(t), category),
                                                     {button_for(Action::claim)});
}

}  // namespace hotline::workflow
