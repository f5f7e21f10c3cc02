#include "bot/notifier.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace hotline::bot {

using namespace std::chrono_literals;
using workflow::Instant;
using workflow::OutboxMessage;

struct Notifier::Decision {
    const OutboxMessage* message;
    SendResult result;
    bool attempted = false;
    Instant defer_to{};  // paced or paused: not an attempt
};

Notifier::Notifier(workflow::Store& store, const workflow::Clock& clock, std::map<std::string, Channel*> channels,
                   Metrics& metrics, NotifierOptions options, Alert alert)
    : store_(store), clock_(clock), channels_(std::move(channels)), metrics_(metrics), options_(options),
      alert_(std::move(alert)) {}

Notifier::~Notifier() { stop(); }

std::chrono::seconds Notifier::backoff(int attempts) {
    const auto exp = std::min(attempts - 1, 20);
    auto base = std::min<std::chrono::seconds>(options_.first_backoff * (1LL << exp), options_.max_backoff);
    std::uniform_real_distribution<double> jitter(0.8, 1.2);  // spread retries so they do not arrive together
    std::lock_guard lock(state_mutex_);
    return std::chrono::seconds(static_cast<long long>(static_cast<double>(base.count()) * jitter(rng_)) + 1);
}

bool Notifier::paced(const OutboxMessage& m, Channel& ch, Instant now, Instant& defer_to) {
    const int cap = ch.per_recipient_per_minute();
    if (cap <= 0) return false;
    std::lock_guard lock(state_mutex_);
    auto& times = recent_[m.channel + ":" + m.recipient];
    while (!times.empty() && times.front() + 60s <= now) times.pop_front();
    if (static_cast<int>(times.size()) >= cap) {
        defer_to = times.front() + 60s;
        return true;
    }
    times.push_back(now);  // counted now; a failed attempt still used WeCom's quota
    return false;
}

std::size_t Notifier::run_once() {
    const Instant now = clock_.now();
    std::vector<OutboxMessage> due;
    store_.transact([&](workflow::StoreTx& tx) { due = tx.due_outbox(now, options_.batch); });
    if (due.empty()) return 0;

    std::vector<Decision> decisions;
    decisions.reserve(due.size());
    for (const auto& m : due) {
        Decision d{&m, {}, false, {}};
        auto ch = channels_.find(m.channel);
        if (ch == channels_.end()) {
            d.attempted = true;
            d.result = SendResult{SendStatus::permanent, "no channel \"" + m.channel + "\" configured", {}};
        }
        decisions.push_back(std::move(d));
    }

    // Send with bounded concurrency; each worker takes the next undecided message.
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next++) < decisions.size();) {
            auto& d = decisions[i];
            if (d.attempted || d.defer_to != Instant{}) continue;
            Channel& ch = *channels_.at(d.message->channel);
            {
                // A configuration error seen by another worker in this pass stops this send too.
                std::lock_guard lock(state_mutex_);
                if (auto p = paused_until_.find(d.message->channel); p != paused_until_.end() && now < p->second) {
                    d.defer_to = p->second;
                    continue;
                }
            }
            if (paced(*d.message, ch, now, d.defer_to)) continue;
            d.result = ch.send(*d.message);
            d.attempted = true;
            if (d.result.status == SendStatus::config_error) {
                std::lock_guard lock(state_mutex_);
                paused_until_[d.message->channel] = now + options_.config_error_pause;
            }
        }
    };
    const int workers = std::min<int>(options_.concurrency, static_cast<int>(decisions.size()));
    std::vector<std::thread> threads;
    for (int i = 1; i < workers; ++i) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();

    std::size_t attempted = 0;
    std::vector<std::pair<std::string, std::string>> alerts;
    store_.transact([&](workflow::StoreTx& tx) {
        for (const auto& d : decisions) {
            const auto& m = *d.message;
            if (!d.attempted) {
                tx.outbox_reschedule(m.id, m.attempts, d.defer_to, m.last_error);
                continue;
            }
            if (d.result.status == SendStatus::deferred) {
                tx.outbox_reschedule(m.id, m.attempts, d.result.not_before, d.result.reason);
                continue;
            }
            ++attempted;
            const int attempts = m.attempts + 1;
            const auto channel_label = fmt::format("channel=\"{}\"", m.channel);
            switch (d.result.status) {
                case SendStatus::sent:
                    tx.outbox_sent(m.id, now);
                    metrics_.inc("hotline_outbox_sends_total", channel_label);
                    break;
                case SendStatus::retry:
                case SendStatus::rate_limited: {
                    if (attempts >= options_.max_attempts) {
                        tx.outbox_dead(m.id, attempts, "gave up after " + std::to_string(attempts) + " attempts: " +
                                                           d.result.reason, now);
                        metrics_.inc("hotline_outbox_dead_letters_total", channel_label);
                        spdlog::error("outbox: dead letter id={} channel={} to={} reason={}", m.id, m.channel,
                                      m.recipient, d.result.reason);
                        break;
                    }
                    Instant next_at;
                    if (d.result.status == SendStatus::rate_limited) {
                        // Wait for the provider's window to open again (its start, plus a little).
                        const auto window = std::max<std::chrono::seconds>(d.result.retry_after, 60s);
                        const auto since_epoch = now.time_since_epoch();
                        next_at = Instant{since_epoch - since_epoch % window + window} + backoff(1) / 5;
                    } else {
                        next_at = now + backoff(attempts);
                    }
                    tx.outbox_reschedule(m.id, attempts, next_at, d.result.reason);
                    metrics_.inc("hotline_outbox_retries_total",
                                 fmt::format("channel=\"{}\",reason=\"{}\"", m.channel,
                                             d.result.status == SendStatus::rate_limited ? "rate_limited" : "retry"));
                    break;
                }
                case SendStatus::permanent:
                case SendStatus::config_error:
                    tx.outbox_dead(m.id, attempts, d.result.reason, now);
                    metrics_.inc("hotline_outbox_dead_letters_total", channel_label);
                    spdlog::error("outbox: dead letter id={} channel={} to={} reason={}", m.id, m.channel, m.recipient,
                                  d.result.reason);
                    if (d.result.status == SendStatus::config_error) alerts.emplace_back(m.channel, d.result.reason);
                    break;
                case SendStatus::deferred:
                    break;  // handled above
            }
        }
    });

    for (const auto& [channel, reason] : alerts) {
        std::lock_guard lock(state_mutex_);
        if (alerted_[channel]) continue;
        alerted_[channel] = true;
        spdlog::critical("outbox: channel {} paused for {} min: configuration error: {}", channel,
                         options_.config_error_pause.count() / 60, reason);
        if (alert_) alert_(channel, reason);
    }
    {
        std::lock_guard lock(state_mutex_);
        for (const auto& d : decisions)
            if (d.attempted && d.result.status == SendStatus::sent) alerted_[d.message->channel] = false;
    }
    return attempted;
}

}  // namespace hotline::bot
