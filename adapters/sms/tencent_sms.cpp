#include "adapters/sms/tencent_sms.h"

#include <nlohmann/json.hpp>

#include "adapters/sms/error_codes.h"
#include "adapters/sms/signing.h"

namespace hotline::adapters::sms {

HttpRequest TencentSms::build(const SmsRequest& r, std::int64_t timestamp) const {
    const auto tmpl = config_.templates.find(r.template_key);
    nlohmann::json body{{"PhoneNumberSet", {"+86" + r.phone}},
                        {"SmsSdkAppId", config_.sdk_app_id},
                        {"SignName", config_.sign_name},
                        {"TemplateId", tmpl == config_.templates.end() ? "" : tmpl->second},
                        {"TemplateParamSet", r.params},
                        {"SessionContext", r.reference}};
    return signed_request("SendSms", body.dump(), timestamp);
}

HttpRequest TencentSms::signed_request(const std::string& action, const std::string& body, std::int64_t timestamp) const {
    HttpRequest req;
    req.method = "POST";
    req.timeout = config_.timeout;
    req.url = config_.endpoint + "/";
    req.body = body;
    const auto url = parse_url(req.url);
    Tc3Request sign;
    sign.host = url ? url->host : "";
    sign.service = "sms";
    sign.body = req.body;
    sign.timestamp = timestamp;
    sign.secret_id = config_.secret_id;
    sign.secret_key = config_.secret_key;
    req.headers = {{"Content-Type", sign.content_type},
                   {"X-TC-Action", action},
                   {"X-TC-Version", "2021-01-11"},
                   {"X-TC-Region", config_.region},
                   {"X-TC-Timestamp", std::to_string(timestamp)},
                   {"Authorization", tc3_authorization(sign)}};
    return req;
}

SmsResult TencentSms::read_answer(int status, const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("Response") || !j["Response"].is_object())
        return classify_http_status(status, body);
    const auto& resp = j["Response"];
    if (resp.contains("Error") && resp["Error"].is_object())
        return classify_tencent(resp["Error"].value("Code", ""), resp["Error"].value("Message", ""));
    if (!resp.contains("SendStatusSet") || !resp["SendStatusSet"].is_array() || resp["SendStatusSet"].empty())
        return classify_http_status(status, body);
    const auto& one = resp["SendStatusSet"][0];  // one number per request
    auto result = classify_tencent(one.value("Code", ""), one.value("Message", ""));
    result.provider_id = one.value("SerialNo", "");
    return result;
}

SmsResult TencentSms::send(const SmsRequest& r) {
    if (!config_.templates.count(r.template_key))
        return SmsResult{SmsResultKind::config_error, "template", "no Tencent template id configured for " + r.template_key,
                         {}, {}};
    const auto res = http_.send(build(r, workflow::to_unix(clock_.now())));
    if (!res.ok()) return classify_transport(res);
    return read_answer(res.status, res.body);
}

SignatureStatus TencentSms::signature_status() {
    using State = SignatureStatus::State;
    if (config_.sign_id.empty())
        return {State::unknown, "[sms.tencent] sign_id is not set (签名ID, 短信控制台 > 国内短信 > 签名管理)"};
    std::int64_t id = 0;
    try {
        id = std::stoll(config_.sign_id);
    } catch (const std::exception&) {
        return {State::unknown, "[sms.tencent] sign_id must be the numeric 签名ID"};
    }
    const nlohmann::json body{{"SignIdSet", {id}}, {"International", 0}};
    const auto res = http_.send(signed_request("DescribeSmsSignList", body.dump(), workflow::to_unix(clock_.now())));
    if (!res.ok()) return {State::unknown, std::string(describe(res.error)) + " " + res.detail};
    const auto j = nlohmann::json::parse(res.body, nullptr, false);
    const auto& resp = j.is_object() && j.contains("Response") ? j["Response"] : nlohmann::json{};
    if (resp.contains("Error"))
        return {State::unknown, resp["Error"].value("Code", "") + ": " + resp["Error"].value("Message", "")};
    if (!resp.contains("DescribeSignListStatusSet") || !resp["DescribeSignListStatusSet"].is_array() ||
        resp["DescribeSignListStatusSet"].empty())
        return {State::unknown, "signature " + config_.sign_id + " not found"};
    const auto& sign = resp["DescribeSignListStatusSet"][0];
    const std::string name = sign.value("SignName", "");
    const std::string reply = sign.value("ReviewReply", "");
    if (!name.empty() && name != config_.sign_name)
        return {State::rejected, "signature " + config_.sign_id + " is 【" + name + "】, not 【" + config_.sign_name + "】"};
    switch (sign.value("StatusCode", -1)) {
        case 0: return {State::approved, "【" + name + "】 StatusCode 0"};
        case 1: return {State::pending, "【" + name + "】 is in review (StatusCode 1)"};
        case 2: return {State::pending, "【" + name + "】 is approved but not yet in effect (StatusCode 2)"};
        default: return {State::rejected, "【" + name + "】 is not usable (StatusCode -1): " + reply};
    }
}

}  // namespace hotline::adapters::sms
