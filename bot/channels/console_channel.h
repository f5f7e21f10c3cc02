#pragma once
#include "bot/channels/channel.h"

namespace hotline::bot {

// For the default configuration without WeCom credentials: the message stays in the store's
// outbox (marked sent) and the log says who got what kind of message. The text itself is not
// logged: it may quote a citizen's message.
class ConsoleChannel final : public Channel {
public:
    std::string_view name() const override { return "console"; }
    SendResult send(const workflow::OutboxMessage& m) override;
};

}  // namespace hotline::bot
