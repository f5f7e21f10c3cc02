#pragma once
// The (timestamp, nonce) pairs of signed callbacks any instance has accepted, each with a digest
// of what it carried: a pair reused with another message is a replay, wherever it arrives.
#include <optional>
#include <string>

#include "workflow/procedure/clock.h"

namespace hotline::workflow {

class NonceStore {
public:
    virtual ~NonceStore() = default;

    // Records the key with its digest unless it was seen before. Returns the digest recorded
    // first when it was (the caller compares), nothing when the key is new.
    virtual std::optional<std::string> remember(const std::string& key, const std::string& digest, Instant at) = 0;
    virtual void forget_before(Instant before) = 0;
};

}  // namespace hotline::workflow
