#pragma once
// Alibaba Cloud SMS (dysmsapi 2017-05-25) SendSms, signed with ACS3-HMAC-SHA256, or with the older
// RPC v1 HMAC-SHA1 when configured (signature_version = "v1").
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "adapters/http/http_client.h"
#include "adapters/sms/sms_provider.h"
#include "workflow/procedure/clock.h"

namespace hotline::adapters::sms {

struct AliyunSmsConfig {
    std::string endpoint = "https://dysmsapi.aliyuncs.com";
    std::string access_key_id;
    std::string access_key_secret;
    std::string sign_name;
    std::string signature_version = "acs3";  // acs3 | v1
    TemplateIds templates;
    std::chrono::milliseconds timeout{10000};
};

class AliyunSms final : public SmsProvider {
public:
    AliyunSms(HttpClient& http, const workflow::Clock& clock, AliyunSmsConfig config)
        : http_(http), clock_(clock), config_(std::move(config)) {}

    std::string name() const override { return "aliyun"; }
    SmsResult send(const SmsRequest& r) override;
    // QuerySmsSign for the configured signature: SignStatus 0 in review, 1 approved, 2 refused.
    SignatureStatus signature_status() override;
    // Any dysmsapi action with its parameters, signed for `timestamp` with the configured version.
    HttpRequest signed_request(const std::string& action, std::map<std::string, std::string> params,
                               std::int64_t timestamp, const std::string& nonce) const;
    // The signed request at `timestamp` with `nonce` (public for the peer test against the SDK).
    HttpRequest build(const SmsRequest& r, std::int64_t timestamp, const std::string& nonce) const;
    static SmsResult read_answer(int status, const std::string& body);
    // Alibaba's template variables are named: {1} of our texts is ${p1}.
    static std::string template_param_json(const std::vector<std::string>& params);

private:
    HttpClient& http_;
    const workflow::Clock& clock_;
    AliyunSmsConfig config_;
};

}  // namespace hotline::adapters::sms
