#include "bot/sms/sms_provider_factory.h"

#include "adapters/sms/aliyun_sms.h"
#include "adapters/sms/console_sms.h"
#include "adapters/sms/tencent_sms.h"

namespace hotline::bot {

std::unique_ptr<adapters::sms::SmsProvider> make_sms_provider(const SmsConfig& c, const workflow::Clock& clock,
                                                               adapters::HttpClient& http) {
    if (c.provider == "tencent")
        return std::make_unique<adapters::sms::TencentSms>(
            http, clock,
            adapters::sms::TencentSmsConfig{c.tencent_endpoint, c.tencent_region, c.tencent_secret_id,
                                            c.tencent_secret_key, c.tencent_sdk_app_id, c.survey.signature, c.templates,
                                            std::chrono::seconds(10), c.tencent_sign_id});
    if (c.provider == "aliyun")
        return std::make_unique<adapters::sms::AliyunSms>(
            http, clock,
            adapters::sms::AliyunSmsConfig{c.aliyun_endpoint, c.aliyun_access_key_id, c.aliyun_access_key_secret,
                                           c.survey.signature, c.aliyun_signature_version, c.templates});
    return std::make_unique<adapters::sms::ConsoleSms>();
}

}  // namespace hotline::bot
