#pragma once
// Tencent Cloud SMS API 3.0, SendSms (2021-01-11), signed with TC3-HMAC-SHA256. Every number's
// SendStatusSet code is checked, not just the HTTP status.
#include <chrono>
#include <cstdint>
#include <string>

#include "adapters/http/http_client.h"
#include "adapters/sms/sms_provider.h"
#include "workflow/procedure/clock.h"

namespace hotline::adapters::sms {

struct TencentSmsConfig {
    std::string endpoint = "https://sms.tencentcloudapi.com";
    std::string region = "ap-guangzhou";
    std::string secret_id;
    std::string secret_key;
    std::string sdk_app_id;
    std::string sign_name;
    TemplateIds templates;
    std::chrono::milliseconds timeout{10000};
    std::string sign_id{};  // 签名ID, for the signature check only
};

class TencentSms final : public SmsProvider {
public:
    TencentSms(HttpClient& http, const workflow::Clock& clock, TencentSmsConfig config)
        : http_(http), clock_(clock), config_(std::move(config)) {}

    std::string name() const override { return "tencent"; }
    SmsResult send(const SmsRequest& r) override;
    // DescribeSmsSignList for the configured sign_id: StatusCode 0 usable, 1 in review, 2 approved
    // and not yet in effect, -1 refused.
    SignatureStatus signature_status() override;
    // The signed request for a send at `timestamp` (public for the peer test against the SDK).
    HttpRequest build(const SmsRequest& r, std::int64_t timestamp) const;
    // Any action of the SMS API 3.0 with its JSON body, signed for `timestamp`.
    HttpRequest signed_request(const std::string& action, const std::string& body, std::int64_t timestamp) const;
    // Reads SendSms's answer.
    static SmsResult read_answer(int status, const std::string& body);

private:
    HttpClient& http_;
    const workflow::Clock& clock_;
    TencentSmsConfig config_;
};

}  // namespace hotline::adapters::sms
