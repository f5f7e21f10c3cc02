#pragma once
// The intake JSON reader, shared by POST /intake/tickets and `hotline-bot import`: one citizen
// message as JSON (README: "Intake"), checked field by field against documented limits.
#include <chrono>
#include <cstdint>
#include <string>

#include "adapters/crypto/citizen_data.h"
#include "workflow/procedure/clock.h"
#include "workflow/intake/intake.h"

namespace hotline::bot::intake {

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
