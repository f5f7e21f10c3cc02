// Hostile and broken input through the real binary's public interfaces: an encrypted callback
// whose text is not UTF-8, and a signed intake post that tries to forge a log line.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

const std::string kIntakeSecret = "renmin-secret-0123456789";

// Every line of the bot's log is one event: it starts with the timestamp and a level.
void expect_one_event_per_line(const std::string& log) {
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        EXPECT_TRUE(line.size() > 24 && line[4] == '-' && line[10] == 'T') << "a line that is not an event: " << line;
    }
}

}  // namespace

TEST(HostileInput, InvalidUtf8InASignedCallbackIsAcknowledgedStoredAndAnsweredAsUnreadable) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url());
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;

    const std::string bytes = "\xFF\xFE\xC3\x28\xE2\x82";
    EXPECT_EQ(bot.send_text("zhangwei", "签收 " + bytes, "9001"), 200);  // acknowledged, so WeCom does not retry
    EXPECT_EQ(bot.send_text("zhangwei", "签收 " + bytes, "9001"), 200);  // WeCom's retry: the same message, once
    std::vector<Delivery> got;
    ASSERT_TRUE(eventually([&] { return !(got = fake.deliveries()).empty(); })) << bot.log();
    EXPECT_EQ(got.size(), 1u);
    const std::string text = got[0].body["text"]["content"];
    EXPECT_NE(text.find("无法识别的字符"), std::string::npos) << text;
    EXPECT_EQ(got[0].body["touser"], "zhangwei");

    EXPECT_EQ(bot.stop(), 0);
    log = bot.log();
    EXPECT_EQ(log.find("status=500"), std::string::npos) << log;
    EXPECT_EQ(log.find("invalid UTF-8"), std::string::npos) << log;
}

TEST(HostileInput, AnIntakeIdWithANewlineIsRefusedAndNoValueCanForgeALogLine) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url(),
                   "[intake]\nenabled = true\nrenmin_secret = \"" + kIntakeSecret +
                       "\"\nhotline12345_secret = \"hotline-secret-0123456789\"\n[privacy]\nkey = \"YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=\"\n");
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    httplib::Client c("127.0.0.1", bot.port());
    const auto post = [&](const nlohmann::json& body) {
        const auto ts = std::to_string(std::time(nullptr));
        const auto text = body.dump();
        const auto sig = adapters::hex_lower(adapters::hmac_sha256(kIntakeSecret, ts + "." + text));
        return c.Post("/intake/tickets", {{"X-Hotline-Timestamp", ts}, {"X-Hotline-Signature", sig}}, text,
                      "application/json");
    };
    const std::string forged = "2026-12-01T10:00:00.000+0000 critical forged log line";
    nlohmann::json msg{{"source", "renmin"},     {"source_id", "RM-1\n" + forged}, {"title", "路灯不亮"},
                       {"content", "路灯坏了"}, {"citizen_phone", "13812345678"}, {"received_at", std::time(nullptr)}};
    auto r = post(msg);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_EQ(nlohmann::json::parse(r->body)["field"], "source_id") << r->body;

    // A value that is refused but still named in the log: an unknown field called with a newline.
    msg["source_id"] = "RM-1";
    msg["x\n" + forged] = 1;
    r = post(msg);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;

    EXPECT_EQ(bot.stop(), 0);
    log = bot.log();
    EXPECT_EQ(log.find("\n" + forged), std::string::npos) << log;
    EXPECT_NE(log.find("x\\n2026-12-01"), std::string::npos) << "the newline is shown escaped: " << log;
    expect_one_event_per_line(log);
}
