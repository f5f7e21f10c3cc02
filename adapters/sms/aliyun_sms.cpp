#include "adapters/sms/aliyun_sms.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include <chrono>
#include <map>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "adapters/sms/error_codes.h"
#include "adapters/sms/signing.h"

namespace hotline::adapters::sms {

namespace {

std::string iso_utc(std::int64_t unix_seconds) {
    return workflow::format_utc(workflow::from_unix(unix_seconds));  // 2026-10-13T02:00:00Z
}

std::string random_nonce() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    return hex_lower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string query_string(const std::map<std::string, std::string>& params) {
    std::string out;
    for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
    return out;
}

}  // namespace

std::string AliyunSms::template_param_json(const std::vector<std::string>& params) {
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < params.size(); ++i) j["p" + std::to_string(i + 1)] = params[i];
    return j.dump();
}

HttpRequest AliyunSms::build(const SmsRequest& r, std::int64_t timestamp, const std::string& nonce) const {
    const auto tmpl = config_.templates.find(r.template_key);
    std::map<std::string, std::string> params{{"PhoneNumbers", r.phone},
                                              {"SignName", config_.sign_name},
                                              {"TemplateCode", tmpl == config_.templates.end() ? "" : tmpl->second},
                                              {"TemplateParam", template_param_json(r.params)},
                                              {"OutId", r.reference}};
    return signed_request("SendSms", std::move(params), timestamp, nonce);
}

HttpRequest AliyunSms::signed_request(const std::string& action, std::map<std::string, std::string> params,
                                      std::int64_t timestamp, const std::string& nonce) const {
    HttpRequest req;
    req.method = "POST";
    req.timeout = config_.timeout;
    const auto url = parse_url(config_.endpoint + "/");
    const std::string host = url ? url->host : "";
    if (config_.signature_version == "v1") {
        params.insert({{"AccessKeyId", config_.access_key_id},
                       {"Action", action},
                       {"Format", "JSON"},
                       {"RegionId", "cn-hangzhou"},
                       {"SignatureMethod", "HMAC-SHA1"},
                       {"SignatureNonce", nonce},
                       {"SignatureVersion", "1.0"},
                       {"Timestamp", iso_utc(timestamp)},
                       {"Version", "2017-05-25"}});
        params["Signature"] = rpc_v1_signature("POST", params, config_.access_key_secret);
        req.url = config_.endpoint + "/";
        req.body = query_string(params);
        req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
        return req;
    }
    Acs3Request sign;
    sign.method = "POST";
    sign.path = "/";
    sign.query = params;
    sign.body = "";
    sign.signed_headers = {{"host", host},
                           {"x-acs-action", action},
                           {"x-acs-content-sha256", hex_lower(sha256(""))},
                           {"x-acs-date", iso_utc(timestamp)},
                           {"x-acs-signature-nonce", nonce},
                           {"x-acs-version", "2017-05-25"}};
    sign.access_key_id = config_.access_key_id;
    sign.secret = config_.access_key_secret;
    req.url = config_.endpoint + "/?" + query_string(params);
    for (const auto& [k, v] : sign.signed_headers)
        if (k != "host") req.headers[k] = v;
    req.headers["Authorization"] = acs3_authorization(sign);
    return req;
}

SmsResult AliyunSms::read_answer(int status, const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("Code") || !j["Code"].is_string()) return classify_http_status(status, body);
    auto result = classify_aliyun(j["Code"].get<std::string>(), j.value("Message", ""));
    result.provider_id = j.value("BizId", "");
    return result;
}

SmsResult AliyunSms::send(const SmsRequest& r) {
    if (!config_.templates.count(r.template_key))
        return SmsResult{SmsResultKind::config_error, "template", "no Alibaba template code configured for " + r.template_key,
                         {}, {}};
    const auto res = http_.send(build(r, workflow::to_unix(clock_.now()), random_nonce()));
    if (!res.ok()) return classify_transport(res);
    return read_answer(res.status, res.body);
}

SignatureStatus AliyunSms::signature_status() {
    using State = SignatureStatus::State;
    const auto res = http_.send(
        signed_request("QuerySmsSign", {{"SignName", config_.sign_name}}, workflow::to_unix(clock_.now()), random_nonce()));
    if (!res.ok()) return {State::unknown, std::string(describe(res.error)) + " " + res.detail};
    const auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (!j.is_object() || !j.contains("Code")) return {State::unknown, "HTTP " + std::to_string(res.status)};
    const std::string code = j.value("Code", "");
    if (code == "isv.SMS_SIGN_ILLEGAL" || code == "isv.SIGN_NAME_ILLEGAL")
        return {State::rejected, "【" + config_.sign_name + "】 is not a signature of this account (" + code + ")"};
    if (code != "OK") return {State::unknown, code + ": " + j.value("Message", "")};
    const std::string reason = j.value("Reason", "");
    switch (j.value("SignStatus", -1)) {
        case 1: return {State::approved, "【" + config_.sign_name + "】 SignStatus 1"};
        case 0: return {State::pending, "【" + config_.sign_name + "】 is in review (SignStatus 0)"};
        default: return {State::rejected, "【" + config_.sign_name + "】 was refused (SignStatus 2): " + reason};
    }
}

}  // namespace hotline::adapters::sms
