// Under a flood of callbacks, acknowledging comes before applying: the writer says when requests
// share commits, and the inbox worker then rests between its batches.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "bot/commands/executor.h"
#include "bot/inbox_worker.h"
#include "bot/inbox_writer.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

workflow::InboxEntry chat_entry(const workflow::Clock& clock, int n) {
    return {.channel = "console",
            .dedup_key = "flood-" + std::to_string(n),
            .payload = nlohmann::json{{"kind", "text"}, {"from", kHandler}, {"content", "待办"}}.dump(),
            .received_at = clock.now()};
}

// Appends one entry and waits until the writer has committed it.
void append_and_wait(bot::InboxWriter& writer, workflow::InboxEntry e) {
    std::promise<void> stored;
    writer.append({std::move(e)}, [&](bot::InboxWriter::Stored) { stored.set_value(); });
    stored.get_future().get();
}

}  // namespace

TEST(AcknowledgeFirst, TheWriterIsCrowdedOnlyWhenRequestsShareACommit) {
    WorkflowEnv env;
    bot::InboxWriter writer(*env.store);
    writer.start();
    append_and_wait(writer, chat_entry(env.clock, 1));
    append_and_wait(writer, chat_entry(env.clock, 2));
    EXPECT_FALSE(writer.crowded()) << "one request a commit is ordinary traffic";

    // The store is held by another transaction while three requests arrive: they queue, and at
    // least two of them share the writer's next commit.
    std::promise<void> inside, release;
    std::thread holder([&] {
        env.store->transact([&](workflow::StoreTx&) {
            inside.set_value();
            release.get_future().wait();
        });
    });
    inside.get_future().wait();
    std::promise<void> all_stored;
    std::atomic<int> stored{0};
    for (int n = 3; n <= 5; ++n)
        writer.append({chat_entry(env.clock, n)}, [&](bot::InboxWriter::Stored s) {
            EXPECT_EQ(s.inserted, 1u);
            if (++stored == 3) all_stored.set_value();
        });
    release.set_value();
    holder.join();
    all_stored.get_future().wait();
    EXPECT_TRUE(writer.crowded());
    writer.stop();
}

TEST(AcknowledgeFirst, TheWorkerRestsThreeTimesEachBatchWhileCrowdedAndAppliesEverything) {
    WorkflowEnv env;
    bot::commands::Executor executor(env.engine);
    bot::InboxWorker worker(*env.store, env.clock, executor);
    bool crowded = true;
    std::vector<std::chrono::steady_clock::duration> rests;
    worker.yield_to([&] { return crowded; }, [&](auto d) { rests.push_back(d); });
    env.store->transact([&](workflow::StoreTx& tx) {
        for (int n = 0; n < 40; ++n) tx.inbox().insert(chat_entry(env.clock, n));
    });

    EXPECT_EQ(worker.run_once(), 40u);
    ASSERT_EQ(rests.size(), 3u) << "batches of 16, 16 and 8, each followed by a rest";
    for (const auto d : rests) {
        EXPECT_GT(d, std::chrono::steady_clock::duration::zero());
        EXPECT_LE(d, std::chrono::milliseconds(200)) << "a rest is bounded";
    }
    std::size_t answered = 0;
    env.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& m : tx.outbox().of(0)) answered += m.dedup_key.rfind("reply:", 0) == 0;
    });
    EXPECT_EQ(answered, 40u) << "resting delays the answers, it drops none";

    crowded = false;
    env.store->transact([&](workflow::StoreTx& tx) {
        for (int n = 40; n < 60; ++n) tx.inbox().insert(chat_entry(env.clock, n));
    });
    EXPECT_EQ(worker.run_once(), 20u);
    EXPECT_EQ(rests.size(), 3u) << "no rest when acknowledgements are not queueing";
}
