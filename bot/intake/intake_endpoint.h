#pragma once
// POST /intake/tickets: the two lines hand over citizens' messages. Each request is signed:
//   X-Hotline-Timestamp: unix seconds (within 5 minutes of now)
//   X-Hotline-Signature: lowercase hex HMAC-SHA256(line secret, timestamp + "." + body)
// A signature is accepted once (replays are refused durably, through the inbox). The body is JSON
// (README: "Intake"); a schema error names the field. The answer names the ticket and whether it
// was created, merged into the other line's ticket, or already known.
#include <chrono>
#include <cstdint>
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

// The limits of a ticket at intake (README: intake endpoint). Anything larger is refused, naming
// the field, before it reaches the store.
struct IntakeLimits {
    static constexpr std::size_t id_bytes = 128;           // source_id, other_source_id
    static constexpr std::size_t title_bytes = 512;
    static constexpr std::size_t content_bytes = 64 * 1024;
    static constexpr std::size_t name_bytes = 128;
    static constexpr std::size_t location_bytes = 512;
    static constexpr std::size_t attachments = 50;
    static constexpr std::size_t url_bytes = 2048;
    static constexpr std::chrono::hours max_future{24};    // received_at at most a day ahead of now
};
// The earliest received_at accepted: 2000-01-01T00:00:00Z.
constexpr std::int64_t kEarliestReceivedAt = 946684800;

// The request's JSON, checked field by field against the limits, with `now` bounding the
// message's time. On error, `field` and `error` say what is wrong.
struct ParsedIntake {
    workflow::IntakeMessage message;
    std::string citizen_phone;  // clear, only until it is encrypted
    std::string citizen_name;
    std::string field;
    std::string error;
};
ParsedIntake parse_intake_json(const std::string& body, workflow::Instant now);
// Encrypts the phone number and name into the ticket and sets the phone's keyed hash.
void protect_citizen_data(ParsedIntake& parsed, const adapters::CitizenDataCipher& cipher);

}  // namespace hotline::bot::intake
