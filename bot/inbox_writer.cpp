#include "bot/inbox_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace hotline::bot {

InboxWriter::~InboxWriter() { stop(); }

namespace {
// WeCom signs a callback with a timestamp it sends again on each retry, for up to a few minutes;
// pairs older than this cannot come back (the endpoint refuses a timestamp 5 minutes off).
constexpr auto kNonceWindow = std::chrono::hours(2);
// How long one crowded commit keeps the writer crowded(): about a hundred commits' time, so the
// inbox worker does not flap between yielding and not during a flood.
constexpr auto kCrowdedFor = std::chrono::milliseconds(100);
}  // namespace

bool InboxWriter::crowded() const {
    return std::chrono::steady_clock::now().time_since_epoch().count() < crowded_until_.load(std::memory_order_relaxed);
}

void InboxWriter::append(std::vector<workflow::InboxEntry> entries, Done done) {
    enqueue({std::move(entries), std::move(done), std::nullopt});
}

void InboxWriter::append(std::vector<workflow::InboxEntry> entries, Nonce nonce, Done done) {
    enqueue({std::move(entries), std::move(done), std::move(nonce)});
}

void InboxWriter::enqueue(Pending pending) {
    std::unique_lock lock(mutex_);
    if (!started_) {
        lock.unlock();
        std::vector<Pending> one;
        one.push_back(std::move(pending));
        commit(one);
        return;
    }
    queue_.push_back(std::move(pending));
    lock.unlock();
    loop_.poke();
}

void InboxWriter::start() {
    {
        std::lock_guard lock(mutex_);
        started_ = true;
    }
    loop_.start();
}

void InboxWriter::stop() {
    loop_.stop();
    std::lock_guard lock(mutex_);
    started_ = false;
    // Requests still waiting are answered: their entries are committed here.
    if (!queue_.empty()) {
        std::vector<Pending> rest;
        rest.swap(queue_);
        commit(rest);
    }
}

std::size_t InboxWriter::commit_queued() {
    std::vector<Pending> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(queue_);
    }
    if (!batch.empty()) commit(batch);
    return batch.size();
}

void InboxWriter::commit(std::vector<Pending>& batch) {
    if (batch.size() > 1)
        crowded_until_.store((std::chrono::steady_clock::now() + kCrowdedFor).time_since_epoch().count(),
                             std::memory_order_relaxed);
    std::vector<Stored> results(batch.size());
    workflow::Instant latest{};
    bool pruned = false;
    try {
        store_.transact([&](workflow::StoreTx& tx) {
            latest = {};
            for (std::size_t i = 0; i < batch.size(); ++i) {
                results[i] = Stored{};  // assigned, not accumulated: the function may run again
                if (const auto& n = batch[i].nonce) {
                    latest = std::max(latest, n->at);
                    const auto first = tx.nonces().remember(n->key, n->digest, n->at);
                    if (first && *first != n->digest) {
                        results[i].replay = true;
                        continue;
                    }
                }
                for (const auto& e : batch[i].entries)
                    if (tx.inbox().insert(e)) ++results[i].inserted;
            }
            pruned = latest - nonces_pruned_at_ >= std::chrono::minutes(10);
            if (pruned) tx.nonces().forget_before(latest - kNonceWindow);
        });
        if (pruned) nonces_pruned_at_ = latest;
    } catch (const std::exception& e) {
        // Nothing of the batch is stored; every sender hears an error and retries.
        spdlog::error("inbox: {} requests could not be stored: {}", batch.size(), e.what());
        const auto error = std::current_exception();
        for (auto& r : results) r = Stored{0, error};
    }
    bool any_new = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        any_new = any_new || results[i].inserted > 0;
        batch[i].done(results[i]);
    }
    if (any_new && on_stored_) on_stored_();
}

}  // namespace hotline::bot
