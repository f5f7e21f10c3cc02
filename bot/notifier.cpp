#include "bot/notifier.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <optional>
#include <utility>
#include <thread>

#include "bot/outbox/next_state.h"
#include "bot/outbox/pacing.h"

namespace hotline::bot {

using namespace std::chrono_literals;
using workflow::Instant;
using workflow::OutboxMessage;

struct Notifier::Decision {
    const OutboxMessage* message;
    SendResult result;
    bool attempted = false;
    bool merged = false;  // folded into a digest: nothing to send or record
    bool progressed = false;  // a part was accepted in this attempt
    Instant defer_to{};   // paced or paused: not an attempt
};

Notifier::Notifier(workflow::Store& store, const workflow::Clock& clock, std::map<std::string, Channel*> channels,
                   Metrics& metrics, NotifierOptions options, Alert alert)
    : store_(store), clock_(clock), channels_(std::move(channels)), metrics_(metrics), options_(options),
      alert_(std::move(alert)) {}

Notifier::~Notifier() { stop(); }

double Notifier::jitter() {
    std::uniform_real_distribution<double> spread(0.8, 1.2);
    std::lock_guard lock(state_mutex_);
    return spread(rng_);
}

// One recipient's due messages on a paced channel: what goes now, what waits for room in their
// minute, and what is folded into a digest. The calls that go now are recorded before they are
// made, so a restart (or another instance) sees them too.
void Notifier::pace_recipient(workflow::StoreTx& tx, Channel& ch, const std::vector<std::size_t>& group,
                              std::vector<Decision>& decisions, Instant now) {
    const auto& first = *decisions[group.front()].message;
    std::vector<outbox::PacingItem> items;
    for (const auto i : group) {
        const auto& m = *decisions[i].message;
        items.push_back({.purpose = m.purpose, .calls = ch.calls(m), .mergeable = ch.digest_line(m).has_value()});
    }
    const auto recent = tx.deliveries().since(first.channel, first.recipient, now - 60s);
    const auto plan = outbox::plan_recipient(
        items, recent, now, {.per_minute = ch.per_recipient_per_minute(), .answer_reserve = options_.answer_reserve});
    for (const auto& [i, at] : plan.wait) decisions[group[i]].defer_to = at;
    if (plan.calls_planned > 0) tx.deliveries().record(first.channel, first.recipient, plan.calls_planned, now);
    if (plan.merge.empty()) return;

    std::vector<std::string> lines;
    for (const auto i : plan.merge) lines.push_back(*ch.digest_line(*decisions[group[i]].message));
    OutboxMessage digest;
    digest.channel = first.channel;
    digest.recipient = first.recipient;
    digest.dedup_key = fmt::format("digest:{}", decisions[group[plan.merge.front()]].message->id);
    digest.kind = "text";
    digest.payload = outbox::digest_text(lines);
    digest.next_attempt_at = plan.digest_at;
    tx.outbox().enqueue(digest);
    const auto digest_id = tx.outbox().id_of(digest.dedup_key).value_or(0);
    for (const auto i : plan.merge) {
        tx.outbox().merged(decisions[group[i]].message->id, digest_id, now);
        decisions[group[i]].merged = true;
    }
    metrics_.inc("hotline_outbox_merged_total", fmt::format("channel=\"{}\"", ch.name()),
                 plan.merge.size());
    spdlog::info("outbox: {} notifications to {} merged into digest id={} (per-person limit)", plan.merge.size(),
                 first.recipient, digest_id);
}

std::vector<Notifier::Decision> Notifier::claim_due(workflow::StoreTx& tx, std::vector<OutboxMessage>& due,
                                                     Instant now) {
    due = tx.outbox().due(now, options_.batch, options_.instance);
    std::vector<Decision> decisions;
    decisions.reserve(due.size());
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> paced;  // (channel, recipient)
    for (const auto& m : due) {
        Decision d{&m, {}, false, false, false, {}};
        auto ch = channels_.find(m.channel);
        if (ch == channels_.end()) {
            d.attempted = true;
            d.result = SendResult{SendStatus::permanent, "no channel \"" + m.channel + "\" configured", {}};
        } else if (ch->second->per_recipient_per_minute() > 0) {
            paced[{m.channel, m.recipient}].push_back(decisions.size());
        }
        decisions.push_back(std::move(d));
    }
    for (const auto& [key, group] : paced) pace_recipient(tx, *channels_.at(key.first), group, decisions, now);
    for (const auto& d : decisions)
        if (!d.attempted && !d.merged && d.defer_to == Instant{})
            tx.outbox().claim(d.message->id, now, options_.instance, now + options_.claim_lease);
    if (now - pruned_at_ >= 10min) {
        tx.deliveries().forget_before(now - 1h);
        pruned_at_ = now;
    }
    return decisions;
}

// What the senders of one pass hand to the thread that records: the outcomes known so far.
struct Notifier::Outcomes {
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<std::size_t> ready;  // decisions sent and not yet recorded
    int senders_running = 0;
    std::exception_ptr failure;  // a store error ends the pass, as on the loop's thread

    void fail(std::atomic<std::size_t>& next, std::size_t end) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        next = end;  // the senders stop after their current message
    }
};

void Notifier::send_all(std::vector<Decision>& decisions, Instant now, Alerts& alerts) {
    // Bounded concurrency; each sender takes the next undecided message. This thread records the
    // outcomes as they arrive, all that arrived meanwhile in one transaction: a crash later in
    // the pass must not re-send what the channel accepted, and a sender does not wait for the
    // disk before its next message.
    Outcomes outcomes;
    std::atomic<std::size_t> next{0};
    const int senders = std::min<int>(options_.concurrency, static_cast<int>(decisions.size()));
    outcomes.senders_running = senders;
    std::vector<std::thread> threads;
    for (int i = 0; i < senders; ++i)
        threads.emplace_back([&] {
            name_this_thread("notifier-send");
            try {
                send_some(decisions, next, now, outcomes);
            } catch (...) {
                outcomes.fail(next, decisions.size());
            }
            std::lock_guard lock(outcomes.mutex);
            --outcomes.senders_running;
            outcomes.arrived.notify_one();
        });
    record_as_they_arrive(decisions, outcomes, next, now, alerts);
    for (auto& t : threads) t.join();
    if (outcomes.failure) std::rethrow_exception(outcomes.failure);
}

void Notifier::record_as_they_arrive(std::vector<Decision>& decisions, Outcomes& outcomes,
                                     std::atomic<std::size_t>& next, Instant now, Alerts& alerts) {
    for (;;) {
        std::vector<std::size_t> batch;
        {
            std::unique_lock lock(outcomes.mutex);
            outcomes.arrived.wait(lock, [&] { return !outcomes.ready.empty() || outcomes.senders_running == 0; });
            if (outcomes.ready.empty()) return;
            batch.swap(outcomes.ready);
        }
        try {
            record_all(decisions, batch, now, alerts);
        } catch (...) {
            outcomes.fail(next, decisions.size());
            return;  // what was sent stays claimed: after a restart it is known to be interrupted
        }
    }
}

bool Notifier::paused(const std::string& channel) {
    const auto now = clock_.now();
    std::lock_guard lock(state_mutex_);
    const auto p = paused_until_.find(channel);
    return p != paused_until_.end() && now < p->second;
}

void Notifier::send_some(std::vector<Decision>& decisions, std::atomic<std::size_t>& next, Instant now,
                         Outcomes& outcomes) {
    for (std::size_t i; (i = next++) < decisions.size();) {
        auto& d = decisions[i];
        if (d.attempted || d.merged || d.defer_to != Instant{}) continue;
        Channel& ch = *channels_.at(d.message->channel);
        {
            // A configuration error seen by another sender in this pass stops this send too.
            std::lock_guard lock(state_mutex_);
            if (auto p = paused_until_.find(d.message->channel); p != paused_until_.end() && now < p->second) {
                d.defer_to = p->second;
                continue;
            }
        }
        const auto id = d.message->id;
        d.result = ch.send_parts(*d.message, [&](int parts_sent) {
            store_.transact([&](workflow::StoreTx& tx) { tx.outbox().part_sent(id, parts_sent); });
            d.progressed = true;
        });
        d.attempted = true;
        if (d.result.status == SendStatus::config_error) {
            std::lock_guard lock(state_mutex_);
            paused_until_[d.message->channel] = now + options_.config_error_pause;
        }
        std::lock_guard lock(outcomes.mutex);
        outcomes.ready.push_back(i);
        outcomes.arrived.notify_one();
    }
}

std::optional<outbox::NextState> Notifier::record(workflow::StoreTx& tx, const Decision& d, Instant now) {
    const auto& m = *d.message;
    if (d.merged) return std::nullopt;
    if (!d.attempted) {
        tx.outbox().reschedule(m.id, m.attempts, d.defer_to, m.last_error);
        return std::nullopt;
    }
    auto next = outbox::next_outbox_state(d.result, m, d.progressed, now, options_, jitter());
    switch (next.next) {
        case outbox::Next::sent: tx.outbox().sent(m.id, now); break;
        case outbox::Next::reschedule: tx.outbox().reschedule(m.id, next.attempts, next.next_at, next.reason); break;
        case outbox::Next::retry:
            tx.outbox().reschedule(m.id, next.attempts, next.next_at, next.reason);
            if (next.resend_as_interrupted) tx.outbox().claim(m.id, now, options_.instance, now + options_.claim_lease);
            break;
        case outbox::Next::dead: tx.outbox().dead(m.id, next.attempts, next.reason, now); break;
    }
    return next;
}

void Notifier::record_all(const std::vector<Decision>& decisions, const std::vector<std::size_t>& which, Instant now,
                          Alerts& alerts) {
    // Counted, logged and alerted once the transaction has committed: it may be run again.
    std::vector<std::pair<std::size_t, outbox::NextState>> recorded;
    store_.transact([&](workflow::StoreTx& tx) {
        recorded.clear();
        for (const auto i : which)
            if (auto next = record(tx, decisions[i], now)) recorded.emplace_back(i, std::move(*next));
    });
    for (const auto& [i, next] : recorded) after_record(decisions[i], next, alerts);
}

void Notifier::after_record(const Decision& d, const outbox::NextState& next, Alerts& alerts) {
    const auto& m = *d.message;
    const auto channel = route_label(channels_, m.channel);
    const auto channel_label = fmt::format("channel=\"{}\"", channel);
    switch (next.next) {
        case outbox::Next::sent: metrics_.inc("hotline_outbox_sends_total", channel_label); return;
        case outbox::Next::reschedule: return;
        case outbox::Next::retry:
            metrics_.inc("hotline_outbox_retries_total", fmt::format("channel=\"{}\",reason=\"{}\"", channel,
                                                                     next.rate_limited ? "rate_limited" : "retry"));
            return;
        case outbox::Next::dead:
            metrics_.inc("hotline_outbox_dead_letters_total", channel_label);
            spdlog::error("outbox: dead letter id={} channel={} to={} reason={}", m.id, channel, m.recipient,
                          next.reason);
            if (d.result.status == SendStatus::config_error) alerts.emplace_back(channel, d.result.reason);
            return;
    }
}

void Notifier::raise_alerts(const Alerts& alerts, const std::vector<Decision>& decisions) {
    std::lock_guard lock(state_mutex_);
    for (const auto& [channel, reason] : alerts) {
        if (alerted_[channel]) continue;
        alerted_[channel] = true;
        spdlog::critical("outbox: channel {} paused for {} min: configuration error: {}", channel,
                         options_.config_error_pause.count() / 60, reason);
        if (alert_) alert_(channel, reason);
    }
    for (const auto& d : decisions)
        if (d.attempted && d.result.status == SendStatus::sent) alerted_[route_label(channels_, d.message->channel)] = false;
}

std::size_t Notifier::run_once() {
    const Instant now = clock_.now();
    std::vector<OutboxMessage> due;
    std::vector<Decision> decisions;
    store_.transact([&](workflow::StoreTx& tx) { decisions = claim_due(tx, due, now); });
    if (decisions.empty()) return 0;
    Alerts alerts;
    send_all(decisions, now, alerts);
    // What was not attempted (paced, paused, no channel) is rescheduled or dead-lettered together.
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < decisions.size(); ++i)
        if (!decisions[i].attempted || !channels_.contains(decisions[i].message->channel)) rest.push_back(i);
    record_all(decisions, rest, now, alerts);
    raise_alerts(alerts, decisions);
    return static_cast<std::size_t>(std::count_if(decisions.begin(), decisions.end(), [](const Decision& d) {
        return d.attempted && d.result.status != SendStatus::deferred;
    }));
}

}  // namespace hotline::bot
