#include "bot/web/rate_limit.h"

namespace hotline::bot::web {

bool SessionRateLimit::allow(const std::string& key) {
    const auto now = now_();
    std::lock_guard lock(mutex_);
    if (windows_.size() > 10000)  // forget finished windows rather than grow without end
        std::erase_if(windows_, [&](const auto& w) { return now - w.second.start >= std::chrono::minutes(1); });
    auto& w = windows_[key];
    if (w.count == 0 || now - w.start >= std::chrono::minutes(1)) w = Window{now, 0};
    return ++w.count <= per_minute_;
}

}  // namespace hotline::bot::web
