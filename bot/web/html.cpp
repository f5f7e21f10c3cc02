#include "bot/web/html.h"

namespace hotline::bot::web {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string page(const PageHead& head, const std::string& body) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>" + escape(head.title) + " · 12345热线办理</title>"
        "<link rel=\"stylesheet\" href=\"/web/static/app.css\">"
        "<script src=\"/web/static/app.js\" defer></script></head><body>"
        "<header><nav><a class=\"home\" href=\"/web/\">我的待办</a>";
    if (head.rates_link) out += " <a href=\"/web/rates\">三率</a>";
    out += "</nav>";
    if (!head.user_name.empty())
        out += "<form class=\"signout\" method=\"post\" action=\"/web/logout\"><span>" + escape(head.user_name) +
               "</span><input type=\"hidden\" name=\"csrf\" value=\"" + escape(head.csrf) +
               "\"><button type=\"submit\">退出</button></form>";
    out += "</header><main><h1>" + escape(head.title) + "</h1>" + body + "</main></body></html>\n";
    return out;
}

http::Response html_response(int status, std::string body) {
    http::Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    // Pages carry people's names and citizens' matters: never cached, never framed elsewhere,
    // nothing loaded from outside the bot.
    r.headers["Cache-Control"] = "no-store";
    r.headers["X-Frame-Options"] = "DENY";
    r.headers["X-Content-Type-Options"] = "nosniff";
    r.headers["Referrer-Policy"] = "same-origin";
    r.headers["Content-Security-Policy"] =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'";
    return r;
}

http::Response refusal_page(int status, const std::string& title, const std::string& explanation) {
    return html_response(status, page({title, "", "", false}, "<p class=\"refusal\">" + escape(explanation) + "</p>"));
}

http::Response redirect(const std::string& location) {
    http::Response r;
    r.status = 302;
    r.headers["Location"] = location;
    r.headers["Cache-Control"] = "no-store";
    return r;
}

http::Response stylesheet() {
    http::Response r;
    r.content_type = "text/css; charset=utf-8";
    r.headers["Cache-Control"] = "max-age=3600";
    r.body = R"CSS(
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       color: #1f2329; background: #f5f6f7; }
header { display: flex; justify-content: space-between; align-items: center; padding: 8px 16px;
         background: #1f6fd1; color: #fff; }
header a, header button { color: #fff; text-decoration: none; }
header button { background: none; border: 1px solid #fff; border-radius: 4px; padding: 2px 8px; margin-left: 8px; }
main { max-width: 960px; margin: 0 auto; padding: 12px 16px 48px; }
h1 { font-size: 20px; margin: 8px 0 16px; }
h2 { font-size: 17px; margin: 20px 0 8px; }
ul.tickets { list-style: none; padding: 0; margin: 0; }
ul.tickets li { background: #fff; border-radius: 8px; padding: 12px; margin-bottom: 8px; border-left: 6px solid #2ea121; }
ul.tickets li.amber { border-left-color: #f5a623; }
ul.tickets li.red { border-left-color: #d83931; }
ul.tickets a { color: #1f2329; text-decoration: none; display: block; }
.meta { color: #646a73; font-size: 14px; }
.left { font-weight: 600; }
.red .left { color: #d83931; }
.amber .left { color: #b26a00; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; background: #fff; padding: 12px;
           border-radius: 8px; }
dl.facts dt { color: #646a73; }
dl.facts dd { margin: 0; }
.content, pre.report { white-space: pre-wrap; background: #fff; padding: 12px; border-radius: 8px; font: inherit; }
ol.timeline { background: #fff; padding: 12px 12px 12px 32px; border-radius: 8px; }
ol.timeline li { margin-bottom: 4px; overflow-wrap: anywhere; }
form.decision { background: #fff; padding: 12px; border-radius: 8px; margin-bottom: 8px; }
form.decision label { display: block; margin: 6px 0; }
form.decision input[type=text], form.decision input[type=number], form.decision textarea, form.decision select {
    display: block; width: 100%; padding: 6px; font: inherit; margin-top: 4px; }
form.decision input[type=radio] { margin-right: 4px; }
form.decision button { background: #1f6fd1; color: #fff; border: 0; border-radius: 4px; padding: 6px 16px; font: inherit; }
.outcome { background: #e8f4ff; border-radius: 8px; padding: 12px; white-space: pre-wrap; }
.refusal { background: #fff0ef; border-radius: 8px; padding: 12px; }
.instructions { background: #fffbe6; border-radius: 8px; padding: 12px; }
header nav a { margin-right: 12px; }
table.rates { width: 100%; border-collapse: collapse; background: #fff; border-radius: 8px; font-size: 15px; }
table.rates th, table.rates td { padding: 6px 8px; border-bottom: 1px solid #eee; text-align: right; }
table.rates th:nth-child(2), table.rates td:nth-child(2) { text-align: left; }
table.weeks th:nth-child(2), table.weeks td:nth-child(2) { text-align: right; }
.periods a, .periods strong { margin-right: 12px; }
form.result textarea { width: 100%; font: inherit; padding: 6px; }
form.result .meta { display: block; }
form.upload { background: #fff; padding: 12px; border-radius: 8px; margin: 8px 0; }
form.upload h2 { margin-top: 0; }
form.upload label { display: block; margin-bottom: 8px; }
form.upload button { background: #1f6fd1; color: #fff; border: 0; border-radius: 4px; padding: 6px 16px; font: inherit; }
form.upload .status { white-space: pre-wrap; font: inherit; margin: 8px 0 0; }
ul.evidence { list-style: none; padding: 0; }
ul.evidence li { background: #fff; border-radius: 8px; padding: 8px; margin-bottom: 6px; }
img.thumb { max-width: 160px; max-height: 120px; vertical-align: middle; border-radius: 4px; }
form.inline { display: inline-block; margin: 6px 6px 0 0; }
form.inline button { background: #fff; color: #1f6fd1; border: 1px solid #1f6fd1; border-radius: 4px; padding: 4px 14px; font: inherit; }
svg.trend { width: 100%; height: auto; background: #fff; border-radius: 8px; }
svg.trend text { font-size: 11px; fill: #646a73; }
svg.trend line.grid { stroke: #eee; }
svg.trend path { fill: none; stroke-width: 2; }
path.on-time, circle.on-time { stroke: #1f6fd1; fill: #1f6fd1; }
path.resolution, circle.resolution { stroke: #2ea121; fill: #2ea121; }
path.satisfaction, circle.satisfaction { stroke: #f5a623; fill: #f5a623; }
svg.trend path.on-time, svg.trend path.resolution, svg.trend path.satisfaction { fill: none; }
.legend .on-time { color: #1f6fd1; } .legend .resolution { color: #2ea121; } .legend .satisfaction { color: #f5a623; }
a.button { display: inline-block; background: #1f6fd1; color: #fff; border-radius: 4px; padding: 6px 16px; text-decoration: none; }
)CSS";
    return r;
}

}  // namespace hotline::bot::web
