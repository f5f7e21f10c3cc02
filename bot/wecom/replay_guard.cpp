#include "bot/wecom/replay_guard.h"

#include "adapters/crypto/digest.h"

namespace hotline::bot::wecom {

ReplayGuard::Verdict ReplayGuard::check(const std::string& timestamp, const std::string& nonce,
                                        const std::string& encrypt, workflow::Instant now) {
    const std::string key = timestamp + "|" + nonce;
    const std::string digest = adapters::sha256(encrypt);
    std::lock_guard lock(mutex_);
    expire(now);
    const auto it = seen_.find(key);
    if (it != seen_.end()) return it->second.digest == digest ? Verdict::identical_retry : Verdict::replay;
    if (seen_.size() >= max_entries_) {  // bounded memory under a flood: forget the oldest
        seen_.erase(order_.front().second);
        order_.pop_front();
    }
    seen_.emplace(key, Seen{digest, now});
    order_.emplace_back(now, key);
    return Verdict::fresh;
}

void ReplayGuard::expire(workflow::Instant now) {
    while (!order_.empty() && order_.front().first + window_ < now) {
        seen_.erase(order_.front().second);
        order_.pop_front();
    }
}

}  // namespace hotline::bot::wecom
