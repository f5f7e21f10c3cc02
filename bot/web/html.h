#pragma once
// HTML for the workbench: every value from the store or a person is escaped on the way into a
// page (a citizen's "<script>" shows as text); pages share one layout and one stylesheet served
// by the bot itself (county intranets often have no internet: no CDN, no web fonts).
#include <string>
#include <string_view>

#include "bot/http/http_types.h"

namespace hotline::bot::web {

std::string escape(std::string_view text);

struct PageHead {
    std::string title;      // escaped here
    std::string user_name;  // shown top right; empty: not signed in
    std::string csrf;       // for the sign-out form
    bool rates_link = false;  // the header links 三率 (for those who may see it)
};

// A whole page: the layout around `body` (already HTML).
std::string page(const PageHead& head, const std::string& body);

http::Response html_response(int status, std::string body);
// A page that explains a refusal (403, 404, 400) in Chinese.
http::Response refusal_page(int status, const std::string& title, const std::string& explanation);
http::Response redirect(const std::string& location);

// GET /web/static/app.css
http::Response stylesheet();
// GET /web/static/app.js (bot/web/app_script.cpp): file uploads and the result's live preview.
http::Response script();

}  // namespace hotline::bot::web
