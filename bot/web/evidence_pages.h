#pragma once
// 佐证材料 on the workbench. Upload: POST /web/evidence?id=N with the file itself as the body and
// the CSRF token in X-CSRF-Token (the page's script sends each chosen file with fetch), under the
// same rule, checks, storage and audit as evidence sent in chat; a photo (JPEG, PNG, GIF) or a PDF,
// the type read from the bytes. Files: GET /web/file?id=N&evidence=E (an item of ticket N) or
// &report=V (the report's PDF version V), for exactly those who may see ticket N.
#include <cstdint>
#include <string>

#include "bot/http/router.h"
#include "bot/web/web_context.h"

namespace hotline::bot::web {

inline constexpr const char* kUploadPath = "/web/evidence";

void add_evidence_routes(http::Router& router, WebContext& ctx);

// The file picker that uploads to ticket `id` (the page's script sends the files).
std::string upload_form(std::int64_t id, const std::string& csrf);
// 佐证材料 and the report's PDF versions of `t`: photos as thumbnails, the rest as links.
std::string evidence_section(workflow::StoreTx& tx, const workflow::Ticket& t);

}  // namespace hotline::bot::web
