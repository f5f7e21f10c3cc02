#include "bot/web/workbench.h"

#include "bot/web/evidence_pages.h"
#include "bot/web/html.h"
#include "bot/web/sign_in.h"
#include "bot/web/rates_page.h"
#include "bot/web/result_page.h"
#include "bot/web/ticket_page.h"
#include "bot/web/todo_page.h"

namespace hotline::bot::web {

void add_workbench_routes(http::Router& router, WebContext& ctx) {
    router.add("GET", "/web", [](const http::Request&) { return redirect("/web/"); });
    router.add("GET", "/web/static/app.css", [](const http::Request&) { return stylesheet(); });
    router.add("GET", "/web/static/app.js", [](const http::Request&) { return script(); });
    add_sign_in_routes(router, ctx);
    add_todo_page(router, ctx);
    add_ticket_page(router, ctx);
    add_rates_page(router, ctx);
    add_result_page(router, ctx);
    add_evidence_routes(router, ctx);
}

}  // namespace hotline::bot::web
