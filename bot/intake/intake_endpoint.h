#pragma once
// POST /intake/tickets: the two lines hand over citizens' messages. Each request is signed:
//   X-Hotline-Timestamp: unix seconds (within 5 minutes of now)
//   X-Hotline-Signature: lowercase hex HMAC-SHA256(line secret, timestamp + "." + body)
// A signature is accepted once (replays are refused durably, through the inbox). The body is JSON
// (README: "Intake"); a schema error names the field. The answer names the ticket and whether it
// was created, merged into the other line's ticket, or already known.
#include <cstdint>
#include <map>
#include <string>

#include "adapters/crypto/citizen_data.h"
#include "bot/http/http_types.h"
#include "bot/intake/intake_json.h"
#include "bot/metrics.h"
#include "workflow/procedure/engine.h"
#include "workflow/intake/intake.h"

namespace hotline::bot::intake {

class IntakeEndpoint {
public:
    IntakeEndpoint(std::map<std::string, std::string> secrets, const adapters::CitizenDataCipher& cipher,
                   workflow::Store& store, workflow::Engine& engine, workflow::IntakePolicy policy, Metrics& metrics)
        : secrets_(std::move(secrets)), cipher_(cipher), store_(store), engine_(engine), policy_(policy),
          metrics_(metrics) {}

    http::Response receive(const http::Request& req);

private:
    http::Response refuse(int status, const char* outcome, const std::string& error, const std::string& field = "");

    std::map<std::string, std::string> secrets_;
    const adapters::CitizenDataCipher& cipher_;
    workflow::Store& store_;
    workflow::Engine& engine_;
    workflow::IntakePolicy policy_;
    Metrics& metrics_;
};

}  // namespace hotline::bot::intake
