#pragma once
// Every page and every form post of the workbench runs through this: in one transaction, the
// request's session and the directory's entry for its member, or the way out (sign-in for a page,
// 403 for a post without a session or without the session's CSRF token, 403 for a member no
// longer active).
#include <functional>
#include <map>
#include <string>

#include "bot/http/http_types.h"
#include "bot/web/web_context.h"
#include "workflow/procedure/directory.h"

namespace hotline::bot::web {

struct Visitor {
    workflow::WebSession session;
    workflow::Person person;
};

using PageFn = std::function<http::Response(workflow::StoreTx&, const Visitor&)>;

// GET: without a session, off to sign in and back.
http::Response signed_in_page(WebContext& ctx, const http::Request& req, const PageFn& fn);
// POST (form-encoded body in `form`): refused without a session or a matching csrf field.
http::Response signed_in_post(WebContext& ctx, const http::Request& req, const std::map<std::string, std::string>& form,
                              const PageFn& fn);

}  // namespace hotline::bot::web
