#pragma once
// The audit trail is one hash chain: each event's hash covers its fields and the previous hash,
// so editing, deleting or reordering any event breaks every link after it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "workflow/clock.h"

namespace hotline::workflow {

struct AuditEvent {
    std::int64_t seq = 0;
    std::int64_t ticket_id = 0;  // 0 for events not about one ticket
    std::string actor;
    std::string action;
    std::string from_state;
    std::string to_state;
    std::string note;
    Instant at{};
    std::string prev_hash;
    std::string hash;
    // The unit responsible when it happened, for the statistics (not covered by the hash: it is
    // derived from the ticket, not a fact of its own).
    std::string unit_code;
};

inline const std::string kGenesisHash(64, '0');

// Lowercase hex SHA-256 over prev_hash and the event's canonical JSON form.
std::string audit_hash(const AuditEvent& e, const std::string& prev_hash);

struct ChainBreak {
    std::int64_t seq;
    std::string reason;
};

// Feeds events in seq order; reports the first broken link.
class AuditChainVerifier {
public:
    // Returns false once a break was found (later events are not examined).
    bool feed(const AuditEvent& e);
    const std::optional<ChainBreak>& first_break() const { return break_; }
    std::int64_t verified() const { return count_; }

private:
    std::string prev_ = kGenesisHash;
    std::int64_t last_seq_ = 0;
    std::int64_t count_ = 0;
    std::optional<ChainBreak> break_;
};

}  // namespace hotline::workflow
