#pragma once
// The default provider: logs that an SMS would be sent (number masked, no text) and accepts it.
// Nothing leaves the machine; the message itself stays in the store like any other.
#include <atomic>

#include "adapters/sms/sms_provider.h"

namespace hotline::adapters::sms {

class ConsoleSms final : public SmsProvider {
public:
    std::string name() const override { return "console"; }
    SmsResult send(const SmsRequest& r) override;
    SignatureStatus signature_status() override {
        return {SignatureStatus::State::approved, "console provider: nothing is sent, no signature needed"};
    }

private:
    std::atomic<long long> sent_{0};
};

}  // namespace hotline::adapters::sms
