#pragma once
// 我的待办 (GET /web/): what waits for the signed-in person, as the chat's 我的工单 lists it, with
// the time left to each ticket's running deadline; newest first.
#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

void add_todo_page(http::Router& router, WebContext& ctx);

}  // namespace hotline::bot::web
