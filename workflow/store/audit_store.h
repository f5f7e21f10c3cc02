#pragma once
// The audit trail: one hash chain over every ticket's events.
#include <cstdint>
#include <functional>
#include <vector>

#include "workflow/procedure/audit_chain.h"

namespace hotline::workflow {

class AuditStore {
public:
    virtual ~AuditStore() = default;

    // Fills seq, prev_hash, hash_version and hash, and returns the stored event. The chain has
    // one head: two transactions appending at once never both extend the same event (see
    // Store::transact for how a backend keeps this).
    virtual AuditEvent append(AuditEvent e) = 0;
    // A ticket's events in seq order.
    virtual std::vector<AuditEvent> of(std::int64_t ticket_id) = 0;
    // Events in [from, to) in seq order (the supervision notice).
    virtual std::vector<AuditEvent> between(Instant from, Instant to) = 0;
    // Walks the whole trail in seq order; stops when fn returns false.
    virtual void for_each(const std::function<bool(const AuditEvent&)>& fn) = 0;
};

}  // namespace hotline::workflow
