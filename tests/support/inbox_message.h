#pragma once
// A message put into the inbox as a callback or the console would leave it, handled by the
// worker, and the answer it got.
#include <nlohmann/json.hpp>

#include <string>

#include "bot/inbox_worker.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::testing {

inline std::string through_inbox(workflow::Store& store, bot::InboxWorker& worker, const workflow::Clock& clock,
                                 const std::string& channel, const nlohmann::json& payload) {
    static int n = 0;
    workflow::InboxEntry e;
    e.channel = channel;
    e.dedup_key = "t" + std::to_string(++n);
    e.payload = payload.dump();
    e.received_at = clock.now();
    std::int64_t id = 0;
    store.transact([&](workflow::StoreTx& tx) {
        tx.inbox().insert(e);
        id = tx.inbox().by_key(channel, e.dedup_key)->id;
    });
    worker.run_once();
    std::string reply;
    store.transact([&](workflow::StoreTx& tx) {
        for (const auto& m : tx.outbox().of(0))
            if (m.dedup_key == "reply:" + std::to_string(id)) reply = m.payload;
    });
    return reply;
}

}  // namespace hotline::testing
