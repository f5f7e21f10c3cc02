#include "bot/web/web_session.h"

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::bot::web {

std::string session_key(const std::string& cookie_value) { return adapters::hex_lower(adapters::sha256(cookie_value)); }

std::map<std::string, std::string> cookies_of(const http::Request& req) {
    std::map<std::string, std::string> out;
    const auto it = req.headers.find("cookie");
    if (it == req.headers.end()) return out;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        std::string_view pair = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        out.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));  // the first of a name wins
    }
    return out;
}

std::string cookie(const std::string& name, const std::string& value, bool secure, long max_age_seconds) {
    return name + "=" + value + "; Path=/web; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Lax" +
           (secure ? "; Secure" : "");
}

std::string random_token(std::size_t bytes) { return adapters::hex_lower(adapters::random_bytes(bytes)); }

std::string start_session(workflow::StoreTx& tx, const std::string& userid, workflow::Instant now,
                          std::chrono::hours lifetime) {
    const std::string id = random_token(32);
    tx.web_sessions().forget_expired(now);
    tx.web_sessions().create({session_key(id), userid, random_token(16), now, now + lifetime});
    return id;
}

std::optional<workflow::WebSession> session_of(workflow::StoreTx& tx, const http::Request& req, workflow::Instant now) {
    const auto cookies = cookies_of(req);
    const auto it = cookies.find(kSessionCookie);
    if (it == cookies.end() || it->second.size() != 64) return std::nullopt;
    return tx.web_sessions().find(session_key(it->second), now);
}

void end_session(workflow::StoreTx& tx, const http::Request& req) {
    const auto cookies = cookies_of(req);
    if (const auto it = cookies.find(kSessionCookie); it != cookies.end()) tx.web_sessions().end(session_key(it->second));
}

bool csrf_ok(const workflow::WebSession& s, const std::map<std::string, std::string>& form) {
    const auto it = form.find("csrf");
    return it != form.end() && !s.csrf.empty() && adapters::constant_time_equal(it->second, s.csrf);
}

}  // namespace hotline::bot::web
