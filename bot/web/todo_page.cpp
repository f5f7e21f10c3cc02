#include "bot/web/todo_page.h"

#include <fmt/format.h>

#include <algorithm>

#include "bot/web/deadline_badge.h"
#include "bot/web/html.h"
#include "bot/web/rates_page.h"
#include "bot/web/signed_in.h"
#include "workflow/worklist/worklist.h"

namespace hotline::bot::web {

namespace {

std::string todo_body(workflow::StoreTx& tx, const workflow::Person& who, workflow::Instant now) {
    auto work = workflow::worklist_of(tx, who);
    std::sort(work.tickets.begin(), work.tickets.end(),
              [](const workflow::Ticket& a, const workflow::Ticket& b) { return a.id > b.id; });
    std::string body;
    if (!work.requests.empty()) {
        body += "<h2>待审批申请</h2><ul class=\"tickets\">";
        for (const auto& r : work.requests)
            body += fmt::format(
                "<li><a href=\"/web/ticket?id={0}\"><div>#{0} 待审批{1}申请</div><div class=\"meta\">{2}</div></a></li>",
                r.ticket_id,
                r.kind == workflow::RequestKind::return_request ? std::string("退单") : fmt::format("延期{}天", r.days),
                escape(r.reason));
        body += "</ul>";
    }
    if (work.tickets.empty() && work.requests.empty()) return "<p>您目前没有待办工单。</p>";
    if (!work.tickets.empty()) {
        body += fmt::format("<h2>待办工单（{}件）</h2><ul class=\"tickets\">", work.tickets.size());
        for (const auto& t : work.tickets) {
            const auto badge = deadline_badge(t, now);
            body += fmt::format("<li class=\"{}\"><a href=\"/web/ticket?id={}\"><div>#{} {}</div><div class=\"meta\">{}",
                                badge.urgency, t.id, t.id, escape(t.title), escape(workflow::chinese_name(t.state)));
            if (!badge.label.empty())
                body += fmt::format(" · {}{} · <span class=\"left\">{}</span>", badge.label, escape(badge.at), badge.left);
            body += "</div></a></li>";
        }
        body += "</ul>";
    }
    return body;
}

}  // namespace

void add_todo_page(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web/", [&ctx](const http::Request& req) {
        return signed_in_page(ctx, req, [&](workflow::StoreTx& tx, const Visitor& v) {
            return html_response(200, page({"我的待办", v.person.name, v.session.csrf, may_see_rates(v.person)},
                                            todo_body(tx, v.person, ctx.clock.now())));
        });
    });
}

}  // namespace hotline::bot::web
