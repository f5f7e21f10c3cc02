#include "bot/web/signed_in.h"

#include "bot/web/html.h"
#include "bot/web/sign_in.h"
#include "bot/web/web_session.h"

namespace hotline::bot::web {

namespace {

enum class Refusal { none, no_session, bad_csrf, inactive };

http::Response run(WebContext& ctx, const http::Request& req, const std::map<std::string, std::string>* form,
                   const PageFn& fn) {
    if (ctx.rate_limit) {
        const auto cookies = cookies_of(req);
        const auto it = cookies.find(kSessionCookie);
        if (it != cookies.end() && !ctx.rate_limit->allow(session_key(it->second)))
            return refusal_page(429, "操作过于频繁", "一分钟内的操作次数已达上限，请稍后再试。");
    }
    http::Response out;
    Refusal refusal = Refusal::none;
    ctx.store.transact([&](workflow::StoreTx& tx) {
        refusal = Refusal::none;
        const auto s = session_of(tx, req, ctx.clock.now());
        if (!s) {
            refusal = Refusal::no_session;
            return;
        }
        if (form && !csrf_ok(*s, *form)) {
            refusal = Refusal::bad_csrf;
            return;
        }
        const auto p = tx.directory().person(s->userid);
        if (!p || !p->active) {
            refusal = Refusal::inactive;
            return;
        }
        out = fn(tx, Visitor{*s, *p});
    });
    switch (refusal) {
        case Refusal::none: return out;
        case Refusal::no_session:
            if (!form) return to_sign_in(req.path + (req.query.empty() ? "" : "?" + req.query));
            return refusal_page(403, "请重新登录", "登录已过期，请返回重新打开页面后再提交。");
        case Refusal::bad_csrf:
            return refusal_page(403, "提交被拒绝", "页面已过期或不是从本系统提交的，请刷新页面后重试。");
        case Refusal::inactive: return refusal_page(403, "无法使用", "您已不在热线办理通讯录中，请联系热线管理员。");
    }
    return out;
}

}  // namespace

http::Response signed_in_page(WebContext& ctx, const http::Request& req, const PageFn& fn) {
    return run(ctx, req, nullptr, fn);
}

http::Response signed_in_post(WebContext& ctx, const http::Request& req, const std::map<std::string, std::string>& form,
                              const PageFn& fn) {
    return run(ctx, req, &form, fn);
}

}  // namespace hotline::bot::web
