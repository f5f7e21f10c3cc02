#pragma once
// The workbench's routes under /web/: the stylesheet, sign-in, 我的待办, 工单详情, 办理结果 and 三率.
#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

void add_workbench_routes(http::Router& router, WebContext& ctx);

}  // namespace hotline::bot::web
