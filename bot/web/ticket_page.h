#pragma once
// 工单详情 (GET /web/ticket?id=N): what 查询 N shows, to exactly the people 查询 N allows, with
// the message, the timeline from the audit trail, the evidence and the leaders' instructions;
// and the decisions that are the person's to take now (POST /web/ticket/act), each carried out
// as the chat command it is, so the page can do nothing the chat would refuse.
#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

void add_ticket_page(http::Router& router, WebContext& ctx);

}  // namespace hotline::bot::web
