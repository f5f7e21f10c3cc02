#pragma once
// 办理结果 (GET/POST /web/result?id=N): the reply template as a form, one field per section with
// the question the chat's guided 反馈 asks; saved as the same draft the chat uses (so it can be
// finished in either), previewed as both documents, and submitted as the chat's 「反馈 N」 with the
// whole template, so the engine's refusals (a missing section) come back in place.
#include <optional>
#include <string>

#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

void add_result_page(http::Router& router, WebContext& ctx);

// Why this person may not write the ticket's result now (the engine's refusal); none: they may.
std::optional<std::string> result_refusal(workflow::StoreTx& tx, workflow::Engine& engine, const workflow::Person& who,
                                          std::int64_t id);

}  // namespace hotline::bot::web
