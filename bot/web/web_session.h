#pragma once
// Workbench sessions: a random id in an HttpOnly cookie, its SHA-256 in the store with the
// member's userid, an expiry and the CSRF token every form posts back.
#include <map>
#include <optional>
#include <string>

#include "bot/http/http_types.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::bot::web {

inline constexpr const char* kSessionCookie = "hl_session";
inline constexpr const char* kStateCookie = "hl_state";

std::map<std::string, std::string> cookies_of(const http::Request& req);

// A Set-Cookie value, scoped to /web. `secure` is off only for a plain-http loopback address
// (tests, the sandbox); max_age 0 deletes the cookie.
std::string cookie(const std::string& name, const std::string& value, bool secure, long max_age_seconds);

// Signs `userid` in: the session row, and the cookie's value (returned; never logged).
std::string start_session(workflow::StoreTx& tx, const std::string& userid, workflow::Instant now,
                          std::chrono::hours lifetime);

// The session of the request's cookie, if it is known and not expired.
std::optional<workflow::WebSession> session_of(workflow::StoreTx& tx, const http::Request& req, workflow::Instant now);

void end_session(workflow::StoreTx& tx, const http::Request& req);

// What the store and the rate limit know a session by: the SHA-256 of its cookie's id, hex.
std::string session_key(const std::string& cookie_value);

// The form's csrf field equals the session's token (compared in constant time).
bool csrf_ok(const workflow::WebSession& s, const std::map<std::string, std::string>& form);

// Random text for ids and tokens: `bytes` random bytes as hex.
std::string random_token(std::size_t bytes);

}  // namespace hotline::bot::web
