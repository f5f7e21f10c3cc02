#pragma once
// Remembers each (timestamp, nonce) seen in the last two hours with a digest of its ciphertext,
// so a replayed pair carrying a different message is refused while WeCom's identical retries pass.
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "workflow/procedure/clock.h"

namespace hotline::bot::wecom {

class ReplayGuard {
public:
    enum class Verdict { fresh, identical_retry, replay };

    explicit ReplayGuard(std::chrono::seconds window = std::chrono::hours(2), std::size_t max_entries = 1'000'000)
        : window_(window), max_entries_(max_entries) {}

    Verdict check(const std::string& timestamp, const std::string& nonce, const std::string& encrypt,
                  workflow::Instant now);

private:
    void expire(workflow::Instant now);

    struct Seen {
        std::string digest;
        workflow::Instant at;
    };
    std::chrono::seconds window_;
    std::size_t max_entries_;
    std::mutex mutex_;
    std::unordered_map<std::string, Seen> seen_;
    std::deque<std::pair<workflow::Instant, std::string>> order_;
};

}  // namespace hotline::bot::wecom
