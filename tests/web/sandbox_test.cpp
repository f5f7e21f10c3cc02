// `hotline-bot sandbox` as a trainer runs it: it refuses a configuration that reaches real people,
// its page refuses posts from elsewhere, it removes its throw-away store when it ends, and `serve`
// has no /sandbox at all. (What a trainer does on the page: tests/web/workbench_browser_test.cpp.)
#include <gtest/gtest.h>
#include <httplib.h>

#include <array>
#include <csignal>
#include <filesystem>

#include "adapters/crypto/encoding.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "tests/web/sandbox_process.h"

using namespace hotline;
using namespace hotline::testing;

TEST(Sandbox, RefusesAConfigurationThatReachesRealPeople) {
    TempDir dir;
    FakeWecomServer fake{kCorpId, "app-secret"};
    const BotProcess configured(dir.path(), fake.base_url());  // writes a configuration with [wecom] on
    const auto r = run({HOTLINE_BOT_BINARY, "sandbox", "--config", configured.config_path(), "--port",
                        std::to_string(free_port())});
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("sandbox: refused"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("[wecom]"), std::string::npos) << r.output;
    EXPECT_EQ(fake.send_requests(), 0);
}

TEST(Sandbox, ItsPageRefusesForeignPostsAndItsStoreIsGoneWhenItEnds) {
    SandboxProcess sandbox;
    ASSERT_TRUE(sandbox.started()) << "the sandbox did not start";
    const auto& banner = sandbox.banner;
    const auto at = banner.find("数据在 ") + std::string("数据在 ").size();
    const std::filesystem::path folder = banner.substr(at, banner.find("，", at) - at);
    EXPECT_TRUE(std::filesystem::exists(folder / "sandbox.db")) << banner;
    httplib::Client client("127.0.0.1", sandbox.port);
    const auto page = client.Get("/sandbox");
    EXPECT_NE(page->body.find("王芳"), std::string::npos) << "the example directory's personas";

    const auto foreign = client.Post("/sandbox/clock", "as=zhangwei&step=day", "application/x-www-form-urlencoded");
    ASSERT_TRUE(foreign);
    EXPECT_EQ(foreign->status, 403);
    EXPECT_EQ(client.Get("/sandbox")->body.find("已拨快"), std::string::npos) << "the clock did not move";

    sandbox.child.signal(SIGTERM);
    EXPECT_EQ(sandbox.child.wait(), 0);
    EXPECT_FALSE(std::filesystem::exists(folder)) << folder;
}

TEST(Sandbox, ServeHasNoSandboxPage) {
    TempDir dir;
    FakeWecomServer fake{kCorpId, "app-secret"};
    BotProcess bot(dir.path(), fake.base_url(), "[web]\nenabled = true\npublic_url = \"http://127.0.0.1:{port}\"\n");
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    httplib::Client client("127.0.0.1", bot.port());
    EXPECT_EQ(client.Get("/sandbox")->status, 404);
    EXPECT_EQ(client.Post("/sandbox/clock", "step=day", "application/x-www-form-urlencoded")->status, 404);
}

TEST(Sandbox, StartsItsClockWhereTheTrainerSaysAndRefusesATimeItCannotRead) {
    const auto refused = run({HOTLINE_BOT_BINARY, "sandbox", "--config",
                              std::string(HOTLINE_SOURCE_DIR) + "/config/hotline.example.toml", "--port",
                              std::to_string(free_port()), "--start", "2026-02-30 09:00"});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.output.find("YYYY-MM-DD HH:MM"), std::string::npos) << refused.output;

    SandboxProcess sandbox({"--start", "2026-12-08 08:50"});
    ASSERT_TRUE(sandbox.started()) << "the sandbox did not start";
    const auto page = httplib::Client("127.0.0.1", sandbox.port).Get("/sandbox")->body;
    EXPECT_NE(page.find("沙盘时间：<strong>北京时间2026-12-08 08:50</strong></p>"), std::string::npos)
        << "the start is not counted as a move of the clock\n" << page;
}

// The trainer plays the survey: 王芳's 已答复 starts it, "到下一个提醒" moves the clock to its
// question (in the SMS daytime: the demo tickets' reminders, mostly in the evening and early
// morning, come first but are not jumped over), the citizen's panel shows the SMS as they would
// read it, and their answer reaches the survey. Whatever the time of day the session begins.
class SandboxSurvey : public ::testing::TestWithParam<const char*> {};

TEST_P(SandboxSurvey, TheSmsReachesTheDemoCitizenWhoseAnswerIsMatched) {
    SandboxProcess sandbox({"--start", GetParam()});
    ASSERT_TRUE(sandbox.started()) << "the sandbox did not start";
    httplib::Client client("127.0.0.1", sandbox.port);
    client.set_read_timeout(std::chrono::seconds(60));  // a post waits for the bot's answer
    // A request that gets no answer is an empty page or status 0, never a crash of the test.
    const auto get = [&](const char* path) {
        const auto r = client.Get(path);
        return r ? r->body : std::string{};
    };
    const auto page = get("/sandbox");
    const std::string key = "name=\"token\" value=\"";
    ASSERT_NE(page.find(key), std::string::npos) << page;
    const auto token = page.substr(page.find(key) + key.size(), 32);
    const auto post = [&](const char* path, const std::string& body) {
        const auto r = client.Post(path, "token=" + token + "&" + body, "application/x-www-form-urlencoded");
        return r ? r->status : 0;
    };
    ASSERT_EQ(post("/sandbox/say", "as=wangfang&text=" + adapters::url_encode("已答复 6")), 302);
    EXPECT_NE(get("/sandbox?as=wangfang").find("已登记答复：工单#6"), std::string::npos);
    // The reminders of the demo tickets come first; the survey's question is among the next few.
    std::string citizen = get("/sandbox?as=citizen");
    bool announced = false;
    for (int i = 0; i < 10 && citizen.find("编号6") == std::string::npos; ++i) {
        announced = announced || citizen.find("工单#6的短信回访）") != std::string::npos;
        ASSERT_EQ(post("/sandbox/clock", "as=citizen&step=next"), 302);
        citizen = get("/sandbox?as=citizen");
    }
    EXPECT_TRUE(announced) << "the page names the survey as the next thing due";
    EXPECT_EQ(citizen.find("工单#0"), std::string::npos) << "the morning digest is no ticket";
    EXPECT_NE(citizen.find("【县12345热线】您反映的问题（编号6）已办结"), std::string::npos) << citizen;
    EXPECT_NE(citizen.find("发往138****1234"), std::string::npos);
    EXPECT_EQ(citizen.find("13800001234"), std::string::npos) << "the number masked on the page";
    ASSERT_EQ(post("/sandbox/sms", "as=citizen&text=1"), 302);
    sandbox.child.signal(SIGTERM);
    const auto log = sandbox.child.read_to_eof(std::chrono::seconds(30));
    ASSERT_TRUE(log);
    EXPECT_NE(log->find("sms: reply via sandbox from 138****1234 -> matched"), std::string::npos) << *log;
    EXPECT_EQ(log->find("13800001234"), std::string::npos) << "nor in the log";
    EXPECT_EQ(sandbox.child.wait(), 0);
}

// The evening (outside the SMS daytime, and full of reminders), the night, and the daytime.
INSTANTIATE_TEST_SUITE_P(Sandbox, SandboxSurvey, ::testing::Values("2026-12-07 20:05", "2026-12-08 03:00", "2026-12-08 10:00"),
                         [](const auto& info) { return std::string(std::array{"Evening", "Night", "Daytime"}[info.index]); });
