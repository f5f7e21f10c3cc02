// The WeCom API client against the fake server, through the real Beast HTTP client.
#include <gtest/gtest.h>

#include <thread>

#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "adapters/crypto/encoding.h"
#include "adapters/wecom/text_split.h"
#include "bot/channels/wecom_channel.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

using namespace hotline::adapters;
using namespace hotline::adapters::wecom;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct ApiEnv {
    // Generous timeouts by default, so a loaded CI machine does not turn a send into a retry.
    explicit ApiEnv(std::string secret = "secret", std::chrono::milliseconds timeout = 5s)
        : fake("ww-corp", "secret"), http(make_beast_http_client()), clock(hotline::workflow::from_unix(1'800'000'000)),
          tokens(*http, fake.base_url(), "ww-corp", std::move(secret), clock, 2s),
          api(*http, tokens, ApiConfig{fake.base_url(), "1000002", 1800, timeout}) {}

    FakeWecomServer fake;
    std::unique_ptr<HttpClient> http;
    hotline::workflow::FakeClock clock;
    TokenCache tokens;
    WecomApi api;
};

nlohmann::json text_to(const std::string& user, const std::string& content) {
    return {{"touser", user}, {"msgtype", "text"}, {"text", {{"content", content}}}};
}

}  // namespace

TEST(WecomApi, SendsWithAgentIdAndDuplicateCheckAndOneTokenForAll) {
    ApiEnv env;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(env.api.send_message(text_to("zhangwei", "m" + std::to_string(i))).outcome, Outcome::ok);
    EXPECT_EQ(env.fake.token_fetches(), 1);
    const auto d = env.fake.deliveries();
    ASSERT_EQ(d.size(), 5u);
    EXPECT_EQ(d[0].body["agentid"], 1000002);
    EXPECT_EQ(d[0].body["enable_duplicate_check"], 1);
    EXPECT_EQ(d[0].body["text"]["content"], "m0");
}

TEST(WecomApi, ConcurrentSendersShareOneTokenFetch) {
    ApiEnv env;
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] { env.api.send_message(text_to("u" + std::to_string(i), "hello")); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(env.fake.token_fetches(), 1) << "every sender must wait for the one fetch";
    EXPECT_EQ(env.fake.deliveries().size(), 8u);
}

TEST(WecomApi, AnExpiredTokenIsRefetchedOnceAndTheSendSucceeds) {
    ApiEnv env;
    ASSERT_EQ(env.api.send_message(text_to("u", "a")).outcome, Outcome::ok);
    env.fake.expire_tokens();
    EXPECT_EQ(env.api.send_message(text_to("u", "b")).outcome, Outcome::ok);
    EXPECT_EQ(env.fake.token_fetches(), 2);
}

TEST(WecomApi, TheTokenIsRefreshedBeforeItExpires) {
    ApiEnv env;
    env.api.send_message(text_to("u", "a"));
    env.clock.advance(7200s - 4min);  // inside the five-minute margin
    env.api.send_message(text_to("u", "b"));
    EXPECT_EQ(env.fake.token_fetches(), 2);
}

TEST(WecomApi, ErrorCodesBecomeWhatToDoNext) {
    ApiEnv env;
    env.fake.rate_limit_next(1);
    EXPECT_EQ(env.api.send_message(text_to("u", "a")).outcome, Outcome::rate_limited);
    env.fake.busy_ratio(1.0);
    EXPECT_EQ(env.api.send_message(text_to("u", "a")).outcome, Outcome::retry);
    env.fake.busy_ratio(0);
    env.fake.set_known_users({"known"});
    const auto r = env.api.send_message(text_to("stranger", "a"));
    EXPECT_EQ(r.outcome, Outcome::permanent);
    EXPECT_EQ(r.errcode, 81013);
    env.fake.untrusted_ip(true);
    EXPECT_EQ(env.api.send_message(text_to("known", "a")).outcome, Outcome::config_error);
}

TEST(WecomApi, AWrongSecretIsAConfigurationError) {
    ApiEnv env("wrong");
    const auto r = env.api.send_message(text_to("u", "a"));
    EXPECT_EQ(r.outcome, Outcome::config_error);
    EXPECT_EQ(r.errcode, 40001);
}

TEST(WecomApi, ATimeoutIsRetried) {
    ApiEnv env("secret", 500ms);
    env.fake.delay_next(1, 1200ms);
    const auto r = env.api.send_message(text_to("u", "slow"));
    EXPECT_EQ(r.outcome, Outcome::retry);
    EXPECT_NE(r.errmsg.find("timed out"), std::string::npos) << r.errmsg;
}

TEST(WecomApi, AConnectionRefusedIsRetried) {
    auto http = make_beast_http_client();
    hotline::workflow::FakeClock clock(hotline::workflow::from_unix(0));
    const std::string dead = "http://127.0.0.1:" + std::to_string(free_port());
    TokenCache tokens(*http, dead, "c", "s", clock, 500ms);
    WecomApi api(*http, tokens, ApiConfig{dead, "1", 1800, 500ms});
    EXPECT_EQ(api.send_message(text_to("u", "a")).outcome, Outcome::retry);
}

TEST(WecomApi, AResetConnectionIsRetried) {
    ApiEnv env;
    ASSERT_EQ(env.api.send_message(text_to("u", "a")).outcome, Outcome::ok);  // token cached
    WecomApi resetting(*env.http, env.tokens, ApiConfig{env.fake.resetting_base_url(), "1000002", 1800, 500ms});
    const auto r = resetting.send_message(text_to("u", "b"));
    EXPECT_EQ(r.outcome, Outcome::retry);
    EXPECT_FALSE(r.errmsg.empty());
}

TEST(WecomApi, CardsAppChatsAndTheGroupRobot) {
    ApiEnv env;
    EXPECT_EQ(env.api.update_template_card({{"userids", {"u"}}, {"response_code", "rc"}, {"button", {{"replace_name", "已同意"}}}}).outcome,
              Outcome::ok);
    EXPECT_EQ(env.api.appchat_create({{"name", "督办群"}, {"owner", "a"}, {"userlist", {"a", "b"}}, {"chatid", "c1"}}).outcome,
              Outcome::ok);
    EXPECT_EQ(env.api.appchat_send({{"chatid", "c1"}, {"msgtype", "text"}, {"text", {{"content", "hi"}}}}).outcome,
              Outcome::ok);
    EXPECT_EQ(env.api.webhook_send(env.fake.webhook_key(), {{"msgtype", "text"}, {"text", {{"content", "hi"}}}}).outcome,
              Outcome::ok);
    EXPECT_EQ(env.api.webhook_send("wrong", {{"msgtype", "text"}}).outcome, Outcome::config_error);
    EXPECT_EQ(env.fake.deliveries().size(), 4u);
}

TEST(HttpClient, PlainHttpOnlyToLoopback) {
    auto http = make_beast_http_client();
    HttpRequest req;
    req.url = "http://qyapi.weixin.qq.com/cgi-bin/gettoken";
    EXPECT_EQ(http->send(req).error, TransportError::bad_url);
    req.url = "ftp://x";
    EXPECT_EQ(http->send(req).error, TransportError::bad_url);
    EXPECT_TRUE(is_loopback_host("127.0.0.1"));
    EXPECT_FALSE(is_loopback_host("10.0.0.1"));
    const auto u = parse_url("https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=x");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->port, "443");
    EXPECT_EQ(u->target, "/cgi-bin/message/send?access_token=x");
}

TEST(TextSplit, LongChineseTextIsSplitAtCharacterBoundaries) {
    std::string text;
    for (int i = 0; i < 700; ++i) text += "办";  // 3 bytes each: 2100 bytes
    const auto parts = split_utf8(text);
    ASSERT_EQ(parts.size(), 2u);
    std::string joined;
    for (const auto& p : parts) {
        EXPECT_LE(p.size(), 2048u);
        EXPECT_EQ(p.size() % 3, 0u);  // no character cut
        joined += p;
    }
    EXPECT_EQ(joined, text);
    EXPECT_EQ(split_utf8("短").size(), 1u);
    EXPECT_EQ(split_utf8("").size(), 1u);
    const auto lines = split_utf8(std::string(1500, 'a') + "\n" + std::string(1500, 'b'));
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], std::string(1500, 'a') + "\n");  // prefers the line break
}

TEST(WecomApi, AChartIsUploadedAsMediaAndSentAsAnImageMessage) {
    ApiEnv env;
    hotline::bot::WecomChannel channel(env.api);
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(3000, '\x01') + "end";
    hotline::workflow::OutboxMessage m;
    m.channel = "wecom";
    m.recipient = "zhouhua";
    m.dedup_key = "report:weekly:2026-09-27T16:00:00Z:zhouhua:chart";
    m.kind = "image";
    m.payload = nlohmann::json{{"filename", "weekly-ranking.png"}, {"png_base64", base64_encode(png)}}.dump();
    const auto sent = channel.send(m);
    EXPECT_EQ(sent.status, hotline::bot::SendStatus::sent) << sent.reason;
    ASSERT_EQ(env.fake.uploads().size(), 1u);
    EXPECT_EQ(env.fake.uploads()[0], png);  // byte for byte through multipart/form-data
    const auto got = env.fake.deliveries();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].body["msgtype"], "image");
    EXPECT_EQ(got[0].body["image"]["media_id"], "MEDIA-1");
}
