#include "bot/sms/sms_channel.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace hotline::bot {

namespace {

using adapters::sms::SmsResultKind;
using workflow::SmsSendOutcome;

SmsSendOutcome outcome_of(SmsResultKind k) {
    switch (k) {
        case SmsResultKind::accepted: return SmsSendOutcome::accepted;
        case SmsResultKind::retry: return SmsSendOutcome::retry;
        case SmsResultKind::uncertain: return SmsSendOutcome::uncertain;
        case SmsResultKind::stop_number: return SmsSendOutcome::stop_number;
        case SmsResultKind::rejected: return SmsSendOutcome::rejected;
        case SmsResultKind::config_error: return SmsSendOutcome::config_error;
    }
    return SmsSendOutcome::rejected;
}

}  // namespace

SendResult SmsChannel::send(const workflow::OutboxMessage& m) {
    const auto now = clock_.now();
    const auto payload = nlohmann::json::parse(m.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("sms_id"))
        return SendResult{SendStatus::permanent, "malformed SMS outbox payload", {}, {}};
    const std::int64_t sms_id = payload.value("sms_id", std::int64_t{0});

    // The survey decides (and claims the SMS durably) before the request.
    workflow::SmsSendDecision decision;
    store_.transact([&](workflow::StoreTx& tx) { decision = survey_.decide_send_in(tx, sms_id, m.attempts == 0, now); });
    using Kind = workflow::SmsSendDecision::Kind;
    switch (decision.kind) {
        case Kind::wait: return SendResult{SendStatus::deferred, "outside the SMS daytime window", {}, decision.at};
        case Kind::already_sent: return SendResult{SendStatus::sent, {}, {}, {}};
        case Kind::survey_closed:
            return SendResult{SendStatus::permanent, "not sent: the survey was closed before it went out", {}, {}};
        case Kind::not_resent:
            return SendResult{SendStatus::permanent,
                              "not re-sent: an earlier attempt may have been accepted (status " + decision.previous + ")",
                              {},
                              {}};
        case Kind::send: break;
    }

    const auto phone = cipher_.decrypt(payload.value("phone_enc", ""));
    if (!phone) {
        store_.transact([&](workflow::StoreTx& tx) {
            survey_.on_send_result_in(tx, sms_id, SmsSendOutcome::rejected, "", "stored number cannot be decrypted");
        });
        return SendResult{SendStatus::permanent, "the stored number cannot be decrypted (privacy key changed?)", {}, {}};
    }
    adapters::sms::SmsRequest req;
    req.phone = adapters::phone_digits(*phone);
    req.template_key = payload.value("template", "");
    req.params = payload.value("params", std::vector<std::string>{});
    req.reference = std::to_string(sms_id);
    const auto result = provider_.send(req);

    store_.transact([&](workflow::StoreTx& tx) {
        survey_.on_send_result_in(tx, sms_id, outcome_of(result.kind), result.provider_id, result.detail);
    });
    metrics_.inc("hotline_sms_sends_total",
                 fmt::format("provider=\"{}\",result=\"{}\"", provider_.name(), adapters::sms::to_string(result.kind)));
    spdlog::info("sms: {} sms_id={} to={} template={} result={} {}", provider_.name(), sms_id,
                 adapters::mask_phone(req.phone), req.template_key, adapters::sms::to_string(result.kind), result.detail);
    switch (result.kind) {
        case SmsResultKind::accepted: return SendResult{SendStatus::sent, {}, {}, {}};
        case SmsResultKind::retry:
            return SendResult{result.retry_after.count() > 0 ? SendStatus::rate_limited : SendStatus::retry, result.detail,
                              result.retry_after, {}};
        case SmsResultKind::uncertain:
            return SendResult{SendStatus::permanent, "not re-sent, may have been accepted: " + result.detail, {}, {}};
        case SmsResultKind::stop_number:
        case SmsResultKind::rejected: return SendResult{SendStatus::permanent, result.detail, {}, {}};
        case SmsResultKind::config_error: return SendResult{SendStatus::config_error, result.detail, {}, {}};
    }
    return SendResult{SendStatus::permanent, result.detail, {}, {}};
}

}  // namespace hotline::bot
