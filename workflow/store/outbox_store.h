#pragma once
// Messages waiting to go out, their attempts and outcomes, and the per-person delivery record
// that paces them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workflow/store/records.h"

namespace hotline::workflow {

class OutboxStore {
public:
    virtual ~OutboxStore() = default;

    // False when a message with the same dedup key was enqueued before.
    virtual bool enqueue(const OutboxMessage& m) = 0;
    virtual std::optional<std::int64_t> id_of(const std::string& dedup_key) = 0;
    // A ticket's messages in the order they were enqueued.
    virtual std::vector<OutboxMessage> of(std::int64_t ticket_id) = 0;
    // Pending messages whose next attempt is due: answers first, then oldest first. Leaves out
    // what another instance has claimed while its lease runs; `owner`'s own claims (an earlier
    // run of this instance that died) and expired ones come back, marked interrupted.
    virtual std::vector<OutboxMessage> due(Instant now, int limit, const std::string& owner) = 0;
    // Taken for sending by `owner` until `lease_until`; recording the outcome (sent, rescheduled,
    // dead) releases it.
    virtual void claim(std::int64_t id, Instant at, const std::string& owner, Instant lease_until) = 0;
    virtual void sent(std::int64_t id, Instant at) = 0;
    // A message sent in parts: the provider accepted the first `parts_sent`; a retry resumes after them.
    virtual void part_sent(std::int64_t id, int parts_sent) = 0;
    // Folded into the digest message `digest_id` instead of being sent on its own.
    virtual void merged(std::int64_t id, std::int64_t digest_id, Instant at) = 0;
    // Keeps the message pending for another attempt at `next`.
    virtual void reschedule(std::int64_t id, int attempts, Instant next, const std::string& error) = 0;
    // Gives up: the message stays, with its reason, as a dead letter.
    virtual void dead(std::int64_t id, int attempts, const std::string& reason, Instant at) = 0;
    // Dead letters, newest first.
    virtual std::vector<OutboxMessage> dead_letters(int limit) = 0;
    // Puts a dead letter back in the queue, due now, with its attempts reset. False if it was not dead.
    virtual bool requeue_dead_letter(std::int64_t id, Instant now) = 0;
    // (channel, state) -> messages.
    virtual std::map<std::pair<std::string, std::string>, std::int64_t> counts_by_state() = 0;
};

class DeliveryStore {
public:
    virtual ~DeliveryStore() = default;

    // Per-person pacing is derived from these: `count` API calls to the recipient at `at`.
    virtual void record(const std::string& channel, const std::string& recipient, int count, Instant at) = 0;
    // The times of the recipient's calls after `since`, oldest first (one entry per call).
    virtual std::vector<Instant> since(const std::string& channel, const std::string& recipient, Instant since) = 0;
    virtual void forget_before(Instant before) = 0;
};

}  // namespace hotline::workflow
