#pragma once
// Requests a unit makes of the hotline (return, extension) and their decisions.
#include <cstdint>
#include <optional>
#include <vector>

#include "workflow/procedure/ticket.h"

namespace hotline::workflow {

class RequestStore {
public:
    virtual ~RequestStore() = default;

    // At most one pending request of a kind per ticket: a second one is a conflict (throws).
    virtual std::int64_t insert(const Request& r) = 0;
    virtual void update(const Request& r) = 0;
    virtual std::optional<Request> pending_of(std::int64_t ticket_id, RequestKind kind) = 0;
    // A ticket's requests in the order they were made.
    virtual std::vector<Request> of(std::int64_t ticket_id) = 0;
    // Every ticket's pending requests, oldest first (the centre's queue).
    virtual std::vector<Request> pending(int limit) = 0;
};

}  // namespace hotline::workflow
