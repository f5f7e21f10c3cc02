// `hotline-bot sandbox` as a trainer runs it: it refuses a configuration that reaches real people,
// its page refuses posts from elsewhere, it removes its throw-away store when it ends, and `serve`
// has no /sandbox at all. (What a trainer does on the page: tests/web/workbench_browser_test.cpp.)
#include <gtest/gtest.h>
#include <httplib.h>

#include <csignal>
#include <filesystem>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

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
    const int port = free_port();
    Child sandbox({HOTLINE_BOT_BINARY, "sandbox", "--config", std::string(HOTLINE_SOURCE_DIR) + "/config/hotline.example.toml",
                   "--port", std::to_string(port)});
    std::string banner;
    while (banner.find("培训沙盘") == std::string::npos) {
        const auto line = sandbox.read_line(std::chrono::seconds(60));
        ASSERT_TRUE(line) << "the sandbox did not start";
        banner = *line;
    }
    const auto at = banner.find("数据在 ") + std::string("数据在 ").size();
    const std::filesystem::path folder = banner.substr(at, banner.find("，", at) - at);
    EXPECT_TRUE(std::filesystem::exists(folder / "sandbox.db")) << banner;
    httplib::Client client("127.0.0.1", port);
    ASSERT_TRUE(eventually([&] { return client.Get("/sandbox") != nullptr; }));
    const auto page = client.Get("/sandbox");
    EXPECT_NE(page->body.find("王芳"), std::string::npos) << "the example directory's personas";

    const auto foreign = client.Post("/sandbox/clock", "as=zhangwei&step=day", "application/x-www-form-urlencoded");
    ASSERT_TRUE(foreign);
    EXPECT_EQ(foreign->status, 403);
    EXPECT_EQ(client.Get("/sandbox")->body.find("已拨快"), std::string::npos) << "the clock did not move";

    sandbox.signal(SIGTERM);
    EXPECT_EQ(sandbox.wait(), 0);
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
