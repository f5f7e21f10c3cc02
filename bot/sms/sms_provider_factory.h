#pragma once
// The SMS provider [sms] provider names, built the same way for `serve` and `doctor`.
#include <memory>

#include "adapters/http/http_client.h"
#include "adapters/sms/sms_provider.h"
#include "bot/config/config.h"
#include "workflow/procedure/clock.h"

namespace hotline::bot {

std::unique_ptr<adapters::sms::SmsProvider> make_sms_provider(const SmsConfig& c, const workflow::Clock& clock,
                                                              adapters::HttpClient& http);

}  // namespace hotline::bot
