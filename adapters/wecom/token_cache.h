#pragma once
// One access_token shared by every sender. Fetched once (single flight: concurrent callers wait
// for the same fetch), refreshed ahead of expiry, and refetched once when WeCom says it is
// invalid or expired (40014, 42001).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "adapters/http/http_client.h"
#include "workflow/procedure/clock.h"

namespace hotline::adapters::wecom {

struct TokenResult {
    std::string token;       // empty on failure
    int errcode = 0;         // WeCom's code when it refused
    std::string error;       // transport or WeCom message, for logs
    bool transport_failed = false;
};

class TokenCache {
public:
    TokenCache(HttpClient& http, std::string api_base, std::string corp_id, std::string secret,
               const workflow::Clock& clock, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    TokenResult get();
    // Forgets `token` if it is still the cached one (another caller may have refreshed already).
    void invalidate(const std::string& token);
    std::uint64_t fetches() const { return fetches_; }

private:
    TokenResult fetch();

    HttpClient& http_;
    std::string api_base_, corp_id_, secret_;
    const workflow::Clock& clock_;
    std::chrono::milliseconds timeout_;
    std::mutex mutex_;
    std::condition_variable fetched_;
    bool fetching_ = false;
    std::string token_;
    workflow::Instant refresh_at_{};
    std::uint64_t fetches_ = 0;
};

}  // namespace hotline::adapters::wecom
