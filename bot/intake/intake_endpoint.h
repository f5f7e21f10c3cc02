#pragma once
// POST /intake/tickets: the two lines hand over citizens' messages. Each request is signed:
//   X-Hotline-Timestamp: unix seconds (within 5 minutes of now)
//   X-Hotline-Signature: lowercase hex HMAC-SHA256(line secret, timestamp + "." + body)
// A signature is accepted once (replays are refused durably, through the inbox). The body is JSON
// (README: "Intake"); a schema error names the field. The answer names the ticket and whether it
// was created, merged into the other line's ticket, or already known.
#include <map>
#include <string>

#include "adapters/crypto/citizen_data.h"
#include "bot/http/http_types.h"
#include "bot/metrics.h"
#include "workflow/engine.h"
#include "workflow/intake.h"

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

// The request's JSON, checked field by field. On error, `field` and `error` say what is wrong.
struct ParsedIntake {
    workflow::IntakeMessage message;
    std::string citizen_phone;  // clear, only until it is encrypted
    std::string citizen_name;
    std::string field;
    std::string error;
};
ParsedIntake parse_intake_json(const std::string& body);
// Encrypts the phone number and name into the ticket and sets the phone's keyed hash.
void protect_citizen_data(ParsedIntake& parsed, const adapters::CitizenDataCipher& cipher);

}  // namespace hotline::bot::intake
