// Evidence with the fake clock: the numbered choice when a handler has several open tickets, and
// the background fetch retrying a busy WeCom with backoff, warning the sender before the MediaId's
// 3 days are up, and giving up after them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/http_client.h"
#include "bot/commands/executor.h"
#include "bot/evidence/evidence_downloader.h"
#include "bot/evidence/evidence_intake.h"
#include "bot/inbox_worker.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/inbox_message.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct EvidenceEnv : WorkflowEnv {
    EvidenceEnv()
        : fake("ww-corp", "secret"), http(adapters::make_beast_http_client()),
          tokens(*http, fake.base_url(), "ww-corp", "secret", clock, 2s),
          api(*http, tokens, adapters::wecom::ApiConfig{fake.base_url(), "1000002", 14400, 2s}),
          files(dir.path() / "attachments"), downloader(*store, clock, api, files, {}), executor(engine),
          worker(*store, clock, executor) {}

    // A message through the inbox worker, as the callback leaves it; the answer.
    std::string send(const std::string& from, nlohmann::json payload) {
        payload["from"] = from;
        return through_inbox(*store, worker, clock, "wecom", payload);
    }
    std::string photo(const std::string& from, const std::string& media_id) {
        return send(from, {{"kind", "media"}, {"msg_type", "image"}, {"media", {{"media_id", media_id}}}});
    }
    std::string text(const std::string& from, const std::string& content) {
        return send(from, {{"kind", "text"}, {"content", content}});
    }
    std::vector<workflow::Evidence> evidence_of(std::int64_t id) {
        std::vector<workflow::Evidence> out;
        store->transact([&](workflow::StoreTx& tx) { out = tx.evidence().of(id); });
        return out;
    }
    std::vector<std::string> told(const std::string& who, std::int64_t ticket) {
        std::vector<std::string> out;
        store->transact([&](workflow::StoreTx& tx) {
            for (const auto& m : tx.outbox().of(ticket))
                if (m.recipient == who && m.dedup_key.rfind("evidence:", 0) == 0) out.push_back(m.payload);
        });
        return out;
    }

    FakeWecomServer fake;
    std::unique_ptr<adapters::HttpClient> http;
    adapters::wecom::TokenCache tokens;
    adapters::wecom::WecomApi api;
    bot::evidence::AttachmentStore files;
    bot::evidence::EvidenceDownloader downloader;
    bot::commands::Executor executor;
    bot::InboxWorker worker;
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST(EvidenceIntake, WithSeveralOpenTicketsTheSenderIsAskedAndTheItemKeptUntilAnswered) {
    EvidenceEnv env;
    const auto a = env.ticket_in(workflow::State::handling);
    const auto b = env.ticket_in(workflow::State::handling);
    env.fake.add_media("P1", std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, 'x'));
    const auto asked = env.photo(kHandler, "P1");
    EXPECT_TRUE(has(asked, "您有2件在办工单，请问它属于哪一件？请回复序号")) << asked;
    EXPECT_TRUE(has(asked, "1. 工单#" + std::to_string(a))) << asked;
    EXPECT_TRUE(env.evidence_of(a).empty());
    EXPECT_TRUE(has(env.text(kHandler, "3"), "请回复1到2之间的序号"));
    EXPECT_TRUE(has(env.text(kHandler, "2"), "已将1件材料归入工单#" + std::to_string(b)));
    ASSERT_EQ(env.evidence_of(b).size(), 1u);
    EXPECT_EQ(env.downloader.run_once(), 1u);
    EXPECT_EQ(env.evidence_of(b)[0].state, "stored");
    EXPECT_EQ(env.evidence_of(b)[0].mime, "image/jpeg");

    // 材料 N names the ticket for the next 10 minutes; after that the sender is asked again.
    EXPECT_TRUE(has(env.text(kHandler, "材料 " + std::to_string(a)), "接下来10分钟内"));
    EXPECT_TRUE(has(env.photo(kHandler, "P1"), "工单#" + std::to_string(a)));
    env.clock.advance(11min);
    EXPECT_TRUE(has(env.photo(kHandler, "P1"), "请问它属于哪一件"));
    // Another unit's handler cannot name this ticket.
    EXPECT_TRUE(has(env.text(kOtherHandler, "材料 " + std::to_string(a)), "不是本单位的工单"));
}

TEST(EvidenceIntake, ABusyWeComIsRetriedWithBackoffTheSenderWarnedAfterTwoDaysAndTheItemGivenUpAfterThree) {
    EvidenceEnv env;
    const auto id = env.ticket_in(workflow::State::handling);
    env.fake.add_media("P1", std::string("\x89PNG\r\n\x1A\n", 8) + std::string(100, 'y'));
    env.fake.busy_ratio(1.0);  // every call answers -1
    env.photo(kHandler, "P1");
    EXPECT_EQ(env.downloader.run_once(), 1u);
    auto e = env.evidence_of(id).at(0);
    EXPECT_EQ(e.state, "downloading");
    EXPECT_EQ(e.attempts, 1);
    EXPECT_EQ(e.next_attempt_at, env.clock.now() + 30s);  // then 60 s, 120 s … up to 30 min
    EXPECT_EQ(env.downloader.run_once(), 0u);             // not due yet
    env.clock.advance(49h);
    EXPECT_EQ(env.downloader.run_once(), 1u);
    const auto warned = env.told(kHandler, id);
    ASSERT_EQ(warned.size(), 1u);
    EXPECT_TRUE(has(warned[0], "临时素材3天后失效")) << warned[0];
    env.clock.advance(24h);
    EXPECT_EQ(env.downloader.run_once(), 1u);
    e = env.evidence_of(id).at(0);
    EXPECT_EQ(e.state, "expired");
    EXPECT_TRUE(has(env.told(kHandler, id).back(), "已失效")) << env.told(kHandler, id).back();
    // Once WeCom answers again, a photo sent anew is stored.
    env.fake.busy_ratio(0.0);
    env.photo(kHandler, "P1");
    EXPECT_EQ(env.downloader.run_once(), 1u);
    EXPECT_EQ(env.evidence_of(id).back().state, "stored");
}
