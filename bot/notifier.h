#pragma once
// Drains the outbox: sends due messages through their channel with bounded concurrency, answers
// first; paces each WeCom member to 30 calls a minute from the deliveries recorded in the store
// (folding overflowing notifications into one digest); records each accepted part of a long
// message so a retry resumes after it; backs off with jitter on transient failures, waits out
// rate limit windows, and dead-letters what can never be delivered, keeping the reason. A
// configuration error pauses the channel and raises one alert instead of hammering the API.
// After a crash, pending messages are simply still pending: they go out on restart.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bot/background_loop.h"
#include "bot/channels/channel.h"
#include "bot/metrics.h"
#include "bot/outbox/next_state.h"
#include "bot/outbox/options.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::bot {

class Notifier {
public:
    using Alert = std::function<void(const std::string& channel, const std::string& reason)>;

    Notifier(workflow::Store& store, const workflow::Clock& clock, std::map<std::string, Channel*> channels,
             Metrics& metrics, NotifierOptions options = {}, Alert alert = {});
    ~Notifier();

    // One pass over what is due now; returns how many messages it attempted.
    std::size_t run_once();
    // Background loop for `serve`: a pass, then sleep until something is due or poke() is called.
    void start() { loop_.start(); }
    void stop() { loop_.stop(); }
    void poke() { loop_.poke(); }
    // True while a configuration error (a wrong secret, an IP not trusted) pauses the channel.
    bool paused(const std::string& channel);

private:
    struct Decision;
    using Alerts = std::vector<std::pair<std::string, std::string>>;  // channel name, reason
    std::vector<Decision> claim_due(workflow::StoreTx& tx, std::vector<workflow::OutboxMessage>& due,
                                    workflow::Instant now);
    void pace_recipient(workflow::StoreTx& tx, Channel& ch, const std::vector<std::size_t>& group,
                        std::vector<Decision>& decisions, workflow::Instant now);
    struct Outcomes;
    void send_all(std::vector<Decision>& decisions, workflow::Instant now, Alerts& alerts);
    void send_some(std::vector<Decision>& decisions, std::atomic<std::size_t>& next, workflow::Instant now,
                   Outcomes& outcomes);
    void record_as_they_arrive(std::vector<Decision>& decisions, Outcomes& outcomes, std::atomic<std::size_t>& next,
                               workflow::Instant now, Alerts& alerts);
    // The decision's next state, written in tx (none for a merged message).
    std::optional<outbox::NextState> record(workflow::StoreTx& tx, const Decision& d, workflow::Instant now);
    void record_all(const std::vector<Decision>& decisions, const std::vector<std::size_t>& which,
                    workflow::Instant now, Alerts& alerts);
    void after_record(const Decision& d, const outbox::NextState& next, Alerts& alerts);
    void raise_alerts(const Alerts& alerts, const std::vector<Decision>& decisions);
    double jitter();  // spreads retries so they do not arrive together

    workflow::Store& store_;
    const workflow::Clock& clock_;
    std::map<std::string, Channel*> channels_;
    Metrics& metrics_;
    NotifierOptions options_;
    Alert alert_;

    std::mutex state_mutex_;
    std::map<std::string, workflow::Instant> paused_until_;  // channel -> end of a config-error pause
    std::map<std::string, bool> alerted_;
    workflow::Instant pruned_at_{};
    std::mt19937_64 rng_{std::random_device{}()};

    BackgroundLoop loop_{"outbox", [this] { return run_once(); }, std::chrono::seconds(1)};
};

}  // namespace hotline::bot
