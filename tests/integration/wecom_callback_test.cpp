// POST/GET /wecom/callback through the real HTTP server into the real store.
#include <gtest/gtest.h>
#include <httplib.h>

#include <limits>
#include <thread>

#include "adapters/crypto/encoding.h"
#include "bot/http/http_server.h"
#include "bot/wecom/callback_endpoint.h"
#include "tests/support/test_env.h"
#include "tests/support/callback_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;


TEST(WecomCallback, UrlVerificationAnswersTheBarePlaintext) {
    // The official V1 vector, sent as WeCom does: echostr URL-encoded, '+' escaped as %2B.
    CallbackEnv env;
    const adapters::wecom::CallbackCrypto v1("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
    bot::Metrics metrics;
    bot::wecom::CallbackEndpoint endpoint(v1, env.inbox, env.clock, metrics);
    bot::http::Request req;
    req.method = "GET";
    req.path = "/wecom/callback";
    req.query =
        "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr="
        "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
    const auto res = endpoint.verify_url(req);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "1616140317555161061");
    req.query[20] = req.query[20] == 'a' ? 'b' : 'a';  // corrupt the signature
    EXPECT_EQ(endpoint.verify_url(req).status, 401);
}

TEST(WecomCallback, UrlVerificationOverHttp) {
    CallbackEnv env;
    const std::string echo = env.crypto.encrypt("8529471234");
    const auto sig = env.crypto.signature("1800000000", "n1", echo);
    auto r = env.client().Get(("/wecom/callback?msg_signature=" + sig + "&timestamp=1800000000&nonce=n1&echostr=" +
                               adapters::url_encode(echo))
                                  .c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "8529471234");
}

TEST(WecomCallback, AMessageIsStoredOnceAndARetryIsAcknowledgedWithoutASecondEffect) {
    CallbackEnv env;
    const auto cb = sign_callback(env.crypto, text_message_xml("zhangwei", "签收 12", "7001", env.now()), env.now(), "n1");
    auto r = env.post(cb);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    r = env.post(cb);  // WeCom's retry: same timestamp, nonce and ciphertext
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(env.inbox_count(), 1);
    // The same message re-encrypted (new nonce) is still the same MsgId: stored once.
    EXPECT_EQ(env.post(sign_callback(env.crypto, text_message_xml("zhangwei", "签收 12", "7001", env.now()), env.now(), "n2"))->status,
              200);
    EXPECT_EQ(env.inbox_count(), 1);
    EXPECT_EQ(env.metrics.value("hotline_wecom_callbacks_total", "outcome=\"accepted\""), 1u);
    EXPECT_EQ(env.metrics.value("hotline_wecom_callbacks_total", "outcome=\"duplicate\""), 2u);
}

TEST(WecomCallback, CardClicksAreKeyedByTheirEventFields) {
    CallbackEnv env;
    const auto t = env.now();
    EXPECT_EQ(env.post(sign_callback(env.crypto, card_click_xml("liqiang", "task-1", "approve", t), t, "a"))->status, 200);
    EXPECT_EQ(env.post(sign_callback(env.crypto, card_click_xml("liqiang", "task-1", "approve", t), t, "b"))->status, 200);
    EXPECT_EQ(env.post(sign_callback(env.crypto, card_click_xml("liqiang", "task-2", "approve", t), t, "c"))->status, 200);
    EXPECT_EQ(env.inbox_count(), 2);
}

TEST(WecomCallback, RefusalsTouchNothing) {
    CallbackEnv env;
    const auto t = env.now();
    auto cb = sign_callback(env.crypto, text_message_xml("u", "hi", "1", t), t, "n");
    auto bad_sig = cb;
    bad_sig.query.replace(14, 4, "0000");
    auto r = env.post(bad_sig);
    EXPECT_EQ(r->status, 401);
    EXPECT_TRUE(r->body.empty());
    EXPECT_EQ(env.client().Post(("/wecom/callback?" + cb.query).c_str(), "<xml><broken", "text/xml")->status, 400);
    EXPECT_EQ(env.client().Post("/wecom/callback?timestamp=1", cb.body, "text/xml")->status, 400);
    // Signed correctly, but the ciphertext is garbage.
    const auto garbage = adapters::base64_encode(std::string(64, 'x'));
    const auto sig = env.crypto.signature(std::to_string(t), "g", garbage);
    EXPECT_EQ(env.client()
                  .Post(("/wecom/callback?msg_signature=" + sig + "&timestamp=" + std::to_string(t) + "&nonce=g").c_str(),
                        "<xml><Encrypt>" + garbage + "</Encrypt></xml>", "text/xml")
                  ->status,
              400);
    // Six minutes old.
    EXPECT_EQ(env.post(sign_callback(env.crypto, text_message_xml("u", "hi", "2", t), t - 360, "old"))->status, 401);
    // A replayed (timestamp, nonce) carrying another message.
    EXPECT_EQ(env.post(cb)->status, 200);
    EXPECT_EQ(env.post(sign_callback(env.crypto, text_message_xml("u", "evil", "3", t), t, "n"))->status, 401);
    EXPECT_EQ(env.inbox_count(), 1);
    EXPECT_EQ(env.metrics.value("hotline_wecom_callbacks_total", "outcome=\"bad_signature\""), 1u);
    EXPECT_EQ(env.metrics.value("hotline_wecom_callbacks_total", "outcome=\"malformed\""), 3u);
    EXPECT_EQ(env.metrics.value("hotline_wecom_callbacks_total", "outcome=\"stale\""), 1u);
    EXPECT_EQ(env.metrics.value("hotline_wecom_callbacks_total", "outcome=\"replay\""), 1u);
}

TEST(WecomCallback, APairAnotherInstanceAcceptedIsAReplayHereToo) {
    // A second instance on the same store: its own writer and its own (empty) memory of pairs.
    CallbackEnv env;
    bot::Metrics metrics;
    bot::InboxWriter inbox(*env.store);
    bot::wecom::CallbackEndpoint other(env.crypto, inbox, env.clock, metrics);
    const auto post_to_other = [&](const SignedCallback& cb) {
        int status = 0;
        bot::http::Request req;
        req.method = "POST";
        req.path = "/wecom/callback";
        req.query = cb.query;
        req.body = cb.body;
        other.receive(req, [&](bot::http::Response r) { status = r.status; });
        return status;
    };
    const auto t = env.now();
    const auto cb = sign_callback(env.crypto, text_message_xml("u", "hi", "1", t), t, "n");
    ASSERT_EQ(env.post(cb)->status, 200);
    EXPECT_EQ(post_to_other(sign_callback(env.crypto, text_message_xml("u", "evil", "3", t), t, "n")), 401);
    EXPECT_EQ(metrics.value("hotline_wecom_callbacks_total", "outcome=\"replay\""), 1u);
    EXPECT_EQ(post_to_other(cb), 200);  // WeCom's own retry, to the other instance: a duplicate
    EXPECT_EQ(metrics.value("hotline_wecom_callbacks_total", "outcome=\"duplicate\""), 1u);
    EXPECT_EQ(env.inbox_count(), 1);
}

TEST(WecomCallback, ExtremeTimestampsAreRefusedNotOverflowed) {
    CallbackEnv env;
    for (const std::int64_t ts : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
        const auto r = env.post(sign_callback(env.crypto, text_message_xml("u", "hi", "9", env.now()), ts, "x"));
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 401);
    }
    EXPECT_EQ(env.inbox_count(), 0);
}

TEST(WecomCallback, AThousandCallbacksEachSentTwiceSomeConcurrentlyMakeAThousandInboxEntries) {
    CallbackEnv env;
    const auto t = env.now();
    std::vector<SignedCallback> callbacks;
    for (int i = 0; i < 1000; ++i)
        callbacks.push_back(sign_callback(env.crypto, text_message_xml("u" + std::to_string(i % 37), "查询 " + std::to_string(i),
                                                                       std::to_string(900000 + i), t),
                                          t, "nonce" + std::to_string(i)));
    std::atomic<int> not_ok{0};
    auto send_range = [&](int from, int to, bool twice_at_once) {
        auto c = env.client();
        for (int i = from; i < to; ++i) {
            if (twice_at_once) {
                // Both copies in flight together, on two connections.
                std::thread other([&, i] {
                    auto c2 = env.client();
                    auto r = c2.Post(("/wecom/callback?" + callbacks[i].query).c_str(), callbacks[i].body, "text/xml");
                    if (!r || r->status != 200) ++not_ok;
                });
                auto r = c.Post(("/wecom/callback?" + callbacks[i].query).c_str(), callbacks[i].body, "text/xml");
                if (!r || r->status != 200) ++not_ok;
                other.join();
            } else {
                for (int k = 0; k < 2; ++k) {
                    auto r = c.Post(("/wecom/callback?" + callbacks[i].query).c_str(), callbacks[i].body, "text/xml");
                    if (!r || r->status != 200) ++not_ok;
                }
            }
        }
    };
    std::vector<std::thread> threads;
    for (int w = 0; w < 8; ++w) threads.emplace_back(send_range, w * 125, (w + 1) * 125, w % 2 == 0);
    for (auto& th : threads) th.join();
    EXPECT_EQ(not_ok, 0);
    EXPECT_EQ(env.inbox_count(), 1000);
}
