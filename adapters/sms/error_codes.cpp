#include "adapters/sms/error_codes.h"

#include <array>
#include <string>
#include <utility>

namespace hotline::adapters::sms {

namespace {

using namespace std::chrono_literals;
using K = SmsResultKind;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

SmsResult result(K kind, std::string_view code, std::string_view message, std::chrono::seconds after = 0s) {
    return SmsResult{kind, std::string(code), std::string(code) + ": " + std::string(message), after, {}};
}

struct Rule {
    std::string_view code;  // exact, or a prefix when it ends with '.'
    K kind;
    std::chrono::seconds retry_after;
};

template <std::size_t N>
SmsResult match(const std::array<Rule, N>& rules, std::string_view code, std::string_view message, K otherwise) {
    for (const auto& r : rules) {
        const bool prefix = r.code.back() == '.';
        if (prefix ? starts_with(code, r.code) : code == r.code) return result(r.kind, code, message, r.retry_after);
    }
    return result(otherwise, code, message);
}

// Exact codes first, then prefixes; the order matters.
constexpr std::array kTencent{
    // Per-number and account frequency limits: wait for the window the code names.
    Rule{"LimitExceeded.PhoneNumberThirtySecondLimit", K::retry, 30s},
    Rule{"LimitExceeded.PhoneNumberOneHourLimit", K::retry, 1h},
    Rule{"LimitExceeded.PhoneNumberDailyLimit", K::retry, 24h},
    Rule{"LimitExceeded.PhoneNumberSameContentDailyLimit", K::retry, 24h},
    Rule{"LimitExceeded.DeliveryFrequencyLimit", K::retry, 1h},
    Rule{"LimitExceeded.AppDailyLimit", K::retry, 24h},
    Rule{"LimitExceeded.AppCountryOrRegionDailyLimit", K::retry, 24h},
    Rule{"LimitExceeded.DailyLimit", K::retry, 24h},
    Rule{"RequestLimitExceeded", K::retry, 1s},
    Rule{"RequestLimitExceeded.", K::retry, 1s},
    // The number cannot receive.
    Rule{"FailedOperation.PhoneNumberInBlacklist", K::stop_number, 0s},
    Rule{"FailedOperation.PhoneNumberOnBlacklist", K::stop_number, 0s},
    Rule{"InvalidParameterValue.IncorrectPhoneNumber", K::stop_number, 0s},
    Rule{"UnsupportedOperation.UnsupportedRegion", K::stop_number, 0s},
    // Our side is misconfigured: alert, do not loop.
    Rule{"AuthFailure.", K::config_error, 0s},
    Rule{"FailedOperation.SignatureIncorrectOrUnapproved", K::config_error, 0s},
    Rule{"FailedOperation.TemplateIncorrectOrUnapproved", K::config_error, 0s},
    Rule{"FailedOperation.InsufficientBalanceInSmsPackage", K::config_error, 0s},
    Rule{"FailedOperation.MissingSignature", K::config_error, 0s},
    Rule{"FailedOperation.MissingTemplateToModify", K::config_error, 0s},
    Rule{"InvalidParameterValue.SdkAppIdNotExist", K::config_error, 0s},
    Rule{"InvalidParameterValue.TemplateParameterFormatError", K::config_error, 0s},
    Rule{"InvalidParameterValue.TemplateParameterLengthLimit", K::config_error, 0s},
    Rule{"InvalidParameterValue.ContentLengthLimit", K::config_error, 0s},
    Rule{"UnauthorizedOperation.", K::config_error, 0s},
    Rule{"IpNotInWhitelist", K::config_error, 0s},
    Rule{"FailedOperation.ContainSensitiveWord", K::config_error, 0s},
    // The provider broke inside: it may have sent.
    Rule{"InternalError.", K::uncertain, 0s},
    Rule{"InternalError", K::uncertain, 0s},
};

constexpr std::array kAliyun{
    Rule{"isv.DAY_LIMIT_CONTROL", K::retry, 24h},
    Rule{"isv.MONTH_LIMIT_CONTROL", K::config_error, 0s},
    Rule{"Throttling.", K::retry, 1s},
    Rule{"Throttling", K::retry, 1s},
    Rule{"isv.MOBILE_NUMBER_ILLEGAL", K::stop_number, 0s},
    Rule{"isv.BLACK_KEY_CONTROL_LIMIT", K::stop_number, 0s},
    Rule{"isv.SMS_SIGNATURE_ILLEGAL", K::config_error, 0s},
    Rule{"isv.SMS_SIGNATURE_SCENE_ILLEGAL", K::config_error, 0s},
    Rule{"isv.SIGN_STATE_ILLEGAL", K::config_error, 0s},
    Rule{"isv.SMS_SIGN_ILLEGAL", K::config_error, 0s},
    Rule{"isv.SMS_TEMPLATE_ILLEGAL", K::config_error, 0s},
    Rule{"isv.TEMPLATE_MISSING_PARAMETERS", K::config_error, 0s},
    Rule{"isv.TEMPLATE_PARAMS_ILLEGAL", K::config_error, 0s},
    Rule{"isv.INVALID_JSON_PARAM", K::config_error, 0s},
    Rule{"isv.AMOUNT_NOT_ENOUGH", K::config_error, 0s},
    Rule{"isv.OUT_OF_SERVICE", K::config_error, 0s},
    Rule{"isv.PRODUCT_UN_SUBSCRIPT", K::config_error, 0s},
    Rule{"isv.PRODUCT_UNSUBSCRIBE", K::config_error, 0s},
    Rule{"isv.ACCOUNT_NOT_EXISTS", K::config_error, 0s},
    Rule{"isv.ACCOUNT_ABNORMAL", K::config_error, 0s},
    Rule{"isv.DENY_IP_RANGE", K::config_error, 0s},
    Rule{"isp.RAM_PERMISSION_DENY", K::config_error, 0s},
    Rule{"SignatureDoesNotMatch", K::config_error, 0s},
    Rule{"InvalidAccessKeyId.", K::config_error, 0s},
    Rule{"InvalidTimeStamp.", K::config_error, 0s},
    Rule{"IncompleteSignature", K::config_error, 0s},
    Rule{"isp.SYSTEM_ERROR", K::uncertain, 0s},
    Rule{"isp.", K::uncertain, 0s},
    Rule{"InternalError", K::uncertain, 0s},
    Rule{"ServiceUnavailable", K::uncertain, 0s},
};

}  // namespace

const char* to_string(SmsResultKind k) {
    switch (k) {
        case K::accepted: return "accepted";
        case K::retry: return "retry";
        case K::uncertain: return "uncertain";
        case K::stop_number: return "stop_number";
        case K::rejected: return "rejected";
        case K::config_error: return "config_error";
    }
    return "?";
}

SmsResult classify_tencent(std::string_view code, std::string_view message) {
    if (code == "Ok") return SmsResult{K::accepted, "Ok", {}, 0s, {}};
    return match(kTencent, code, message, K::rejected);
}

SmsResult classify_aliyun(std::string_view code, std::string_view message) {
    if (code == "OK") return SmsResult{K::accepted, "OK", {}, 0s, {}};
    if (code == "isv.BUSINESS_LIMIT_CONTROL") {
        // 触发分钟级流控 / 小时级 / 天级: the message names the window.
        const std::string m(message);
        const auto after = m.find("天") != std::string::npos     ? std::chrono::seconds(24h)
                           : m.find("小时") != std::string::npos ? std::chrono::seconds(1h)
                           : m.find("分钟") != std::string::npos ? std::chrono::seconds(60s)
                                                                 : std::chrono::seconds(1h);
        return result(K::retry, code, message, after);
    }
    return match(kAliyun, code, message, K::rejected);
}

SmsResult classify_transport(const HttpResult& r) {
    const bool nothing_sent = r.error == TransportError::bad_url || r.error == TransportError::connect_failed ||
                              r.error == TransportError::tls_failed;
    if (r.error == TransportError::bad_url) return SmsResult{K::config_error, "transport", r.detail, 0s, {}};
    return SmsResult{nothing_sent ? K::retry : K::uncertain, "transport",
                     std::string(describe(r.error)) + ": " + r.detail, 0s, {}};
}

SmsResult classify_http_status(int status, std::string_view body_excerpt) {
    const std::string detail = "HTTP " + std::to_string(status) + ": " + std::string(body_excerpt.substr(0, 200));
    if (status == 429) return SmsResult{K::retry, "http_429", detail, 1s, {}};
    if (status == 401 || status == 403) return SmsResult{K::config_error, "http_" + std::to_string(status), detail, 0s, {}};
    // A 5xx or an unreadable answer: the provider may have accepted the message.
    return SmsResult{K::uncertain, "http_" + std::to_string(status), detail, 0s, {}};
}

}  // namespace hotline::adapters::sms
