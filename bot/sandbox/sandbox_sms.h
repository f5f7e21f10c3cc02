#pragma once
// The sandbox's SMS provider: keeps each survey SMS as the citizen would read it (the number
// masked) for the trainer's page, and sends nothing. The citizen's answers are typed on the page.
#include <mutex>
#include <string>
#include <vector>

#include "adapters/sms/sms_provider.h"
#include "workflow/procedure/clock.h"

namespace hotline::bot::sandbox {

struct SentSms {
    workflow::Instant at{};
    std::string to;    // masked: 138****1234
    std::string text;  // 【signature】 and the template with its parameters
};

class SandboxSms final : public adapters::sms::SmsProvider {
public:
    SandboxSms(const workflow::Clock& clock, std::string signature) : clock_(clock), signature_(std::move(signature)) {}
    std::string name() const override { return "sandbox"; }
    adapters::sms::SmsResult send(const adapters::sms::SmsRequest& r) override;
    adapters::sms::SignatureStatus signature_status() override {
        return {adapters::sms::SignatureStatus::State::approved, "sandbox: nothing is sent"};
    }
    std::vector<SentSms> sent() const;  // newest first

private:
    const workflow::Clock& clock_;
    std::string signature_;
    mutable std::mutex mutex_;
    std::vector<SentSms> sent_;
};

}  // namespace hotline::bot::sandbox
