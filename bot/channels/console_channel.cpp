#include "bot/channels/console_channel.h"

#include <spdlog/spdlog.h>

namespace hotline::bot {

SendResult ConsoleChannel::send(const workflow::OutboxMessage& m) {
    spdlog::info("console: message to={} kind={} ticket={} bytes={} (text kept in the outbox)", m.recipient, m.kind,
                 m.ticket_id, m.payload.size());
    return SendResult{};
}

}  // namespace hotline::bot
