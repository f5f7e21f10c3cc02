#pragma once
// 三率 (GET /web/rates?period=上月): the period's ranking of the units by the composite score, with
// the county's figures and the formulas, for those 统计 serves (hotline staff, the centre, leaders;
// a unit leader sees the county and their own unit only).
#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

void add_rates_page(http::Router& router, WebContext& ctx);
// The roles 统计 serves; the header links the page for them.
bool may_see_rates(const workflow::Person& p);

}  // namespace hotline::bot::web
