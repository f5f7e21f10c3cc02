// The workbench in a real browser (Debian's headless Chromium, driven through chromium-driver by
// tests/web/browser/workbench_browser.py on python3-selenium): sign-in through the fake WeCom's QR login, 待办, 签收,
// the result form with live preview and uploaded evidence, the leader opening the card's link and
// approving on the page, another unit's 403, a post without the CSRF token, the 三率 page. The
// screenshots land in the build folder's tests/browser-screenshots.
#include <gtest/gtest.h>

#include <httplib.h>

#include <filesystem>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "tests/web/sandbox_process.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

// In the build folder whatever the working directory, so a run from the source tree leaves nothing there.
const std::filesystem::path kScreenshots = HOTLINE_SCREENSHOTS_DIR;

RunResult browser(const std::string& phase, const std::string& base, const std::string& url = {}) {
    // Debian's python3 (with Debian's python3-selenium), whatever python3 comes first on PATH.
    std::vector<std::string> argv{"/usr/bin/python3", std::string(HOTLINE_SOURCE_DIR) + "/tests/web/browser/workbench_browser.py",
                                  phase, base, kScreenshots.string()};
    if (!url.empty()) argv.push_back(url);
    return run(argv, std::chrono::minutes(3));
}

}  // namespace

TEST(WorkbenchBrowser, APersonsWholeDayOnThePagesInHeadlessChromium) {
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromedriver")) << "scripts/install-deps.sh installs chromium-driver";
    TempDir dir;
    FakeWecomServer fake{kCorpId, "app-secret"};
    fake.qr_member_picker({{"zhangwei", "张伟"}, {"liuyang", "刘洋"}, {"chenjing", "陈静"}, {"wangfang", "王芳"}});
    const std::string extra = "[web]\nenabled = true\npublic_url = \"http://127.0.0.1:{port}\"\noauth_base = \"" +
                              fake.base_url() + "\"\nqr_login_base = \"" + fake.base_url() + "\"\n";
    BotProcess bot(dir.path(), fake.base_url(), extra);
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    const auto added = run({HOTLINE_BOT_BINARY, "ticket", "add", "--config", bot.config_path(), "--source-id", "RM-1",
                            "--title", "供暖<script>alert(1)</script>不热", "--content",
                            "暖气只有十几度。<img src=x onerror=alert(2)>", "--category", "complaint"});
    ASSERT_EQ(added.exit_code, 0) << added.output;
    ASSERT_EQ(bot.send_text("wangfang", "认领 1", "m1"), 200);
    ASSERT_EQ(bot.send_text("wangfang", "派单 1 住建局 投诉", "m2"), 200);
    ASSERT_TRUE(eventually([&] {
        for (const auto& d : fake.deliveries())
            if (d.body.value("touser", "") == "zhangwei") return true;
        return false;
    })) << "the handler was told of the assignment\n" << bot.log();
    const std::string base = "http://127.0.0.1:" + std::to_string(bot.port());

    const auto handler = browser("handler", base);
    ASSERT_EQ(handler.exit_code, 0) << handler.output << "\n" << bot.log();
    std::cout << handler.output;

    // The leader's approval card links to the ticket's page.
    std::string card_url;
    ASSERT_TRUE(eventually([&] {
        for (const auto& d : fake.deliveries())
            if (d.body.value("touser", "") == "liuyang" && d.body.contains("template_card"))
                card_url = d.body["template_card"]["card_action"].value("url", "");
        return !card_url.empty();
    })) << bot.log();
    const auto leader = browser("leader", base, card_url);
    ASSERT_EQ(leader.exit_code, 0) << leader.output << "\n" << bot.log();
    std::cout << leader.output;

    for (const char* phase : {"other", "csrf", "staff"}) {
        const auto r = browser(phase, base);
        EXPECT_EQ(r.exit_code, 0) << phase << ":\n" << r.output;
        std::cout << r.output;
    }
    const auto text = bot.log();
    EXPECT_EQ(text.find("0477-1234567"), std::string::npos) << "the result's phone number stays out of the log";
    for (const char* png : {"01-todo", "02-ticket", "03-result", "04-leader-approved", "05-other-unit-403", "06-csrf-refused",
                            "07-rates"})
        EXPECT_GT(std::filesystem::file_size(kScreenshots / (std::string(png) + ".png")), 5000u) << png;
}

TEST(WorkbenchBrowser, TheSandboxAPersonasChatTheClockMovedToAReminderACardsButtonAndTheWorkbench) {
    SandboxProcess sandbox({"--start", "2026-12-07 16:00"});  // a Monday afternoon, the same in every run
    ASSERT_TRUE(sandbox.started()) << "the sandbox did not start";
    EXPECT_NE(sandbox.banner.find(sandbox.base() + "/sandbox"), std::string::npos) << sandbox.banner;
    const auto r = browser("sandbox", sandbox.base());
    EXPECT_EQ(r.exit_code, 0) << r.output << "\n" << sandbox.child.rest_of_stdout();
    std::cout << r.output;
}
