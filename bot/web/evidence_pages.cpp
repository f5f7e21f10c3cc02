#include "bot/web/evidence_pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/crypto/encoding.h"
#include "adapters/text/utf8.h"
#include "bot/evidence/evidence_intake.h"
#include "bot/evidence/media_type.h"
#include "bot/web/form_fields.h"
#include "bot/web/html.h"
#include "bot/web/signed_in.h"
#include "workflow/procedure/clock.h"
#include "workflow/worklist/worklist.h"

namespace hotline::bot::web {

namespace {

// The script shows these to the person as they are.
http::Response text(int status, std::string message) {
    http::Response r;
    r.status = status;
    r.body = std::move(message);
    r.headers["Cache-Control"] = "no-store";
    r.headers["X-Content-Type-Options"] = "nosniff";
    return r;
}

std::string header(const http::Request& req, const std::string& name) {
    const auto it = req.headers.find(name);
    return it == req.headers.end() ? std::string{} : it->second;
}

// The name the person's file had, for the list (never trusted for its type): valid UTF-8 (the
// store takes nothing else), no control characters or slashes, at most 100 bytes cut on a
// character boundary.
std::string file_name(const http::Request& req) {
    std::string name = adapters::scrub_utf8(adapters::url_decode(header(req, "x-file-name"), false).value_or(""));
    for (auto& c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == '/' || c == '\\') c = '_';
    if (name.size() > 100) {
        std::size_t cut = 100;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
        name.resize(cut);
    }
    return name;
}

http::Response upload(WebContext& ctx, const http::Request& req) {
    const auto id = ticket_id_of(fields_of(req.query));
    const Fields csrf{{"csrf", header(req, "x-csrf-token")}};
    return signed_in_post(ctx, req, csrf, [&](workflow::StoreTx& tx, const Visitor& v) {
        if (!id) return text(400, "工单号有误，请从工单页面重新上传。");
        const auto t = tx.tickets().find(*id);
        if (!t || !workflow::may_view(v.person, *t))
            return text(403, fmt::format("工单#{}不是本单位的工单，您无权添加材料。", *id));
        if (const auto refusal = evidence::refusal_to_add(v.person, *t)) return text(403, *refusal + "文件未保存。");
        if (!ctx.attachments) return text(503, "本系统未配置材料存储目录，请联系热线管理员。");
        if (req.body.empty()) return text(400, "文件是空的，未保存。");
        if (static_cast<std::int64_t>(req.body.size()) > ctx.max_upload_bytes)
            return text(413, fmt::format("文件超过{} MB的上限，未保存。", ctx.max_upload_bytes / (1024 * 1024)));
        const auto type = evidence::sniff_media_type(req.body);
        if (!type || type->kind == "video")
            return text(415, "只能上传JPEG、PNG、GIF格式的照片或PDF文件，未保存。视频请在企业微信聊天中发送。");
        const auto now = ctx.clock.now();
        workflow::Evidence e;
        e.ticket_id = t->id;
        e.sender = v.person.userid;
        e.kind = type->kind;
        e.state = "stored";
        e.sha256 = ctx.attachments->put(req.body);  // content-addressed: a retried transaction writes nothing new
        e.mime = type->mime;
        e.size = static_cast<std::int64_t>(req.body.size());
        e.detail = file_name(req);
        e.received_at = e.next_attempt_at = now;
        e.id = tx.evidence().insert(e);
        evidence::record_stored(tx, e, now);
        int count = 0;
        for (const auto& other : tx.evidence().of(t->id)) count += other.state == "stored";
        spdlog::info("web: evidence id={} ticket={} stored {} bytes {} sha256={} by {}", e.id, t->id, e.size, e.mime,
                     e.sha256, v.person.userid);
        return text(200, fmt::format("{}已保存为工单#{}的佐证材料（本工单共{}件）。", evidence::kind_name(e.kind), t->id, count));
    });
}

http::Response file(WebContext& ctx, const http::Request& req) {
    const auto fields = fields_of(req.query);
    const auto id = ticket_id_of(fields);
    return signed_in_page(ctx, req, [&](workflow::StoreTx& tx, const Visitor& v) {
        if (!id) return refusal_page(400, "链接有误", "链接中的工单号有误。");
        const auto t = tx.tickets().find(*id);
        if (!t || !workflow::may_view(v.person, *t))
            return refusal_page(403, "无权查看", fmt::format("工单#{}不是本单位的工单，您无权查看。", *id));
        std::string sha256, mime, name;
        const auto wanted = [&](const char* key) { return fields.count(key) ? fields.at(key) : std::string{}; };
        for (const auto& e : tx.evidence().of(t->id))
            if (e.state == "stored" && e.kind != "location" && std::to_string(e.id) == wanted("evidence"))
                sha256 = e.sha256, mime = e.mime, name = fmt::format("工单{}-材料{}", t->id, e.id);
        for (const auto& r : tx.documents().report_versions(t->id))
            if (std::to_string(r.version) == wanted("report"))
                sha256 = r.sha256, mime = "application/pdf", name = fmt::format("工单{}-报告第{}版", t->id, r.version);
        const auto bytes = sha256.empty() || !ctx.attachments ? std::nullopt : ctx.attachments->read(sha256);
        if (!bytes) return refusal_page(404, "文件不存在", "该文件不存在或已不在材料存储目录中。");
        http::Response r;
        r.content_type = mime;
        r.body = *bytes;
        r.headers["Cache-Control"] = "private, max-age=3600";  // content-addressed: it never changes
        r.headers["X-Content-Type-Options"] = "nosniff";
        r.headers["Content-Disposition"] =
            "inline; filename*=UTF-8''" + adapters::url_encode(name + "." + mime.substr(mime.find('/') + 1));
        return r;
    });
}

}  // namespace

std::string upload_form(std::int64_t id, const std::string& csrf) {
    return fmt::format(
        "<form class=\"upload\" method=\"post\" action=\"{}?id={}\"><h2>上传佐证材料</h2>"
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
        "<label>照片（JPEG、PNG、GIF）或PDF文件，可多选<input type=\"file\" name=\"files\" multiple "
        "accept=\"image/jpeg,image/png,image/gif,application/pdf\"></label>"
        "<button type=\"submit\">上传</button><pre class=\"status\" aria-live=\"polite\"></pre></form>",
        kUploadPath, id, escape(csrf));
}

std::string evidence_section(workflow::StoreTx& tx, const workflow::Ticket& t) {
    std::string body;
    const auto items = tx.evidence().of(t.id);
    if (!items.empty()) {
        body += fmt::format("<h2>佐证材料（{}件）</h2><ul class=\"evidence\">", items.size());
        int n = 0;
        for (const auto& e : items) {
            ++n;
            const auto who = tx.directory().person(e.sender);
            const std::string by = escape(who ? who->name : e.sender);
            const std::string link = fmt::format("/web/file?id={}&amp;evidence={}", t.id, e.id);
            if (e.kind == "location")
                body += fmt::format("<li>{}. 位置：{} <span class=\"meta\">{}</span></li>", n, escape(e.detail), by);
            else if (e.state != "stored")
                body += fmt::format("<li>{}. {}（{}） <span class=\"meta\">{}</span></li>", n,
                                    evidence::kind_name(e.kind),
                                    e.state == "downloading" ? std::string("正在保存") : "未保存：" + escape(e.detail), by);
            else if (e.kind == "image")
                body += fmt::format("<li>{}. <a href=\"{}\"><img class=\"thumb\" src=\"{}\" alt=\"照片{}\" "
                                    "loading=\"lazy\"></a> <span class=\"meta\">{}</span></li>",
                                    n, link, link, n, by);
            else
                body += fmt::format("<li>{}. <a href=\"{}\">{}{}</a> <span class=\"meta\">{} KB {}</span></li>", n, link,
                                    evidence::kind_name(e.kind), e.detail.empty() ? "" : "：" + escape(e.detail),
                                    (e.size + 1023) / 1024, by);
        }
        body += "</ul>";
    }
    const auto versions = tx.documents().report_versions(t.id);
    if (!versions.empty()) {
        body += "<h2>报告PDF</h2><ul>";
        for (const auto& r : versions)
            body += fmt::format("<li><a href=\"/web/file?id={}&amp;report={}\">第{}版</a> <span class=\"meta\">北京时间{}</span></li>",
                                t.id, r.version, r.version, workflow::format_china_time(r.created_at));
        body += "</ul>";
    }
    return body;
}

void add_evidence_routes(http::Router& router, WebContext& ctx) {
    router.add("POST", kUploadPath, [&ctx](const http::Request& req) { return upload(ctx, req); });
    router.add("GET", "/web/file", [&ctx](const http::Request& req) { return file(ctx, req); });
}

}  // namespace hotline::bot::web
