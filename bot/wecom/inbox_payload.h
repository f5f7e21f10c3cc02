#pragma once
// What a verified WeCom callback leaves in the inbox for the worker: the message's fields as a
// JSON object. Valid UTF-8 whatever the client sent, so storing it can never fail.
#include <string>

#include "adapters/wecom/envelope.h"

namespace hotline::bot::wecom {

const char* kind_name(adapters::wecom::InboundKind k);
std::string inbox_payload(const adapters::wecom::InboundMessage& m);

}  // namespace hotline::bot::wecom
