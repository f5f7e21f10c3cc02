#include "bot/web/sign_in.h"

#include <spdlog/spdlog.h>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/http/query.h"
#include "bot/web/form_fields.h"
#include "bot/web/html.h"
#include "bot/web/web_session.h"

namespace hotline::bot::web {

namespace {

constexpr long kStateSeconds = 600;  // a sign-in not finished in 10 minutes starts again

// Only a page of the workbench itself: never another site (an open redirect).
std::string safe_next(const std::string& next) {
    if (next.rfind("/web/", 0) != 0 || next.find("//") != std::string::npos || next.find('\\') != std::string::npos)
        return "/web/";
    return next;
}

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? std::string{} : it->second;
}

bool inside_wecom(const http::Request& req) {
    const auto it = req.headers.find("user-agent");
    return it != req.headers.end() && it->second.find("wxwork") != std::string::npos;
}

http::Response login(WebContext& ctx, const http::Request& req) {
    if (!ctx.api) return redirect(ctx.local_sign_in.empty() ? "/web/" : ctx.local_sign_in);
    const auto q = fields_of(req.query);
    const std::string state = random_token(16);
    const std::string back = adapters::url_encode(ctx.config.public_url + "/web/oauth");
    std::string url;
    if (inside_wecom(req))
        url = ctx.config.oauth_base + "/connect/oauth2/authorize?appid=" + adapters::url_encode(ctx.corp_id) +
              "&redirect_uri=" + back + "&response_type=code&scope=snsapi_base&state=" + state +
              "&agentid=" + adapters::url_encode(ctx.agent_id) + "#wechat_redirect";
    else
        url = ctx.config.qr_login_base + "/wwlogin/sso/login?login_type=CorpApp&appid=" + adapters::url_encode(ctx.corp_id) +
              "&agentid=" + adapters::url_encode(ctx.agent_id) + "&redirect_uri=" + back + "&state=" + state;
    auto r = redirect(url);
    // Sent back only to /web/oauth, and gone after 10 minutes.
    r.headers["Set-Cookie"] = std::string(kStateCookie) + "=" + state + "." +
                              adapters::url_encode(safe_next(get(q, "next"))) + "; Path=/web/oauth; Max-Age=" +
                              std::to_string(kStateSeconds) + "; HttpOnly; SameSite=Lax" +
                              (ctx.secure_cookies() ? "; Secure" : "");
    return r;
}

http::Response oauth_return(WebContext& ctx, const http::Request& req) {
    const auto q = fields_of(req.query);
    const auto cookies = cookies_of(req);
    const auto it = cookies.find(kStateCookie);
    const std::string state = get(q, "state");
    const auto dot = it == cookies.end() ? std::string::npos : it->second.find('.');
    if (dot == std::string::npos || state.empty() || !adapters::constant_time_equal(it->second.substr(0, dot), state))
        return refusal_page(400, "登录已失效", "登录链接已过期或不是从本系统发起的，请从企业微信工作台重新打开。");
    const std::string next = safe_next(http::parse_query("n=" + it->second.substr(dot + 1), false)
                                           .value_or(std::map<std::string, std::string>{})["n"]);
    const std::string code = get(q, "code");
    if (code.empty()) return refusal_page(400, "登录未完成", "企业微信没有返回登录凭证，请重新打开。");

    if (!ctx.api) return refusal_page(400, "未启用企业微信登录", "本系统未配置企业微信，无法通过企业微信登录。");
    const auto who = ctx.api->get_user_info(code);
    if (who.outcome != adapters::wecom::Outcome::ok) {
        spdlog::warn("web: sign-in: auth/getuserinfo failed ({}: {} {})", adapters::wecom::describe(who.outcome),
                     who.errcode, who.errmsg);
        const bool again = who.outcome == adapters::wecom::Outcome::retry;
        return refusal_page(again ? 502 : 400, "登录未完成",
                            again ? "暂时无法向企业微信确认您的身份，请稍后重新打开。"
                                  : "登录凭证无效或已使用（每个凭证只能使用一次，5分钟内有效），请重新打开。");
    }
    const std::string userid = who.body.value("userid", std::string{});
    if (userid.empty()) {
        spdlog::warn("web: sign-in refused: not a member of the corp");
        return refusal_page(403, "无法登录", "仅限本单位企业微信成员使用。");
    }
    std::string session_id;
    bool known = false;
    ctx.store.transact([&](workflow::StoreTx& tx) {
        const auto p = tx.directory().person(userid);
        known = p && p->active;
        if (known) session_id = start_session(tx, userid, ctx.clock.now(), ctx.config.session_hours);
    });
    if (!known) {
        spdlog::warn("web: sign-in refused: {} is not in the directory", userid);
        return refusal_page(403, "无法登录", "您不在热线办理通讯录中，请联系热线管理员。");
    }
    spdlog::info("web: {} signed in ({})", userid, inside_wecom(req) ? "oauth" : "qr login");
    auto r = redirect(next);
    r.headers["Set-Cookie"] = cookie(kSessionCookie, session_id, ctx.secure_cookies(),
                                     static_cast<long>(std::chrono::seconds(ctx.config.session_hours).count()));
    return r;
}

http::Response logout(WebContext& ctx, const http::Request& req) {
    const auto form = fields_of(req.body);
    bool ok = false;
    ctx.store.transact([&](workflow::StoreTx& tx) {
        const auto s = session_of(tx, req, ctx.clock.now());
        ok = s && csrf_ok(*s, form);
        if (ok) end_session(tx, req);
    });
    if (!ok) return refusal_page(403, "无法退出", "页面已过期，请刷新后重试。");
    auto r = html_response(200, page({"已退出", "", "", false}, "<p>您已退出。在企业微信中重新打开应用即可再次登录。</p>"));
    r.headers["Set-Cookie"] = cookie(kSessionCookie, "", ctx.secure_cookies(), 0);
    return r;
}

}  // namespace

http::Response to_sign_in(const std::string& path_and_query) {
    return redirect("/web/login?next=" + adapters::url_encode(path_and_query));
}

void add_sign_in_routes(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web/login", [&ctx](const http::Request& req) { return login(ctx, req); });
    router.add("GET", "/web/oauth", [&ctx](const http::Request& req) { return oauth_return(ctx, req); });
    router.add("POST", "/web/logout", [&ctx](const http::Request& req) { return logout(ctx, req); });
}

}  // namespace hotline::bot::web
