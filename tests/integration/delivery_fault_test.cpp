// 200 answers of 1 to 4 parts through the real binary, against a fake WeCom answering 20% of
// sends busy and expiring its tokens every 5 s, with the bot SIGKILLed three times mid-delivery.
// Every part must reach its person exactly once; the only exception is a part whose send a kill
// cut off after WeCom accepted it and before the bot recorded it (at most one per sending worker
// per kill). The test prints how many there were.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <thread>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "workflow/store/sqlite/sqlite_store.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kAnswers = 200;
constexpr int kKills = 3;
constexpr int kWorkers = 4;  // [outbox] concurrency

std::string marker(int answer, int part) { return fmt::format("[A{}P{}]", answer, part); }

// Each part one line of ~1.9 KB, so the 2,048-byte split gives exactly `parts` messages.
std::string answer_text(int answer, int parts) {
    std::string text;
    for (int p = 1; p <= parts; ++p) text += marker(answer, p) + std::string(1900, 'x') + "\n";
    return text;
}

// Notifications for one person, queued as the workflow leaves them.
void queue_notifications(const std::filesystem::path& db, const std::string& to, const std::string& prefix, int n) {
    workflow::SqliteStore store(db.string());
    store.transact([&](workflow::StoreTx& tx) {
        for (int i = 0; i < n; ++i) {
            workflow::OutboxMessage m;
            m.channel = "person";
            m.recipient = to;
            m.dedup_key = prefix + std::to_string(i);
            m.kind = "text";
            m.payload = "【工单#" + std::to_string(i + 1) + "】" + prefix + "新工单待认领";
            m.next_attempt_at = workflow::from_unix(0);
            tx.outbox().enqueue(m);
        }
    });
}

}  // namespace

TEST(DeliveryFaults, EveryPartOfEveryAnswerArrivesOnceThroughBusyExpiredTokensAndKills) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    fake.busy_ratio(0.2, 11);
    BotProcess bot(dir.path(), fake.base_url(),
                   fmt::format("[outbox]\nconcurrency = {}\nfirst_backoff_seconds = 1\nmax_backoff_minutes = 1\n"
                               "max_attempts = 100\n",
                               kWorkers));
    int total_parts = 0;
    {
        // The answers as the inbox worker leaves them: durable in the outbox before any is sent.
        workflow::SqliteStore store((dir / "hotline.db").string());
        store.transact([&](workflow::StoreTx& tx) {
            for (int a = 0; a < kAnswers; ++a) {
                const int parts = 1 + a % 4;
                total_parts += parts;
                workflow::OutboxMessage m;
                m.channel = "person";
                m.recipient = "user" + std::to_string(a % 50);  // 10 parts a person: under the minute's cap
                m.dedup_key = "reply:fault-" + std::to_string(a);
                m.kind = "text";
                m.payload = answer_text(a, parts);
                m.next_attempt_at = workflow::from_unix(0);
                m.purpose = workflow::OutboxPurpose::answer;  // no duplicate check at WeCom: a repeat shows
                tx.outbox().enqueue(m);
            }
        });
    }

    std::atomic<bool> done{false};
    std::thread expiry([&] {
        while (!done) {
            for (int i = 0; i < 50 && !done; ++i) std::this_thread::sleep_for(100ms);
            fake.expire_tokens();
        }
    });
    const auto delivered = [&] { return static_cast<int>(fake.deliveries().size()); };

    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    int kills = 0;
    for (; kills < kKills; ++kills) {
        const int at = total_parts * (kills + 1) / (kKills + 1);
        ASSERT_TRUE(eventually([&] { return delivered() >= at; }, 120s)) << "stalled at " << delivered();
        bot.kill();
        ASSERT_TRUE(bot.start(&log)) << log;
    }
    std::map<std::string, int> seen;
    const auto count = [&] {
        seen.clear();
        for (const auto& d : fake.deliveries()) {
            const std::string c = d.body["text"]["content"];
            ++seen[c.substr(0, c.find(']') + 1)];
        }
        int distinct = 0;
        for (int a = 0; a < kAnswers; ++a)
            for (int p = 1; p <= 1 + a % 4; ++p) distinct += seen.contains(marker(a, p)) ? 1 : 0;
        return distinct;
    };
    const bool complete = eventually([&] { return count() == total_parts; }, 180s);
    done = true;
    expiry.join();
    EXPECT_EQ(bot.stop(), 0);
    ASSERT_TRUE(complete) << "parts delivered: " << count() << " of " << total_parts;

    int repeated = 0;
    for (const auto& [m, n] : seen) repeated += n - 1;
    std::cout << "delivery faults: " << total_parts << " parts of " << kAnswers << " answers, " << kills
              << " SIGKILLs, " << fake.send_requests() << " send requests, " << fake.token_fetches()
              << " token fetches; repeats WeCom's duplicate check dropped after a kill or a lost answer: "
              << fake.duplicates_dropped() << "; parts shown twice: " << repeated << "\n";
    RecordProperty("parts_repeated", repeated);
    EXPECT_LE(repeated, kills);
    // Parts in order: part k of an answer is never shown before part k-1.
    std::map<int, int> last_part;
    for (const auto& d : fake.deliveries()) {
        const std::string c = d.body["text"]["content"];
        int a = 0, p = 0;
        ASSERT_EQ(std::sscanf(c.c_str(), "[A%dP%d]", &a, &p), 2) << c.substr(0, 20);
        EXPECT_LE(p, last_part[a] + 1) << "answer " << a << " part " << p << " before part " << p - 1;
        last_part[a] = std::max(last_part[a], p);
    }
}

// A person who is sent 60 notifications within a minute asks something: the answer goes ahead of
// the notifications still waiting for their minute (which come as one digest), not behind them.
TEST(DeliveryFaults, AnAnswerGoesAheadOfSixtyNotificationsToThePerson) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url());
    queue_notifications(dir / "hotline.db", "wangfang", "note-", 60);
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    ASSERT_TRUE(eventually([&] { return fake.deliveries().size() >= 25; })) << bot.log();
    const auto asked = std::chrono::steady_clock::now();
    ASSERT_EQ(bot.send_text("wangfang", "帮助", "5001"), 200);
    const auto is_answer = [](const Delivery& d) {
        return d.body["text"]["content"].get<std::string>().find("工单号") != std::string::npos;
    };
    std::vector<Delivery> got;
    ASSERT_TRUE(eventually([&] {
        got = fake.deliveries();
        return std::any_of(got.begin(), got.end(), is_answer);
    })) << bot.log();
    const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked);
    std::cout << "answer latency with 60 notifications queued for the person: " << latency.count() << " ms\n";
    RecordProperty("answer_latency_ms", static_cast<int>(latency.count()));
    // 25 notifications of the minute, then the answer from the reserve, the rest merged.
    EXPECT_LE(got.size(), 27u);
    EXPECT_EQ(bot.stop(), 0);
    std::int64_t merged = 0;
    workflow::SqliteStore store((dir / "hotline.db").string());
    store.transact([&](workflow::StoreTx& tx) { merged = tx.outbox().counts_by_state()[{"person", "merged"}]; });
    EXPECT_EQ(merged, 36);  // 24 on their own, 36 in the digest
}

// The per-person minute is counted in the store: a restart within the minute does not reset it.
// What is asserted is WeCom's own measure, calls per member per minute (a retry after a lost
// answer is a call too, so on a slow machine fewer messages may go on their own).
TEST(DeliveryFaults, ThirtyAMinuteHoldsAcrossARestartOfTheBinary) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url());
    queue_notifications(dir / "hotline.db", "wangfang", "first-", 20);
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    ASSERT_TRUE(eventually([&] { return fake.deliveries().size() >= 20; })) << bot.log();
    bot.kill();
    queue_notifications(dir / "hotline.db", "wangfang", "second-", 20);
    ASSERT_TRUE(bot.start(&log)) << log;
    // Every text reaches her once, on its own or in a digest; the digest may wait for the minute.
    const auto all_shown = [&] {
        int shown = 0;
        for (const char* prefix : {"first-", "second-"})
            for (const auto& d : fake.deliveries()) {
                const std::string c = d.body["text"]["content"];
                for (std::size_t at = c.find(prefix); at != std::string::npos; at = c.find(prefix, at + 1)) ++shown;
            }
        return shown == 40;
    };
    ASSERT_TRUE(eventually(all_shown, 150s)) << bot.log();
    // Measured in any 60 s at the fake, so a slow machine cannot skip the check. The bot keeps 25
    // (30 less the answer reserve); a kill can leave at most the 4 calls in flight unrecorded, so
    // WeCom's 30 is never reached. Before the fix the restart reset the count: 40 in the minute.
    const int most = fake.most_calls_in_a_minute("wangfang");
    EXPECT_EQ(bot.stop(), 0);
    std::cout << "most calls to one person in a minute, across a restart: " << most << " (for 40 notifications, "
              << fake.deliveries().size() << " messages shown)\n";
    EXPECT_LE(most, 29);
}
