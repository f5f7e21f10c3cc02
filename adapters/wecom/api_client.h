#pragma once
// The WeCom server API calls the bot makes, each answered with what the caller should do next:
// done, retry later (busy, rate limit, transport), give up on this message, or stop: the
// configuration is wrong (secret, trusted IP) and retrying would only hammer the API.
#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters/http/http_client.h"
#include "adapters/wecom/token_cache.h"

namespace hotline::adapters::wecom {

enum class Outcome { ok, retry, rate_limited, permanent, config_error };
const char* describe(Outcome o);

struct ApiResult {
    Outcome outcome = Outcome::ok;
    int errcode = 0;
    std::string errmsg;                      // for logs and the dead letter's reason
    std::chrono::seconds retry_after{0};     // rate_limited: how long the code's window lasts
    nlohmann::json body;
    // The request reached WeCom but its answer did not reach us (timeout after writing, a reset,
    // a 5xx): WeCom may have acted on it.
    bool maybe_delivered = false;
};

// The largest media get_media reads; [attachments] max_bytes may not exceed it.
inline constexpr std::size_t kMaxMediaBytes = 64 * 1024 * 1024;

struct MediaDownload {
    ApiResult result;
    std::string bytes;  // when result.outcome is ok
};

// What WeCom's errcode means for a message (documented global error codes).
Outcome classify_errcode(int errcode);

struct ApiConfig {
    std::string api_base;  // https://qyapi.weixin.qq.com, or a loopback fake
    std::string agent_id;
    int duplicate_check_interval = 1800;  // seconds; WeCom allows up to 4 h
    std::chrono::milliseconds timeout{10000};
};

class WecomApi {
public:
    WecomApi(HttpClient& http, TokenCache& tokens, ApiConfig config)
        : http_(http), tokens_(tokens), config_(std::move(config)) {}

    // message/send: text, markdown, textcard, template_card. Adds agentid and, unless told not
    // to, WeCom's duplicate check, so a message re-sent after a crash is not shown twice.
    ApiResult send_message(nlohmann::json message, bool duplicate_check = true);
    ApiResult update_template_card(nlohmann::json update);
    ApiResult appchat_create(const nlohmann::json& chat);
    ApiResult appchat_send(nlohmann::json message);
    // media/upload of a PNG (kept 3 days by WeCom); the answer's body carries media_id.
    ApiResult upload_image(const std::string& filename, const std::string& bytes);
    // media/upload of any temporary media: type image | video | file.
    ApiResult upload_media(const std::string& type, const std::string& filename, const std::string& content_type,
                           const std::string& bytes);
    // media/get: the bytes of a temporary media a person sent (valid 3 days), or WeCom's error.
    MediaDownload get_media(const std::string& media_id);
    // auth/getuserinfo: who signed in with an OAuth or QR-login code (single-use, valid 5 minutes).
    // The body's `userid` names a member; a non-member gets only an `openid`.
    ApiResult get_user_info(const std::string& code);
    // The group robot: its key is the credential, so it is never logged.
    ApiResult webhook_send(const std::string& key, const nlohmann::json& message);

private:
    ApiResult call(const std::string& path, const nlohmann::json& body);
    ApiResult post(const std::string& url, const nlohmann::json& body);
    ApiResult post_raw(const std::string& url, const std::string& content_type, std::string body);
    // Sends and reads WeCom's JSON answer: transport failures, HTTP status and errcode classified.
    ApiResult exchange(HttpRequest req);
    // Runs a request with the current token, refetching it once when WeCom says it expired.
    ApiResult with_token(const std::function<ApiResult(const std::string& token)>& request);

    HttpClient& http_;
    TokenCache& tokens_;
    ApiConfig config_;
};

}  // namespace hotline::adapters::wecom
