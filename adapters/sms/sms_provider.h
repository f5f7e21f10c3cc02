#pragma once
// Sending one SMS through a provider, behind one interface: Tencent Cloud, Alibaba Cloud, or the
// console (nothing leaves the machine). The provider's answer is reduced to what the caller must
// do next; a send that may have been accepted is reported as uncertain and never retried blindly.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace hotline::adapters::sms {

struct SmsRequest {
    std::string phone;         // mainland digits, e.g. 13812345678 (the only place it is in clear)
    std::string template_key;  // ask | follow_up_satisfaction | ... mapped to the provider's template id
    std::vector<std::string> params;
    std::string reference;  // our message id, echoed by the provider (SessionContext / OutId)
};

enum class SmsResultKind {
    accepted,
    retry,         // not accepted, nothing sent: try again (after retry_after when the code names a window)
    uncertain,     // the request may have been accepted (timeout after sending, 5xx, internal error)
    stop_number,   // this number cannot receive: blacklisted, unsubscribed, invalid
    rejected,      // this message was refused for another reason; do not resend it
    config_error,  // signature name, template, key, balance: an administrator must act
};
const char* to_string(SmsResultKind k);

struct SmsResult {
    SmsResultKind kind = SmsResultKind::accepted;
    std::string code;         // the provider's code, e.g. LimitExceeded.PhoneNumberDailyLimit
    std::string detail;       // for logs and staff: the code and the provider's message, never the number
    std::chrono::seconds retry_after{0};
    std::string provider_id;  // Tencent SerialNo / Alibaba BizId
};

// Whether the provider lets the configured signature (短信签名) send, for `doctor`: a read-only call.
struct SignatureStatus {
    enum class State { approved, pending, rejected, unknown };
    State state = State::unknown;
    std::string detail;  // the provider's code and words, or what kept us from asking
};

class SmsProvider {
public:
    virtual ~SmsProvider() = default;
    virtual std::string name() const = 0;
    virtual SmsResult send(const SmsRequest& r) = 0;
    virtual SignatureStatus signature_status() = 0;
};

// Template ids by template key, from the [sms.templates] config table.
using TemplateIds = std::map<std::string, std::string>;

}  // namespace hotline::adapters::sms
