#include "bot/web/rates_page.h"

#include <fmt/format.h>

#include "adapters/crypto/encoding.h"
#include "bot/web/form_fields.h"
#include "bot/web/html.h"
#include "bot/web/signed_in.h"
#include "workflow/statistics/report_text.h"
#include "workflow/statistics/statistics.h"

namespace hotline::bot::web {

bool may_see_rates(const workflow::Person& p) {
    using workflow::Role;
    return p.has_role(Role::staff) || p.has_role(Role::center) || p.has_role(Role::leader) ||
           p.has_role(Role::unit_leader);
}

namespace {

std::string row(const workflow::UnitStats& u, const std::string& rank, const std::string& name) {
    return fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1f}</td><td>{}</td></tr>", rank,
                       escape(name), workflow::format_rate(u.on_time_rate), workflow::format_rate(u.resolution_rate),
                       workflow::format_rate(u.satisfaction_rate), u.score * 100, u.assessed);
}

std::string rates_body(const workflow::StatsReport& r, const workflow::Person& who, const std::string& chosen) {
    std::string body = "<p class=\"periods\">";
    for (const char* p : {"本周", "上周", "本月", "上月"})
        body += chosen == p ? fmt::format("<strong>{}</strong> ", p)
                            : fmt::format("<a href=\"/web/rates?period={}\">{}</a> ", adapters::url_encode(p), p);
    body += "</p><h2>" + escape(r.period.label) + "</h2>";
    body += "<table class=\"rates\"><thead><tr><th>排名</th><th>单位</th><th>按期办结率</th><th>解决率</th><th>满意率</th>"
            "<th>综合得分</th><th>考核件数</th></tr></thead><tbody>";
    const bool own_only = who.unit_scoped();  // a unit leader: the county and their own unit
    for (const auto& u : r.units) {
        if (own_only && u.unit_code != who.unit_code) continue;
        body += row(u, u.rank ? std::to_string(u.rank) : "—", u.unit_name);
    }
    body += row(r.county, "", "全县合计") + "</tbody></table>";
    body += fmt::format("<p class=\"meta\">本期收到留言{}件。</p>", r.received);
    body += "<h2>计算方法</h2><pre class=\"report\">" + escape(workflow::formulas_text(r.policy)) + "</pre>";
    return body;
}

}  // namespace

void add_rates_page(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web/rates", [&ctx](const http::Request& req) {
        const auto q = fields_of(req.query);
        const std::string chosen = q.count("period") ? q.at("period") : "上月";
        return signed_in_page(ctx, req, [&](workflow::StoreTx& tx, const Visitor& v) {
            if (!may_see_rates(v.person))
                return refusal_page(403, "无权查看", "三率统计供热线工作人员、领导和承办单位分管领导查看。");
            const auto now = ctx.clock.now();
            const auto period = workflow::parse_period(chosen, now);
            if (!period)
                return refusal_page(400, "期间有误", "期间可写本周、上周、本月、上月、2026-10 或 2026-W40。");
            const auto report = workflow::compute_stats(tx, *period, ctx.stats_policy, now);
            return html_response(200, page({"三率统计", v.person.name, v.session.csrf, true},
                                            rates_body(report, v.person, chosen)));
        });
    });
}

}  // namespace hotline::bot::web
