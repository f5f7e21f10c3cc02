#pragma once
// The outbox's "sms" channel: survey SMS to citizens through the configured provider. Only in
// daytime; the number is decrypted here, for the provider request, and nowhere else. Before each
// request the message is durably marked "sending", so after a crash an SMS that may have gone out
// is reported as uncertain instead of being sent twice.
#include "adapters/crypto/citizen_data.h"
#include "adapters/sms/sms_provider.h"
#include "bot/channels/channel.h"
#include "bot/metrics.h"
#include "workflow/survey/survey.h"

namespace hotline::bot {

class SmsChannel final : public Channel {
public:
    std::string_view name() const override { return "sms"; }
    SmsChannel(adapters::sms::SmsProvider& provider, const adapters::CitizenDataCipher& cipher, workflow::Store& store,
               workflow::SurveyEngine& survey, const workflow::Clock& clock, Metrics& metrics)
        : provider_(provider), cipher_(cipher), store_(store), survey_(survey), clock_(clock), metrics_(metrics) {}

    SendResult send(const workflow::OutboxMessage& m) override;

private:
    adapters::sms::SmsProvider& provider_;
    const adapters::CitizenDataCipher& cipher_;
    workflow::Store& store_;
    workflow::SurveyEngine& survey_;
    const workflow::Clock& clock_;
    Metrics& metrics_;
};

}  // namespace hotline::bot
