#include "adapters/wecom/api_client.h"

#include <spdlog/spdlog.h>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::adapters::wecom {

using namespace std::chrono_literals;

const char* describe(Outcome o) {
    switch (o) {
        case Outcome::ok: return "ok";
        case Outcome::retry: return "retry";
        case Outcome::rate_limited: return "rate_limited";
        case Outcome::permanent: return "permanent";
        case Outcome::config_error: return "config_error";
    }
    return "?";
}

Outcome classify_errcode(int errcode) {
    switch (errcode) {
        case 0: return Outcome::ok;
        case -1:      // system busy
        case 40014:   // invalid access_token (after the one refetch)
        case 42001:   // access_token expired (after the one refetch)
            return Outcome::retry;
        case 45009:   // API call frequency over the limit
        case 45033:   // too many concurrent calls
            return Outcome::rate_limited;
        case 40001:   // invalid secret
        case 40013:   // invalid corpid
        case 40056:   // invalid agentid
        case 48002:   // API forbidden for this app
        case 60020:   // server IP not in the app's trusted IPs
        case 301002:  // no permission
        case 93000:   // invalid group robot webhook key
            return Outcome::config_error;
        case 40007:   // invalid media_id (unknown, or past its 3 days)
        case 40003:   // invalid userid
        case 40008:   // invalid message type
        case 44004:   // empty text
        case 45002:   // content too long
        case 60011:   // recipient outside the app's visible range
        case 81013:   // no valid recipient
        case 82001:   // all recipients invalid
        case 40058:   // invalid parameter
        case 40063:   // empty parameter
            return Outcome::permanent;
        default:
            return Outcome::retry;  // unknown: retried with backoff, dead-lettered after the attempt cap
    }
}

ApiResult WecomApi::post(const std::string& url, const nlohmann::json& body) {
    return post_raw(url, "application/json; charset=utf-8", body.dump());
}

ApiResult WecomApi::post_raw(const std::string& url, const std::string& content_type, std::string body) {
    HttpRequest req;
    req.method = "POST";
    req.url = url;
    req.headers["Content-Type"] = content_type;
    req.body = std::move(body);
    return exchange(std::move(req));
}

ApiResult WecomApi::exchange(HttpRequest req) {
    req.timeout = config_.timeout;
    const auto res = http_.send(req);
    ApiResult r;
    if (!res.ok()) {
        r.outcome = res.error == TransportError::bad_url ? Outcome::config_error : Outcome::retry;
        r.maybe_delivered = res.error == TransportError::timeout || res.error == TransportError::io_error;
        r.errmsg = std::string(describe(res.error)) + (res.detail.empty() ? "" : ": " + res.detail);
        return r;
    }
    if (res.status >= 500 || res.status == 429) {
        r.outcome = Outcome::retry;
        r.maybe_delivered = res.status >= 500;
        r.errmsg = "HTTP " + std::to_string(res.status);
        return r;
    }
    r.body = nlohmann::json::parse(res.body, nullptr, false);
    if (res.status != 200 || r.body.is_discarded() || !r.body.is_object()) {
        r.outcome = Outcome::retry;
        r.maybe_delivered = true;
        r.errmsg = "HTTP " + std::to_string(res.status) + ", unreadable answer";
        return r;
    }
    r.errcode = r.body.value("errcode", 0);
    r.errmsg = r.body.value("errmsg", std::string{});
    r.outcome = classify_errcode(r.errcode);
    if (r.outcome == Outcome::rate_limited) r.retry_after = 60s;  // the minute window; the notifier aligns it
    return r;
}

ApiResult WecomApi::get_user_info(const std::string& code) {
    auto r = with_token([&](const std::string& token) {
        HttpRequest req;
        req.url = config_.api_base + "/cgi-bin/auth/getuserinfo?access_token=" + url_encode(token) +
                  "&code=" + url_encode(code);
        return exchange(std::move(req));
    });
    // A code is single-use: asking again could not give another answer.
    if (r.outcome == Outcome::retry && r.errcode != 0) r.outcome = Outcome::permanent;
    return r;
}

ApiResult WecomApi::call(const std::string& path, const nlohmann::json& body) {
    return with_token([&](const std::string& token) {
        return post(config_.api_base + path + "?access_token=" + url_encode(token), body);
    });
}

ApiResult WecomApi::with_token(const std::function<ApiResult(const std::string& token)>& request) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto token = tokens_.get();
        if (token.token.empty()) {
            ApiResult r;
            r.errcode = token.errcode;
            r.errmsg = token.error;
            r.outcome = token.transport_failed ? Outcome::retry : classify_errcode(token.errcode);
            if (r.outcome == Outcome::ok || r.outcome == Outcome::permanent) r.outcome = Outcome::config_error;
            return r;
        }
        auto r = request(token.token);
        if ((r.errcode == 40014 || r.errcode == 42001) && attempt == 0) {
            tokens_.invalidate(token.token);  // refetch once, then give the answer as it is
            continue;
        }
        return r;
    }
    return {};
}

ApiResult WecomApi::send_message(nlohmann::json message, bool duplicate_check) {
    message["agentid"] = std::stoll(config_.agent_id);
    message["enable_duplicate_check"] = duplicate_check ? 1 : 0;
    if (duplicate_check) message["duplicate_check_interval"] = config_.duplicate_check_interval;
    auto r = call("/cgi-bin/message/send", message);
    // A 0 answer may still name recipients it could not reach.
    if (r.outcome == Outcome::ok && !r.body.value("invaliduser", std::string{}).empty()) {
        r.outcome = Outcome::permanent;
        r.errmsg = "invalid user";
    }
    return r;
}

ApiResult WecomApi::update_template_card(nlohmann::json update) {
    update["agentid"] = std::stoll(config_.agent_id);
    return call("/cgi-bin/message/update_template_card", update);
}

ApiResult WecomApi::appchat_create(const nlohmann::json& chat) { return call("/cgi-bin/appchat/create", chat); }

ApiResult WecomApi::appchat_send(nlohmann::json message) { return call("/cgi-bin/appchat/send", message); }

ApiResult WecomApi::upload_image(const std::string& filename, const std::string& bytes) {
    return upload_media("image", filename, "image/png", bytes);
}

ApiResult WecomApi::upload_media(const std::string& type, const std::string& filename, const std::string& content_type,
                                 const std::string& bytes) {
    // multipart/form-data with one part named "media", as media/upload expects.
    const std::string boundary = "hotline-bot-" + hex_lower(sha256(bytes)).substr(0, 24);
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"" + filename +
                       "\"\r\nContent-Type: " + content_type + "\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
    auto r = with_token([&](const std::string& token) {
        return post_raw(config_.api_base + "/cgi-bin/media/upload?access_token=" + url_encode(token) +
                            "&type=" + url_encode(type),
                        "multipart/form-data; boundary=" + boundary, body);
    });
    if (r.outcome == Outcome::ok && r.body.value("media_id", std::string{}).empty()) {
        r.outcome = Outcome::retry;
        r.errmsg = "media/upload answered without a media_id";
    }
    return r;
}

MediaDownload WecomApi::get_media(const std::string& media_id) {
    MediaDownload out;
    out.result = with_token([&](const std::string& token) {
        HttpRequest req;
        req.url = config_.api_base + "/cgi-bin/media/get?access_token=" + url_encode(token) +
                  "&media_id=" + url_encode(media_id);
        req.timeout = config_.timeout * 6;  // a 20 MiB video takes longer than a JSON answer
        req.max_response_bytes = kMaxMediaBytes + 1;  // one byte more: "too large" is then told apart
        const auto res = http_.send(req);
        ApiResult r;
        if (!res.ok()) {
            r.outcome = res.error == TransportError::bad_url ? Outcome::config_error : Outcome::retry;
            r.errmsg = std::string(describe(res.error)) + (res.detail.empty() ? "" : ": " + res.detail);
            return r;
        }
        if (res.status != 200) {
            r.outcome = Outcome::retry;
            r.errmsg = "HTTP " + std::to_string(res.status);
            return r;
        }
        // The file itself, or a JSON error: a media never starts with '{'.
        if (!res.body.empty() && res.body.front() == '{') {
            const auto j = nlohmann::json::parse(res.body, nullptr, false);
            if (j.is_object() && j.contains("errcode")) {
                r.errcode = j.value("errcode", 0);
                r.errmsg = j.value("errmsg", std::string{});
                r.outcome = r.errcode == 0 ? Outcome::retry : classify_errcode(r.errcode);
                return r;
            }
        }
        out.bytes = res.body;
        return r;
    });
    if (out.result.outcome != Outcome::ok) out.bytes.clear();
    return out;
}

ApiResult WecomApi::webhook_send(const std::string& key, const nlohmann::json& message) {
    return post(config_.api_base + "/cgi-bin/webhook/send?key=" + url_encode(key), message);
}

}  // namespace hotline::adapters::wecom
