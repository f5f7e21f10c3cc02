#include "bot/web/rates_page.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>

#include "adapters/crypto/encoding.h"
#include "bot/reports/report_files.h"
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

// What a unit leader may see of a report: the county's totals, their own unit and its tickets.
workflow::StatsReport visible_to(workflow::StatsReport r, const workflow::Person& who) {
    if (!who.unit_scoped()) return r;
    std::erase_if(r.units, [&](const auto& u) { return u.unit_code != who.unit_code; });
    std::erase_if(r.tickets, [&](const auto& t) { return t.unit_code != who.unit_code; });
    return r;
}

struct TrendPoint {
    std::string label;  // MM-DD, the week's Monday
    std::optional<double> on_time, resolution, satisfaction;
};

// The last 12 ISO weeks up to the one containing `now`: the county's rates, or a unit leader's
// own unit's.
std::vector<TrendPoint> trend(workflow::StoreTx& tx, const workflow::StatsPolicy& policy, const workflow::Person& who,
                              workflow::Instant now) {
    std::vector<TrendPoint> out;
    for (int back = 11; back >= 0; --back) {
        const auto week = workflow::week_of(now - std::chrono::days(7 * back));
        const auto r = workflow::compute_stats(tx, week, policy, now);
        const workflow::UnitStats* u = &r.county;
        if (who.unit_scoped())
            for (const auto& unit : r.units)
                if (unit.unit_code == who.unit_code) u = &unit;
        out.push_back({workflow::format_china_time(week.from).substr(5, 5), u->on_time_rate, u->resolution_rate,
                       u->satisfaction_rate});
    }
    return out;
}

// The trend as an inline SVG line chart (no script, no external file): one line per rate, 0–100 %.
std::string trend_svg(const std::vector<TrendPoint>& points) {
    constexpr int w = 600, h = 220, left = 36, right = 12, top = 12, bottom = 28;
    const auto x = [&](std::size_t i) { return left + static_cast<double>(i) * (w - left - right) / 11.0; };
    const auto y = [&](double v) { return top + (1.0 - v) * (h - top - bottom); };
    std::string svg = fmt::format("<svg class=\"trend\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"近12周三率走势\">", w, h);
    for (int pct = 0; pct <= 100; pct += 25)
        svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/><text x=\"2\" y=\"{:.1f}\">{}%</text>",
                           left, w - right, y(pct / 100.0), y(pct / 100.0), y(pct / 100.0) + 4, pct);
    for (std::size_t i = 0; i < points.size(); i += 2)
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x(i), h - 8, points[i].label);
    const std::pair<const char*, std::optional<double> TrendPoint::*> lines[] = {
        {"on-time", &TrendPoint::on_time}, {"resolution", &TrendPoint::resolution}, {"satisfaction", &TrendPoint::satisfaction}};
    for (const auto& [cls, member] : lines) {
        // A week without assessed tickets has no rate: the line breaks there.
        std::string path;
        bool pen_down = false;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto v = points[i].*member;
            if (!v) {
                pen_down = false;
                continue;
            }
            path += fmt::format("{}{:.1f},{:.1f} ", pen_down ? "L" : "M", x(i), y(*v));
            svg += fmt::format("<circle class=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\"/>", cls, x(i), y(*v));
            pen_down = true;
        }
        if (!path.empty()) svg += fmt::format("<path class=\"{}\" d=\"{}\"/>", cls, path);
    }
    return svg + "</svg>";
}

std::string trend_section(const std::vector<TrendPoint>& points, const workflow::Person& who) {
    std::string body = fmt::format("<h2>近12周走势（{}）</h2>", who.unit_scoped() ? "本单位" : "全县");
    body += trend_svg(points);
    body += "<p class=\"legend\"><span class=\"on-time\">━ 按期办结率</span> <span class=\"resolution\">━ 解决率</span> "
            "<span class=\"satisfaction\">━ 满意率</span></p>";
    body += "<table class=\"rates weeks\"><thead><tr><th>周（周一）</th><th>按期办结率</th><th>解决率</th><th>满意率</th></tr></thead><tbody>";
    for (const auto& p : points)
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", p.label, workflow::format_rate(p.on_time),
                            workflow::format_rate(p.resolution), workflow::format_rate(p.satisfaction));
    return body + "</tbody></table>";
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
    body += fmt::format("<p class=\"meta\">本期收到留言{}件。 <a class=\"button\" href=\"/web/rates.xlsx?period={}\">下载Excel</a></p>",
                        r.received, adapters::url_encode(chosen));
    body += "<h2>计算方法</h2><pre class=\"report\">" + escape(workflow::formulas_text(r.policy)) + "</pre>";
    return body;
}

using RatesFn = std::function<http::Response(workflow::StoreTx&, const Visitor&, const workflow::StatsReport&,
                                             const std::string& chosen)>;

// A rates route: signed in, allowed to see the rates, the period (?period=, default 上月) read and
// its report computed; or the refusal.
http::Handler rates_route(WebContext& ctx, RatesFn fn) {
    return [&ctx, fn = std::move(fn)](const http::Request& req) {
        const auto q = fields_of(req.query);
        const std::string chosen = q.count("period") ? q.at("period") : "上月";
        return signed_in_page(ctx, req, [&](workflow::StoreTx& tx, const Visitor& v) {
            if (!may_see_rates(v.person))
                return refusal_page(403, "无权查看", "三率统计供热线工作人员、领导和承办单位分管领导查看。");
            const auto now = ctx.clock.now();
            const auto period = workflow::parse_period(chosen, now);
            if (!period)
                return refusal_page(400, "期间有误", "期间可写本周、上周、本月、上月、2026-10 或 2026-W40。");
            return fn(tx, v, workflow::compute_stats(tx, *period, ctx.stats_policy, now), chosen);
        });
    };
}

}  // namespace

void add_rates_page(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web/rates", rates_route(ctx, [&ctx](workflow::StoreTx& tx, const Visitor& v,
                                                          const workflow::StatsReport& report, const std::string& chosen) {
                   return html_response(200, page({"三率统计", v.person.name, v.session.csrf, true},
                                                  rates_body(report, v.person, chosen) +
                                                      trend_section(trend(tx, ctx.stats_policy, v.person, ctx.clock.now()),
                                                                    v.person)));
               }));
    // The same figures as a workbook (the ranking and the assessed tickets), as 统计 sends it.
    router.add("GET", "/web/rates.xlsx", rates_route(ctx, [](workflow::StoreTx&, const Visitor& v,
                                                           const workflow::StatsReport& all, const std::string&) {
            const auto report = visible_to(all, v.person);
            char folder[] = "/tmp/hotline-rates-XXXXXX";
            if (!::mkdtemp(folder)) return refusal_page(500, "生成失败", "暂时无法生成Excel文件，请稍后重试。");
            const std::filesystem::path file = std::filesystem::path(folder) / "rates.xlsx";
            std::string bytes;
            try {
                reports::write_xlsx(report, file);
                std::ifstream in(file, std::ios::binary);
                bytes.assign(std::istreambuf_iterator<char>(in), {});
            } catch (const std::exception& e) {
                spdlog::error("web: rates workbook failed: {}", e.what());
            }
            std::error_code ec;
            std::filesystem::remove_all(folder, ec);
            if (bytes.empty()) return refusal_page(500, "生成失败", "暂时无法生成Excel文件，请稍后重试。");
            http::Response r;
            r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            r.body = std::move(bytes);
            r.headers["Cache-Control"] = "no-store";
            r.headers["X-Content-Type-Options"] = "nosniff";
            r.headers["Content-Disposition"] =
                "attachment; filename=\"rates.xlsx\"; filename*=UTF-8''" + adapters::url_encode("三率统计-" + report.period.label + ".xlsx");
            return r;
        }));
}

}  // namespace hotline::bot::web
