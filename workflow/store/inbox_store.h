#pragma once
// What arrived from outside, stored before it is acknowledged and handled afterwards.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workflow/store/records.h"

namespace hotline::workflow {

class InboxStore {
public:
    virtual ~InboxStore() = default;

    // False when an entry with the same channel and dedup key already exists.
    virtual bool insert(const InboxEntry& e) = 0;
    virtual std::optional<InboxEntry> by_key(const std::string& channel, const std::string& dedup_key) = 0;
    // Entries still to handle, oldest first.
    virtual std::vector<InboxEntry> fresh(int limit) = 0;
    // Claim-then-act: takes a new entry for this transaction and returns it, or nothing when it is
    // not new (handled, or claimed by a transaction that committed first). Only the claimer acts;
    // it must finish() the entry before its transaction ends.
    virtual std::optional<InboxEntry> claim(std::int64_t id) = 0;
    // state: done | ignored | failed; error kept for failed and ignored ones.
    virtual void finish(std::int64_t id, const std::string& state, const std::string& error) = 0;
    // (channel, state) -> entries (the backlog gauge).
    virtual std::map<std::pair<std::string, std::string>, std::int64_t> counts_by_state() = 0;
};

}  // namespace hotline::workflow
