#pragma once
// The sandbox's channel to people, in place of WeCom: it keeps what the bot sent each persona
// (texts, and decision cards with their buttons) so the trainer's page can show every inbox.
// Nothing leaves the process.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bot/channels/channel.h"
#include "workflow/procedure/clock.h"

namespace hotline::bot::sandbox {

struct CardButton {
    std::string text, key;
};

struct Received {
    std::int64_t seq = 0;         // the order messages arrived in, over all inboxes
    workflow::Instant at{};       // when it was delivered, on the sandbox's clock
    std::string kind;             // text | markdown | decision_card | image | media_file | ...
    std::string text;             // a text, or a card's title and text
    std::string task_id;          // a card's, for its buttons
    std::vector<CardButton> buttons;
    std::string done;             // a clicked card: the outcome that replaced its buttons (已同意)
    std::int64_t ticket_id = 0;
};

// The response_code a click on the card `seq` carries, so the bot's card update finds it again.
std::string response_code_of(std::int64_t seq);

class SandboxInbox final : public Channel {
public:
    explicit SandboxInbox(const workflow::Clock& clock) : clock_(clock) {}
    std::string_view name() const override { return "sandbox"; }
    SendResult send(const workflow::OutboxMessage& m) override;

    // One persona's messages, newest first.
    std::vector<Received> of(const std::string& userid) const;
    std::map<std::string, std::size_t> counts() const;

private:
    const workflow::Clock& clock_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<Received>> inboxes_;
    std::int64_t seq_ = 0;
};

}  // namespace hotline::bot::sandbox
