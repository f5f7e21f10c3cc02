#pragma once
// What a verified WeCom callback leaves in the inbox for the worker: the typed payload of its kind
// (bot/inbox_payload.h), stored as valid UTF-8 whatever the client sent, so storing never fails.
#include <string>

#include "adapters/wecom/envelope.h"
#include "bot/inbox_payload.h"

namespace hotline::bot::wecom {

const char* kind_name(adapters::wecom::InboundKind k);
inbox::Payload payload_of(const adapters::wecom::InboundMessage& m);
std::string inbox_payload(const adapters::wecom::InboundMessage& m);

}  // namespace hotline::bot::wecom
