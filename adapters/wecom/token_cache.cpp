#include "adapters/wecom/token_cache.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "adapters/crypto/encoding.h"

namespace hotline::adapters::wecom {

using namespace std::chrono_literals;

TokenCache::TokenCache(HttpClient& http, std::string api_base, std::string corp_id, std::string secret,
                       const workflow::Clock& clock, std::chrono::milliseconds timeout)
    : http_(http), api_base_(std::move(api_base)), corp_id_(std::move(corp_id)), secret_(std::move(secret)),
      clock_(clock), timeout_(timeout) {}

TokenResult TokenCache::get() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (!token_.empty() && clock_.now() < refresh_at_) return TokenResult{token_, 0, {}, false};
        if (!fetching_) break;
        fetched_.wait(lock);
        // The fetch we waited for may have failed; then this caller tries once itself.
        if (!token_.empty() && clock_.now() < refresh_at_) return TokenResult{token_, 0, {}, false};
        if (!fetching_) break;
    }
    fetching_ = true;
    lock.unlock();
    TokenResult result = fetch();
    lock.lock();
    fetching_ = false;
    ++fetches_;
    if (!result.token.empty()) token_ = result.token;
    fetched_.notify_all();
    return result;
}

void TokenCache::invalidate(const std::string& token) {
    std::lock_guard lock(mutex_);
    if (token_ == token) token_.clear();
}

TokenResult TokenCache::fetch() {
    HttpRequest req;
    req.url = api_base_ + "/cgi-bin/gettoken?corpid=" + url_encode(corp_id_) + "&corpsecret=" + url_encode(secret_);
    req.timeout = timeout_;
    const auto res = http_.send(req);
    if (!res.ok()) return TokenResult{{}, 0, std::string("gettoken: ") + describe(res.error), true};
    if (res.status != 200) return TokenResult{{}, 0, "gettoken: HTTP " + std::to_string(res.status), true};
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return TokenResult{{}, 0, "gettoken: unreadable answer", true};
    const int errcode = body.value("errcode", 0);
    const std::string token = body.value("access_token", "");
    if (errcode != 0 || token.empty())
        return TokenResult{{}, errcode, "gettoken: " + body.value("errmsg", std::string("no token")), false};
    const auto expires_in = std::chrono::seconds(body.value("expires_in", 7200));
    // Refresh five minutes early (or halfway, for short lifetimes) so no send carries a dying token.
    const auto margin = std::min<std::chrono::seconds>(5min, expires_in / 2);
    {
        std::lock_guard lock(mutex_);
        refresh_at_ = clock_.now() + expires_in - margin;
    }
    spdlog::info("wecom: access token fetched, valid for {} s", expires_in.count());  // never the token itself
    return TokenResult{token, 0, {}, false};
}

}  // namespace hotline::adapters::wecom
