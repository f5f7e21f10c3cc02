#pragma once
// Signing in to the workbench. Inside the WeCom app: OAuth2 for self-built apps (snsapi_base, no
// prompt). In a desktop browser: WeCom's QR login for the app. Both come back to /web/oauth
// with a single-use code that auth/getuserinfo turns into the member's userid; the `state` sent
// out is checked against a short-lived cookie, so a code cannot be planted from another page.
#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

// GET /web/login, GET /web/oauth, POST /web/logout.
void add_sign_in_routes(http::Router& router, WebContext& ctx);

// Where a request without a session is sent: the sign-in, coming back to `path_and_query`.
http::Response to_sign_in(const std::string& path_and_query);

}  // namespace hotline::bot::web
