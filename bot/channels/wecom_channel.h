#pragma once
#include "adapters/wecom/api_client.h"
#include "bot/channels/channel.h"

namespace hotline::bot {

// Outbox messages as WeCom app messages. Text and markdown over 2048 bytes go out in parts; if a
// later part fails, the retry re-sends the earlier ones and WeCom's duplicate check drops them.
class WecomChannel final : public Channel {
public:
    explicit WecomChannel(adapters::wecom::WecomApi& api) : api_(api) {}
    SendResult send(const workflow::OutboxMessage& m) override;
    int per_recipient_per_minute() const override { return 30; }

private:
    adapters::wecom::WecomApi& api_;
};

}  // namespace hotline::bot
