#include "bot/channels/wecom_channel.h"

#include "adapters/wecom/text_split.h"

namespace hotline::bot {

namespace {

using adapters::wecom::Outcome;

SendResult to_send_result(const adapters::wecom::ApiResult& r) {
    SendResult out;
    out.reason = r.errcode ? "errcode " + std::to_string(r.errcode) + ": " + r.errmsg : r.errmsg;
    out.retry_after = r.retry_after;
    switch (r.outcome) {
        case Outcome::ok: out.status = SendStatus::sent; break;
        case Outcome::retry: out.status = SendStatus::retry; break;
        case Outcome::rate_limited: out.status = SendStatus::rate_limited; break;
        case Outcome::permanent: out.status = SendStatus::permanent; break;
        case Outcome::config_error: out.status = SendStatus::config_error; break;
    }
    return out;
}

}  // namespace

SendResult WecomChannel::send(const workflow::OutboxMessage& m) {
    if (m.kind == "text" || m.kind == "markdown") {
        for (const auto& part : adapters::wecom::split_utf8(m.payload)) {
            nlohmann::json msg{{"touser", m.recipient}, {"msgtype", m.kind}, {m.kind, {{"content", part}}}};
            auto r = to_send_result(api_.send_message(std::move(msg)));
            if (r.status != SendStatus::sent) return r;
        }
        return SendResult{};
    }
    // Cards: the payload is the message-type body as WeCom expects it.
    auto body = nlohmann::json::parse(m.payload, nullptr, false);
    if (body.is_discarded()) return SendResult{SendStatus::permanent, "payload is not JSON", {}};
    nlohmann::json msg{{"touser", m.recipient}, {"msgtype", m.kind}, {m.kind, std::move(body)}};
    return to_send_result(api_.send_message(std::move(msg)));
}

}  // namespace hotline::bot
