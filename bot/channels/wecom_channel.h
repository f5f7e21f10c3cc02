#pragma once
#include "adapters/wecom/api_client.h"
#include "bot/channels/channel.h"

namespace hotline::bot {

// Outbox messages as WeCom app messages. Text and markdown over 2048 bytes go out in parts, each
// its own call: a retry resumes at the first part WeCom did not accept, so no part is shown twice.
class WecomChannel final : public Channel {
public:
    std::string_view name() const override { return "wecom"; }
    // ticket_link_base: the workbench's ticket page up to the id ("https://…/web/ticket?id="), for
    // cards to open; empty without the workbench.
    explicit WecomChannel(adapters::wecom::WecomApi& api, std::string ticket_link_base = {})
        : api_(api), ticket_link_base_(std::move(ticket_link_base)) {}
    SendResult send(const workflow::OutboxMessage& m) override { return send_parts(m, {}); }
    SendResult send_parts(const workflow::OutboxMessage& m, const PartAccepted& accepted) override;
    int calls(const workflow::OutboxMessage& m) const override;
    int per_recipient_per_minute() const override { return 30; }
    std::optional<std::string> digest_line(const workflow::OutboxMessage& m) const override;

private:
    adapters::wecom::WecomApi& api_;
    std::string ticket_link_base_;
};

}  // namespace hotline::bot
