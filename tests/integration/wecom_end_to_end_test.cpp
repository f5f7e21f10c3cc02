// The real binary with WeCom enabled against the fake WeCom server: an encrypted chat message
// goes in through POST /wecom/callback, and the bot's answer comes out through message/send.
#include <gtest/gtest.h>
#include <httplib.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/process.h"
#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"
#include "tests/support/wecom_callbacks.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

TEST(WecomEndToEnd, AChatMessageInAndTheAnswerOutThroughTheRealBinary) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    const int port = free_port();
    const auto config = dir / "hotline.toml";
    std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:" << port << "\"\nthreads = 4\n"
                          << "[calendar]\nholidays_dir = \"" << holidays_dir().string() << "\"\n"
                          << "[directory]\nfile = \"" << (source_dir() / "config" / "directory.example.toml").string()
                          << "\"\n"
                          << "[wecom]\nenabled = true\ncorp_id = \"" << kCorpId << "\"\nagent_id = \"1000002\"\n"
                          << "secret = \"app-secret\"\ntoken = \"" << kToken << "\"\nencoding_aes_key = \"" << kAesKey
                          << "\"\napi_base = \"" << fake.base_url() << "\"\n"
                          << store_config_toml(dir.path());
    Child bot({HOTLINE_BOT_BINARY, "serve", "--config", config.string()});
    httplib::Client c("127.0.0.1", port);
    ASSERT_TRUE(eventually([&] { return static_cast<bool>(c.Get("/healthz")); })) << bot.rest_of_stdout();

    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    const auto cb = sign_callback(crypto, text_message_xml("zhangwei", "帮助", "424242", now), now, "e2e");
    auto r = c.Post(("/wecom/callback?" + cb.query).c_str(), cb.body, "text/xml");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);

    std::vector<Delivery> got;
    eventually([&] { return !(got = fake.deliveries()).empty(); });
    ASSERT_EQ(got.size(), 1u) << bot.rest_of_stdout();
    EXPECT_EQ(got[0].body["touser"], "zhangwei");
    EXPECT_EQ(got[0].body["msgtype"], "text");
    const std::string text = got[0].body["text"]["content"];
    EXPECT_NE(text.find("签收 工单号"), std::string::npos) << text;
    EXPECT_EQ(got[0].body["enable_duplicate_check"], 0);  // an answer: never swallowed as a duplicate

    bot.signal(SIGTERM);
    EXPECT_EQ(bot.wait(), 0);
    const auto log = bot.rest_of_stdout();
    EXPECT_EQ(log.find("app-secret"), std::string::npos) << "the secret reached the log";
    EXPECT_EQ(log.find(kAesKey), std::string::npos) << "the AES key reached the log";
}
