#pragma once
// The audit trail is one hash chain: each event's hash covers its fields and the previous hash,
// so editing, deleting or reordering any event breaks every link after it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "workflow/procedure/clock.h"

namespace hotline::workflow {

struct AuditEvent {
    std::int64_t seq = 0;
    std::int64_t ticket_id = 0;  // 0 for events not about one ticket
    std::string actor{};
    std::string action{};
    std::string from_state{};
    std::string to_state{};
    std::string note{};
    Instant at{};
    std::string prev_hash{};
    std::string hash{};
    // The unit responsible when it happened: the statistics and the supervision notice count by it.
    std::string unit_code{};
    int hash_version = 2;  // which fields `hash` covers (see audit_hash)
};

inline const std::string kGenesisHash(64, '0');
inline constexpr int kAuditHashVersion = 2;  // what new events are written with

// Lowercase hex SHA-256 over prev_hash and the event's canonical JSON form. Version 1 covers
// seq, ticket, actor, action, from, to, note and at; version 2 adds the unit, so that moving an
// event to another unit (and so another unit's rates) breaks the chain. Events written before
// version 2 keep their version and still verify.
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
    int version_ = 1;
    std::int64_t count_ = 0;
    std::optional<ChainBreak> break_;
};

}  // namespace hotline::workflow
