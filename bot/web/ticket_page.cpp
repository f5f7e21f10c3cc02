#include "bot/web/ticket_page.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

#include "bot/commands/command_table.h"
#include "bot/evidence/evidence_intake.h"
#include "bot/web/deadline_badge.h"
#include "bot/web/evidence_pages.h"
#include "bot/web/form_fields.h"
#include "bot/web/html.h"
#include "bot/web/rates_page.h"
#include "bot/web/result_page.h"
#include "bot/web/signed_in.h"
#include "workflow/documents/reply_template.h"
#include "workflow/procedure/lifecycle.h"
#include "workflow/worklist/worklist.h"

namespace hotline::bot::web {

namespace {

using commands::Args;
using commands::VerbSpec;
using workflow::Person;
using workflow::Ticket;

// The commands on a ticket the engine would let this person take now (role, unit, state, level,
// pending request). The result (反馈) has its own page, linked beside them.
std::vector<const VerbSpec*> decisions_for(workflow::StoreTx& tx, workflow::Engine& engine, const Person& who,
                                           const Ticket& t) {
    std::vector<const VerbSpec*> out;
    for (const auto& spec : commands::command_table()) {
        if (!spec.action || spec.args == Args::ticket_text || spec.args == Args::two_tickets) continue;
        // The reason, days and unit are asked on the form; the check is of who may act now.
        workflow::ActionRequest probe;
        probe.action = *spec.action;
        probe.ticket_id = t.id;
        probe.actor = who.userid;
        probe.note = "-";
        probe.days = 1;
        if (!engine.check_in(tx, probe)) out.push_back(&spec);
    }
    return out;
}

std::string one_line(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

// The last word of the command's usage names its text: 理由, 意见, 内容, 批示内容.
std::string text_name(const VerbSpec& spec) {
    const std::string_view usage = spec.usage;
    const auto sp = usage.rfind(' ');
    std::string name(sp == std::string_view::npos ? usage : usage.substr(sp + 1));
    std::erase_if(name, [](char c) { return c == '[' || c == ']'; });
    return name;
}

// A decision's arguments as form fields of their own kind (a unit to choose, a number of days, a
// decision, a reason); the post puts them back together as the chat command's text.
std::string argument_fields(workflow::StoreTx& tx, const VerbSpec& spec, const Ticket& t) {
    const std::string reason = escape(text_name(spec));
    switch (spec.args) {
        case Args::ticket_reason:
            return fmt::format("<label>{}<textarea name=\"reason\" rows=\"2\" required></textarea></label>", reason);
        case Args::ticket_days_reason:
            return "<label>延期工作日数<input type=\"number\" name=\"days\" min=\"1\" max=\"60\" required></label>"
                   "<label>理由<textarea name=\"reason\" rows=\"2\" required></textarea></label>";
        case Args::ticket_unit_category: {
            std::string out = "<label>承办单位<select name=\"unit\" required><option value=\"\">请选择</option>";
            for (const auto& u : tx.directory().units())
                out += fmt::format("<option value=\"{}\">{}</option>", escape(u.name), escape(u.name));
            out += "</select></label><label>留言类别（决定办理时限）<select name=\"category\">";
            for (const auto& [value, label, c] : {std::tuple{"", "不变", workflow::Category::unknown},
                                                  std::tuple{"咨询", "咨询建议类", workflow::Category::consult},
                                                  std::tuple{"投诉", "投诉反映类", workflow::Category::complaint},
                                                  std::tuple{"复杂", "复杂类", workflow::Category::complex}})
                out += fmt::format("<option value=\"{}\"{}>{}</option>", value,
                                   c == t.category && c != workflow::Category::unknown ? " selected" : "", label);
            return out + "</select></label>";
        }
        case Args::ticket_decision:
            return "<label><input type=\"radio\" name=\"decision\" value=\"同意\" checked> 同意</label>"
                   "<label><input type=\"radio\" name=\"decision\" value=\"退回\"> 退回</label>"
                   "<label>意见（退回时必填）<textarea name=\"reason\" rows=\"2\"></textarea></label>";
        default: return "";
    }
}

// The chat command's text after the ticket number, from the decision's fields (or from one
// field `text` written as in chat).
std::string command_text(const Fields& form, const VerbSpec& spec) {
    const auto get = [&](const char* k) { return form.count(k) ? one_line(form.at(k)) : std::string{}; };
    if (!get("text").empty()) return get("text");
    std::string out;
    const auto add = [&](const std::string& part) {
        if (!part.empty()) out += (out.empty() ? "" : " ") + part;
    };
    switch (spec.args) {
        case Args::ticket_days_reason: add(get("days")); add(get("reason")); break;
        case Args::ticket_unit_category: add(get("unit")); add(get("category")); break;
        case Args::ticket_decision: add(get("decision")); add(get("reason")); break;
        default: add(get("reason"));
    }
    return out;
}

std::string decision_forms(workflow::StoreTx& tx, workflow::Engine& engine, const Person& who, const Ticket& t,
                           const std::string& csrf) {
    const auto decisions = decisions_for(tx, engine, who, t);
    const bool may_report = !result_refusal(tx, engine, who, t.id);
    if (decisions.empty() && !may_report) return "";
    std::string out = "<h2>办理</h2>";
    if (may_report)
        out += fmt::format("<p><a class=\"button\" href=\"/web/result?id={}\">填写办理结果</a></p>", t.id);
    for (const auto* spec : decisions) {
        out += fmt::format(
            "<form class=\"decision\" method=\"post\" action=\"/web/ticket/act\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"id\" value=\"{}\">"
            "<input type=\"hidden\" name=\"verb\" value=\"{}\">",
            escape(csrf), t.id, escape(spec->name));
        out += argument_fields(tx, *spec, t);
        out += fmt::format("<button type=\"submit\">{}</button></form>", escape(spec->name));
    }
    return out;
}

// What the records that are not the engine's steps are called on the page.
std::string record_name(const std::string& action) {
    if (action == "receive") return "收到留言";
    if (action == "evidence") return "添加佐证材料";
    if (action == "report_version") return "生成报告PDF";
    if (action == "merge") return "合并重复留言";
    return action;
}

std::string timeline(workflow::StoreTx& tx, std::int64_t id, std::string& instructions) {
    std::string out = "<ol class=\"timeline\">";
    for (const auto& e : tx.audit().of(id)) {
        const auto by = tx.directory().person(e.actor);
        const std::string who = by ? by->name : e.actor;
        const auto action = workflow::parse_action(e.action);
        if (action == workflow::Action::instruct) {
            instructions += fmt::format("<li>北京时间{} {}：{}</li>", workflow::format_china_time(e.at), escape(who),
                                        escape(e.note));
            continue;
        }
        const std::string what = action ? std::string(workflow::transition_for(*action).chinese) : record_name(e.action);
        // The record's own fields (hashes among them) are for auditors: small, and wrapped.
        out += fmt::format("<li>北京时间{} {} {}{}</li>", workflow::format_china_time(e.at), escape(who), escape(what),
                           e.note.empty() ? "" : (action ? "：" : " <span class=\"meta\">") + escape(e.note) + (action ? "" : "</span>"));
    }
    return out + "</ol>";
}

std::string detail_body(workflow::StoreTx& tx, workflow::Engine& engine, const Ticket& t, const Person& who,
                        const std::string& csrf, workflow::Instant now, const std::string& outcome) {
    std::string body;
    if (!outcome.empty()) body += "<div class=\"outcome\">" + escape(outcome) + "</div>";
    const auto badge = deadline_badge(t, now);
    const auto unit = t.unit_code.empty() ? std::nullopt : tx.directory().unit(t.unit_code);
    body += fmt::format("<dl class=\"facts\"><dt>标题</dt><dd>{}</dd><dt>状态</dt><dd>{}", escape(t.title),
                        escape(workflow::chinese_name(t.state)));
    if (t.state == workflow::State::signoff) body += fmt::format("（第{}级）", t.signoff_level);
    body += fmt::format("</dd><dt>类别</dt><dd>{}</dd>", escape(workflow::chinese_name(t.category)));
    if (unit) body += "<dt>承办单位</dt><dd>" + escape(unit->name) + "</dd>";
    body += "<dt>收到</dt><dd>北京时间" + workflow::format_china_time(t.received_at) + "</dd>";
    if (t.report_deadline) body += "<dt>报告截止</dt><dd>北京时间" + workflow::format_china_time(*t.report_deadline) + "</dd>";
    if (t.feedback_deadline)
        body += "<dt>反馈截止</dt><dd>北京时间" + workflow::format_china_time(*t.feedback_deadline) + "</dd>";
    if (!badge.label.empty())
        body += fmt::format("<dt>距{}</dt><dd class=\"{}\"><span class=\"left\">{}</span></dd>", badge.label, badge.urgency,
                            badge.left);
    if (t.extension_days) body += fmt::format("<dt>已延期</dt><dd>{}个工作日</dd>", t.extension_days);
    body += "</dl>";
    for (auto kind : {workflow::RequestKind::return_request, workflow::RequestKind::extension})
        if (auto p = tx.requests().pending_of(t.id, kind))
            body += fmt::format("<p class=\"refusal\">待审批：{}申请（{}）</p>", escape(workflow::chinese_name(kind)),
                                escape(p->reason));
    body += decision_forms(tx, engine, who, t, csrf);
    body += "<h2>留言内容</h2><div class=\"content\">" + escape(t.content) + "</div>";
    if (const auto draft = workflow::ReplyDraft::from_json(t.result); draft && !t.result.empty())
        body += "<h2>办理结果</h2><pre class=\"report\">" +
                escape(workflow::render_report(*draft, {t.title, t.content, unit ? unit->name : "", t.updated_at})) +
                "</pre>";
    body += evidence_section(tx, t);
    if (!evidence::refusal_to_add(who, t)) body += upload_form(t.id, csrf);
    std::string instructions;
    const std::string events = timeline(tx, t.id, instructions);
    // Instructions go to exactly the people who may see the ticket (checked before), nowhere else.
    if (!instructions.empty()) body += "<h2>领导批示（请勿传阅）</h2><ul class=\"instructions\">" + instructions + "</ul>";
    body += "<h2>办理记录</h2>" + events;
    return body;
}

// The ticket page for `id`, or the refusal 查询 would give.
http::Response ticket_response(WebContext& ctx, workflow::StoreTx& tx, const Visitor& v, std::int64_t id,
                               const std::string& outcome, int status = 200) {
    const auto t = tx.tickets().find(id);
    if (!t) return refusal_page(404, "工单不存在", fmt::format("工单#{}不存在，请核对编号。", id));
    if (!workflow::may_view(v.person, *t))
        return refusal_page(403, "无权查看", fmt::format("工单#{}不是本单位的工单，您无权查看。", id));
    return html_response(status, page({fmt::format("工单#{}", id), v.person.name, v.session.csrf, may_see_rates(v.person)},
                                      detail_body(tx, ctx.executor.engine(), *t, v.person, v.session.csrf,
                                                  ctx.clock.now(), outcome)));
}


}  // namespace

void add_ticket_page(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web/ticket", [&ctx](const http::Request& req) {
        const auto id = ticket_id_of(fields_of(req.query));
        return signed_in_page(ctx, req, [&](workflow::StoreTx& tx, const Visitor& v) {
            if (!id) return refusal_page(400, "工单号有误", "链接中的工单号有误，请从待办列表重新打开。");
            return ticket_response(ctx, tx, v, *id, "");
        });
    });
    router.add("POST", "/web/ticket/act", [&ctx](const http::Request& req) {
        const auto form = fields_of(req.body);
        const auto id = ticket_id_of(form);
        bool acted = false;
        auto r = signed_in_post(ctx, req, form, [&](workflow::StoreTx& tx, const Visitor& v) {
            acted = false;
            if (!id) return refusal_page(400, "工单号有误", "提交的工单号有误，请从待办列表重新打开。");
            const auto t = tx.tickets().find(*id);
            if (!t || !workflow::may_view(v.person, *t)) return ticket_response(ctx, tx, v, *id, "");
            const auto verb = form.count("verb") ? form.at("verb") : std::string{};
            const auto allowed = decisions_for(tx, ctx.executor.engine(), v.person, *t);
            const auto spec = std::find_if(allowed.begin(), allowed.end(), [&](const VerbSpec* s) { return s->name == verb; });
            if (spec == allowed.end())
                return ticket_response(ctx, tx, v, *id,
                                       fmt::format("「{}」现在不是您在本工单上可以办理的事项，页面已刷新。", verb), 409);
            const std::string text = command_text(form, **spec);
            const std::string command = fmt::format("{} {}{}", verb, *id, text.empty() ? "" : " " + text);
            const std::string outcome = ctx.executor.execute(tx, v.person.userid, command);
            acted = true;
            spdlog::info("web: {} took {} on ticket {}", v.person.userid, verb, *id);
            return ticket_response(ctx, tx, v, *id, outcome);
        });
        if (acted && ctx.after_commit) ctx.after_commit();
        return r;
    });
}

}  // namespace hotline::bot::web
