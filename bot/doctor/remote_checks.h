#pragma once
// The checks that ask the outside world, each with a read-only call: WeCom (gettoken, then
// agent/get, which answers 60020 when this server's IP is not trusted), the SMS provider (is the
// signature approved, are the templates configured), this machine's clock against the servers'
// Date, and the public URL through the TLS front.
#include <optional>

#include "adapters/http/http_client.h"
#include "bot/config/config.h"
#include "bot/doctor/findings.h"
#include "workflow/procedure/clock.h"

namespace hotline::bot::doctor {

// Returns WeCom's clock as its Date header gave it, when it answered.
std::optional<workflow::Instant> check_wecom(const Config& c, adapters::HttpClient& http, Findings& out);
void check_sms(const Config& c, adapters::HttpClient& http, const workflow::Clock& clock, Findings& out);
// Callbacks signed more than 5 minutes from this machine's clock are refused.
void check_clock(std::optional<workflow::Instant> server_time, workflow::Instant now, Findings& out);
void check_public_url(const Config& c, adapters::HttpClient& http, Findings& out);

}  // namespace hotline::bot::doctor
