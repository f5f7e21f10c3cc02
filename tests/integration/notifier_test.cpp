// The notifier draining the outbox to the fake WeCom server, with injected faults.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sqlite3.h>

#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "bot/channels/wecom_channel.h"
#include "bot/notifier.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct NotifierEnv {
    NotifierEnv()
        : fake("ww-corp", "secret"), http(adapters::make_beast_http_client()),
          clock(workflow::from_china_time(2026, 11, 2, 10, 0)),
          store(std::make_unique<workflow::SqliteStore>((dir / "n.db").string())),
          tokens(*http, fake.base_url(), "ww-corp", "secret", clock, 2s),
          api(*http, tokens, adapters::wecom::ApiConfig{fake.base_url(), "1000002", 14400, 300ms}), channel(api) {
        store->transact([](workflow::StoreTx& tx) { seed_directory(tx); });
    }

    std::unique_ptr<bot::Notifier> notifier(bot::NotifierOptions o = {}) {
        return std::make_unique<bot::Notifier>(*store, clock, std::map<std::string, bot::Channel*>{{"person", &channel}},
                                               metrics, o, [this](const std::string& ch, const std::string& why) {
                                                   alerts.push_back(ch + ": " + why);
                                               });
    }

    void enqueue(const std::string& recipient, const std::string& key, const std::string& text,
                 workflow::OutboxPurpose purpose = workflow::OutboxPurpose::notification) {
        store->transact([&](workflow::StoreTx& tx) {
            workflow::OutboxMessage m;
            m.channel = "person";
            m.recipient = recipient;
            m.dedup_key = key;
            m.kind = "text";
            m.payload = text;
            m.next_attempt_at = clock.now();
            m.purpose = purpose;
            tx.outbox().enqueue(m);
        });
    }

    // "route:state" -> messages.
    std::map<std::string, std::int64_t> counts() {
        std::map<std::string, std::int64_t> c;
        store->transact([&](workflow::StoreTx& tx) {
            c.clear();
            for (const auto& [key, n] : tx.outbox().counts_by_state()) c[key.first + ":" + key.second] = n;
        });
        return c;
    }

    // Runs passes, moving the fake clock on, until nothing is pending (or a bound is hit).
    int drain(bot::Notifier& n, int max_passes = 2000) {
        int passes = 0;
        for (; passes < max_passes && counts()["person:pending"] > 0; ++passes) {
            if (n.run_once() == 0) clock.advance(15s);
        }
        return passes;
    }

    TempDir dir;
    FakeWecomServer fake;
    std::unique_ptr<adapters::HttpClient> http;
    workflow::FakeClock clock;
    std::unique_ptr<workflow::SqliteStore> store;
    adapters::wecom::TokenCache tokens;
    adapters::wecom::WecomApi api;
    bot::WecomChannel channel;
    bot::Metrics metrics;
    std::vector<std::string> alerts;
};

}  // namespace

TEST(Notifier, AThousandMessagesUnderFaultsArriveExactlyOnce) {
    NotifierEnv env;
    for (int i = 0; i < 1000; ++i) {
        const auto key = "m-" + std::to_string(i);
        env.enqueue("user" + std::to_string(i % 100), key, "【工单#" + std::to_string(i) + "】提醒 " + key);
    }
    env.fake.busy_ratio(0.2, 7);
    env.fake.rate_limit_next(5);                 // a 45009 window
    env.fake.delay_next(1, 700ms);               // one answer after the client's 300 ms timeout
    auto n = env.notifier({4, 64, 50, 5s, 10min, 15min});
    n->run_once();
    env.fake.expire_tokens();                    // one token expiry mid-run
    env.drain(*n);

    const auto c = env.counts();
    EXPECT_EQ(c.count("person:pending"), 0u);
    EXPECT_EQ(c.at("person:sent"), 1000);
    EXPECT_EQ(c.count("person:dead"), 0u);
    std::map<std::string, int> seen;
    for (const auto& d : env.fake.deliveries()) ++seen[d.body["text"]["content"].get<std::string>()];
    EXPECT_EQ(seen.size(), 1000u);
    for (const auto& [content, times] : seen) EXPECT_EQ(times, 1) << content;
    EXPECT_LE(env.fake.token_fetches(), 3);
    EXPECT_GT(env.metrics.value("hotline_outbox_retries_total", "channel=\"wecom\",reason=\"retry\""), 100u);
    EXPECT_GT(env.metrics.value("hotline_outbox_retries_total", "channel=\"wecom\",reason=\"rate_limited\""), 0u);
    EXPECT_EQ(env.metrics.value("hotline_outbox_sends_total", "channel=\"wecom\""), 1000u);
}

TEST(Notifier, NotificationsOverAMembersMinuteComeAsOneDigestAndAnswersStillGoFirst) {
    NotifierEnv env;
    for (int i = 0; i < 45; ++i) env.enqueue("zhangwei", "k" + std::to_string(i), "消息" + std::to_string(i));
    auto n = env.notifier();
    while (n->run_once() > 0) {
    }
    // 25 of the 30 a minute are for notifications: 24 on their own, the other 21 in one digest.
    const auto got = env.fake.deliveries();
    ASSERT_EQ(got.size(), 25u);
    const std::string digest = got.back().body["text"]["content"];
    EXPECT_NE(digest.find("【消息汇总】"), std::string::npos) << digest;
    EXPECT_NE(digest.find("以下 21 条合并发送"), std::string::npos) << digest;
    std::map<std::string, int> shown;  // every message's text reached the person exactly once
    for (int i = 0; i < 45; ++i) {
        const auto text = "消息" + std::to_string(i);
        for (const auto& d : got) {
            const std::string content = d.body["text"]["content"];
            if (content == text || content.find(". " + text + "\n") != std::string::npos) ++shown[text];
        }
    }
    EXPECT_EQ(shown.size(), 45u);
    for (const auto& [text, times] : shown) EXPECT_EQ(times, 1) << text;
    EXPECT_EQ(env.counts().at("person:merged"), 21);
    EXPECT_EQ(env.metrics.value("hotline_outbox_merged_total", "channel=\"wecom\""), 21u);

    // The person's own question is answered at once from the reserve, within the same minute.
    env.enqueue("zhangwei", "reply:1", "答复", workflow::OutboxPurpose::answer);
    for (int i = 0; i < 3; ++i) env.enqueue("zhangwei", "late" + std::to_string(i), "稍后" + std::to_string(i));
    EXPECT_EQ(n->run_once(), 1u);
    EXPECT_EQ(env.fake.deliveries().back().body["text"]["content"], "答复");
    EXPECT_EQ(env.fake.deliveries().size(), 26u);  // the later notifications, a digest, wait for the window
    env.clock.advance(60s);
    while (n->run_once() > 0) {
    }
    ASSERT_EQ(env.fake.deliveries().size(), 27u);
    const std::string later = env.fake.deliveries().back().body["text"]["content"];
    EXPECT_NE(later.find("以下 3 条合并发送"), std::string::npos) << later;
}

TEST(Notifier, TheThirtyAMinuteBudgetHoldsAcrossARestart) {
    NotifierEnv env;
    for (int i = 0; i < 20; ++i) env.enqueue("zhangwei", "a" + std::to_string(i), "第一批" + std::to_string(i));
    env.notifier()->run_once();
    ASSERT_EQ(env.fake.deliveries().size(), 20u);
    env.store = std::make_unique<workflow::SqliteStore>((env.dir / "n.db").string());  // a restart
    for (int i = 0; i < 20; ++i) env.enqueue("zhangwei", "b" + std::to_string(i), "第二批" + std::to_string(i));
    env.clock.advance(10s);
    auto restarted = env.notifier();
    while (restarted->run_once() > 0) {
    }
    // Within the minute: 20 + 4 + one digest of the other 16, never more than 25 notifications.
    EXPECT_EQ(env.fake.deliveries().size(), 25u);
    EXPECT_EQ(env.counts().at("person:merged"), 16);
}

TEST(Notifier, ALongAnswerWhosePartFailsResumesThereAndShowsNoPartTwice) {
    NotifierEnv env;
    std::string text;
    for (const char* marker : {"[P1]", "[P2]", "[P3]"}) text += marker + std::string(1900, 'x') + "\n";
    // An answer: it goes without WeCom's duplicate check, which would otherwise hide a repeated part.
    env.enqueue("zhangwei", "reply:7", text, workflow::OutboxPurpose::answer);
    env.fake.busy_when_content_has("[P2]", 2);  // part 2 fails twice, then goes
    auto n = env.notifier();
    n->run_once();
    std::vector<workflow::OutboxMessage> all;
    env.store->transact([&](workflow::StoreTx& tx) { all = tx.outbox().of(0); });
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].state, "pending");
    EXPECT_EQ(all[0].parts_sent, 1);  // part 1 is recorded as accepted before part 2 was tried
    env.drain(*n);
    std::vector<std::string> parts;
    for (const auto& d : env.fake.deliveries()) parts.push_back(d.body["text"]["content"].get<std::string>().substr(0, 4));
    EXPECT_EQ(parts, (std::vector<std::string>{"[P1]", "[P2]", "[P3]"}));
    EXPECT_EQ(env.counts().at("person:sent"), 1);
}

TEST(Notifier, AnUnknownUserIsADeadLetterWithItsReason) {
    NotifierEnv env;
    env.fake.set_known_users({"zhangwei"});
    env.enqueue("nobody", "k1", "hi");
    env.enqueue("zhangwei", "k2", "hi");
    env.notifier()->run_once();
    std::vector<workflow::OutboxMessage> all;
    env.store->transact([&](workflow::StoreTx& tx) { all = tx.outbox().of(0); });
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].state, "dead");
    EXPECT_NE(all[0].last_error.find("81013"), std::string::npos) << all[0].last_error;
    EXPECT_EQ(all[1].state, "sent");
    EXPECT_TRUE(env.alerts.empty());  // a bad recipient is not a configuration problem
}

TEST(Notifier, AnUntrustedIpPausesTheChannelAndAlertsOnce) {
    NotifierEnv env;
    env.fake.untrusted_ip(true);
    for (int i = 0; i < 10; ++i) env.enqueue("zhangwei", "k" + std::to_string(i), "m" + std::to_string(i));
    auto n = env.notifier({1, 64, 12, 5s, 30min, 15min});
    n->run_once();
    const int requests_after_first_pass = env.fake.send_requests();
    EXPECT_LE(requests_after_first_pass, 1);  // the token fetch already failed with 60020
    for (int i = 0; i < 5; ++i) {
        env.clock.advance(1min);
        n->run_once();
    }
    EXPECT_EQ(env.fake.send_requests(), requests_after_first_pass);  // paused: no hammering
    ASSERT_EQ(env.alerts.size(), 1u);
    EXPECT_NE(env.alerts[0].find("60020"), std::string::npos) << env.alerts[0];
    const auto c = env.counts();
    EXPECT_EQ(c.at("person:dead"), 1);  // the message that hit it, with the reason kept
    EXPECT_EQ(c.at("person:pending"), 9);
    env.fake.untrusted_ip(false);
    env.clock.advance(15min);
    env.drain(*n);
    EXPECT_EQ(env.counts().at("person:sent"), 9);
    EXPECT_EQ(env.alerts.size(), 1u);
}

TEST(Notifier, AfterACrashPendingMessagesGoOutOnceOnRestart) {
    NotifierEnv env;
    for (int i = 0; i < 20; ++i) env.enqueue("zhangwei", "k" + std::to_string(i), "m" + std::to_string(i));
    env.notifier()->run_once();
    ASSERT_EQ(env.fake.deliveries().size(), 20u);
    // A crash between WeCom's answer and our commit leaves the messages pending.
    env.store.reset();
    {
        sqlite3* db = nullptr;
        sqlite3_open((env.dir / "n.db").c_str(), &db);
        sqlite3_exec(db, "UPDATE outbox SET state = 'pending', sent_at = NULL WHERE id <= 10", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    env.store = std::make_unique<workflow::SqliteStore>((env.dir / "n.db").string());
    EXPECT_EQ(env.counts().at("person:pending"), 10);
    env.clock.advance(60s);      // past the minute those first sends count in
    env.drain(*env.notifier());  // the restarted process
    EXPECT_EQ(env.counts().at("person:sent"), 20);
    EXPECT_EQ(env.fake.deliveries().size(), 20u);  // WeCom's duplicate check absorbed the re-sends
}

TEST(Notifier, AnAnswerLeftInFlightByACrashIsNeverShownTwiceEvenIfItsResendIsAnsweredBusy) {
    NotifierEnv env;
    env.enqueue("zhangwei", "reply:9", "[R9] 答复", workflow::OutboxPurpose::answer);
    env.notifier()->run_once();
    ASSERT_EQ(env.fake.deliveries().size(), 1u);
    // A crash after WeCom showed it and before the outcome was recorded: pending, still claimed.
    env.store.reset();
    {
        sqlite3* db = nullptr;
        sqlite3_open((env.dir / "n.db").c_str(), &db);
        sqlite3_exec(db, "UPDATE outbox SET state = 'pending', sent_at = NULL, claimed_at = 1 WHERE dedup_key = 'reply:9'",
                     nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    env.store = std::make_unique<workflow::SqliteStore>((env.dir / "n.db").string());
    env.fake.busy_when_content_has("[R9]", 1);  // the careful resend is answered busy first
    env.clock.advance(60s);
    env.drain(*env.notifier());
    EXPECT_EQ(env.counts().at("person:sent"), 1);
    EXPECT_EQ(env.fake.deliveries().size(), 1u);  // every resend went with the duplicate check
    EXPECT_EQ(env.fake.duplicates_dropped(), 1);
}

TEST(Notifier, TransientFailuresBackOffAndGiveUpAfterTheCap) {
    NotifierEnv env;
    env.fake.busy_ratio(1.0);
    env.enqueue("zhangwei", "k", "m");
    auto n = env.notifier({1, 64, 4, 5s, 10min, 15min});
    EXPECT_EQ(n->run_once(), 1u);
    EXPECT_EQ(n->run_once(), 0u);  // not due yet: backing off
    env.drain(*n);
    std::vector<workflow::OutboxMessage> all;
    env.store->transact([&](workflow::StoreTx& tx) { all = tx.outbox().of(0); });
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].state, "dead");
    EXPECT_EQ(all[0].attempts, 4);
    EXPECT_NE(all[0].last_error.find("gave up after 4 attempts"), std::string::npos) << all[0].last_error;
}
