#include "bot/web/result_page.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>

#include "bot/web/evidence_pages.h"
#include "bot/web/form_fields.h"
#include "bot/web/html.h"
#include "bot/web/rates_page.h"
#include "bot/web/signed_in.h"
#include "workflow/documents/reply_template.h"
#include "workflow/procedure/engine.h"

namespace hotline::bot::web {

namespace {

using workflow::Section;

constexpr std::array<Section, 9> kSections{Section::finding,    Section::cause,    Section::work_done,
                                           Section::progress,   Section::next_steps, Section::expected,
                                           Section::attitude,   Section::contact,  Section::phone};

std::string field_name(std::size_t i) { return "s" + std::to_string(i); }

workflow::ReplyDraft stored_draft(workflow::StoreTx& tx, const std::string& userid, std::int64_t id) {
    const auto d = tx.documents().result_draft(userid);
    if (!d || d->ticket_id != id) return {};
    return workflow::ReplyDraft::from_json(d->sections).value_or(workflow::ReplyDraft{});
}

// Both documents as the draft would make them (and what is still missing); the page's script asks
// for it again as the person types.
std::string preview(workflow::StoreTx& tx, const workflow::Ticket& t, const workflow::ReplyDraft& draft,
                    workflow::Instant now) {
    std::string body;
    if (draft.sections.empty()) return body;
    const auto unit = tx.directory().unit(t.unit_code);
    const workflow::RenderContext rc{t.title, t.content, unit ? unit->name : "", now};
    const auto missing = draft.missing();
    if (!missing.empty()) {
        std::string names;
        for (const auto m : missing) names += (names.empty() ? "" : "、") + std::string(workflow::label(m));
        body += "<p class=\"refusal\">尚缺：" + escape(names) + "</p>";
    }
    body += "<h2>预览：核查办理情况的报告</h2><pre class=\"report\">" + escape(workflow::render_report(draft, rc)) + "</pre>";
    body += "<h2>预览：答复网民</h2><pre class=\"report\">" + escape(workflow::render_public_reply(draft, rc)) + "</pre>";
    return body;
}

workflow::ReplyDraft draft_of(const Fields& form) {
    workflow::ReplyDraft draft;
    for (std::size_t i = 0; i < kSections.size(); ++i)
        if (const auto it = form.find(field_name(i)); it != form.end() && !it->second.empty())
            draft.sections[kSections[i]] = it->second;
    return draft;
}

std::string form_page(workflow::StoreTx& tx, const workflow::Ticket& t, const workflow::ReplyDraft& draft,
                      const std::string& csrf, workflow::Instant now, const std::string& outcome) {
    std::string body;
    if (!outcome.empty()) body += "<div class=\"outcome\">" + escape(outcome) + "</div>";
    body += fmt::format("<p><a href=\"/web/ticket?id={}\">返回工单#{}</a> {}</p>", t.id, t.id, escape(t.title));
    body += fmt::format("<form class=\"decision result\" method=\"post\" action=\"/web/result\">"
                        "<input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"id\" value=\"{}\">",
                        escape(csrf), t.id);
    for (std::size_t i = 0; i < kSections.size(); ++i) {
        const auto it = draft.sections.find(kSections[i]);
        body += fmt::format("<label>{}<span class=\"meta\">{}</span><textarea name=\"{}\" rows=\"3\">{}</textarea></label>",
                            escape(workflow::label(kSections[i])), escape(workflow::prompt(kSections[i])),
                            field_name(i), escape(it == draft.sections.end() ? std::string{} : it->second));
    }
    body += "<button type=\"submit\" name=\"do\" value=\"save\">保存草稿并预览</button> "
            "<button type=\"submit\" name=\"do\" value=\"submit\">提交办理结果</button></form>";
    body += "<div id=\"preview\">" + preview(tx, t, draft, now) + "</div>";
    body += upload_form(t.id, csrf);
    return body;
}

http::Response show(WebContext& ctx, workflow::StoreTx& tx, const Visitor& v, std::int64_t id,
                    const workflow::ReplyDraft& draft, const std::string& outcome, int status = 200) {
    const auto t = tx.tickets().find(id);
    return html_response(status, page({fmt::format("工单#{} 办理结果", id), v.person.name, v.session.csrf, may_see_rates(v.person)},
                                      form_page(tx, *t, draft, v.session.csrf, ctx.clock.now(), outcome)));
}

}  // namespace

std::optional<std::string> result_refusal(workflow::StoreTx& tx, workflow::Engine& engine, const workflow::Person& who,
                                          std::int64_t id) {
    workflow::ActionRequest req;
    req.action = workflow::Action::submit_result;
    req.ticket_id = id;
    req.actor = who.userid;
    if (auto refusal = engine.check_in(tx, req)) return refusal->message;
    return std::nullopt;
}

void add_result_page(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web/result", [&ctx](const http::Request& req) {
        const auto id = ticket_id_of(fields_of(req.query));
        return signed_in_page(ctx, req, [&](workflow::StoreTx& tx, const Visitor& v) {
            if (!id) return refusal_page(400, "工单号有误", "链接中的工单号有误，请从待办列表重新打开。");
            if (const auto refusal = result_refusal(tx, ctx.executor.engine(), v.person, *id)) return refusal_page(403, "不能填写办理结果", *refusal);
            return show(ctx, tx, v, *id, stored_draft(tx, v.person.userid, *id), "");
        });
    });
    router.add("POST", "/web/result", [&ctx](const http::Request& req) {
        const auto form = fields_of(req.body);
        const auto id = ticket_id_of(form);
        bool submitted = false;
        auto r = signed_in_post(ctx, req, form, [&](workflow::StoreTx& tx, const Visitor& v) {
            submitted = false;
            if (!id) return refusal_page(400, "工单号有误", "提交的工单号有误，请从待办列表重新打开。");
            if (const auto refusal = result_refusal(tx, ctx.executor.engine(), v.person, *id)) return refusal_page(403, "不能填写办理结果", *refusal);
            const auto draft = draft_of(form);
            const auto now = ctx.clock.now();
            if (form.count("do") && form.at("do") == "submit") {
                // The chat's 反馈 with the whole template: the same checks, the same report version.
                const std::string outcome =
                    ctx.executor.execute(tx, v.person.userid, fmt::format("反馈 {}\n{}", *id, workflow::to_text(draft)));
                if (outcome.rfind("已", 0) == 0) {
                    submitted = true;
                    spdlog::info("web: {} submitted the result of ticket {}", v.person.userid, *id);
                    return redirect(fmt::format("/web/ticket?id={}", *id));
                }
                return show(ctx, tx, v, *id, draft, outcome, 422);
            }
            tx.documents().save_result_draft({v.person.userid, *id, draft.to_json()}, now);
            return show(ctx, tx, v, *id, draft, "草稿已保存（在企业微信对话中也可继续填写）。");
        });
        if (submitted && ctx.after_commit) ctx.after_commit();
        return r;
    });
    // The live preview: the two documents for the fields as they are, nothing saved.
    router.add("POST", "/web/result/preview", [&ctx](const http::Request& req) {
        const auto form = fields_of(req.body);
        const auto id = ticket_id_of(form);
        return signed_in_post(ctx, req, form, [&](workflow::StoreTx& tx, const Visitor& v) {
            if (!id) return refusal_page(400, "工单号有误", "提交的工单号有误，请从待办列表重新打开。");
            if (const auto refusal = result_refusal(tx, ctx.executor.engine(), v.person, *id))
                return refusal_page(403, "不能填写办理结果", *refusal);
            auto r = html_response(200, preview(tx, *tx.tickets().find(*id), draft_of(form), ctx.clock.now()));
            return r;
        });
    });
}

}  // namespace hotline::bot::web
