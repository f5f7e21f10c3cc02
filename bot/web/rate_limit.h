#pragma once
// Requests per session and minute, so one browser (or a script with a stolen cookie) cannot keep
// the store busy: the minute's excess is answered 429 without touching the store. Kept in each
// instance's memory: behind a load balancer the limit is per instance, which is enough for this.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace hotline::bot::web {

class SessionRateLimit {
public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;
    explicit SessionRateLimit(int per_minute, Now now = [] { return std::chrono::steady_clock::now(); })
        : per_minute_(per_minute), now_(std::move(now)) {}

    // Counts one request of `key` (a digest of the session cookie); false once the minute's
    // allowance is spent.
    bool allow(const std::string& key);

private:
    struct Window {
        std::chrono::steady_clock::time_point start;
        int count = 0;
    };
    const int per_minute_;
    Now now_;
    std::mutex mutex_;
    std::map<std::string, Window> windows_;
};

}  // namespace hotline::bot::web
