// The hotline-bot binary as an operator runs it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "tests/support/process.h"
#include "workflow/store/sqlite/migrations.h"
#include "tests/support/test_env.h"

using namespace hotline::testing;

namespace {

const std::string kBot = HOTLINE_BOT_BINARY;

std::string write_config(const TempDir& dir, int port, const std::string& extra = "") {
    const auto path = dir / "hotline.toml";
    std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:" << port << "\"\n"
                        << "[store]\npath = \"var/hotline.db\"\n"
                        << "[calendar]\nholidays_dir = \"" << holidays_dir().string() << "\"\n"
                        << "[directory]\nfile = \"" << (source_dir() / "config" / "directory.example.toml").string()
                        << "\"\n"
                        << extra;
    return path.string();
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST(Cli, VersionAndHelp) {
    auto r = run({kBot, "version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(contains(r.output, "hotline-bot 0.")) << r.output;
    r = run({kBot, "--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* sub : {"serve", "migrate", "check-config", "directory", "audit"}) EXPECT_TRUE(contains(r.output, sub));
}

TEST(Cli, CheckConfigPrintsEveryProblemWithFileAndKeyAndFails) {
    TempDir dir;
    const auto path = dir / "bad.toml";
    std::ofstream(path) << "[server]\nlisten = 8080\n[wecom]\nencoding_aes_key = \"short\"\ncorpid = \"x\"\n";
    const auto r = run({kBot, "check-config", "--config", path.string()});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains(r.output, path.string() + ": server.listen: expected a string")) << r.output;
    EXPECT_TRUE(contains(r.output, path.string() + ": wecom.corpid: unknown key")) << r.output;
    EXPECT_TRUE(contains(r.output, path.string() + ": store: missing required key")) << r.output;
}

// A command that is slow to print (Node loading its packages on a busy machine took over 300 ms)
// is read to its end, not cut off after a moment of silence; one that hangs is killed.
TEST(TestHarness, RunReadsASlowCommandToItsEndAndKillsAHungOne) {
    auto r = run({"/bin/sh", "-c", "sleep 0.5; echo late; sleep 0.5; echo later"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.output, "late\nlater\n");
    r = run({"/bin/sh", "-c", "echo started; exec sleep 60"}, std::chrono::seconds(1));
    EXPECT_EQ(r.exit_code, 128 + SIGKILL);
    EXPECT_TRUE(contains(r.output, "started")) << r.output;
    EXPECT_TRUE(contains(r.output, "killed after 1000 ms")) << r.output;
}

TEST(Cli, CheckConfigAcceptsTheExample) {
    const auto r = run({kBot, "check-config", "--config", (source_dir() / "config" / "hotline.example.toml").string()});
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(Cli, ServeAnswersHealthzAndStopsCleanlyOnSigterm) {
    TempDir dir;
    const int port = free_port();
    const auto config = write_config(dir, port);
    // One message handled before the start: the inbox gauge counts it.
    EXPECT_EQ(run({kBot, "say", "--as", "wangfang", "帮助", "--config", config}).exit_code, 0);
    Child bot({kBot, "serve", "--config", config});
    httplib::Client c("127.0.0.1", port);
    ASSERT_TRUE(eventually([&] { return static_cast<bool>(c.Get("/healthz")); })) << bot.rest_of_stdout();
    auto r = c.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    auto m = c.Get("/metrics");
    ASSERT_TRUE(m);
    EXPECT_TRUE(contains(m->body, "hotline_tickets{state=\"received\"} 0")) << m->body;
    EXPECT_TRUE(contains(m->body, "hotline_inbox_entries{channel=\"console\",state=\"done\"} 1")) << m->body;
    bot.signal(SIGTERM);
    EXPECT_EQ(bot.wait(), 0);
    const auto log = bot.rest_of_stdout();
    EXPECT_TRUE(contains(log, "stopped cleanly")) << log;
    EXPECT_TRUE(contains(log, "http method=GET path=/healthz status=200")) << log;
    EXPECT_TRUE(contains(log, "no holiday data for 2027")) << log;
}

TEST(Cli, ServeRefusesABadConfigWithoutStarting) {
    TempDir dir;
    const auto config = write_config(dir, free_port(), "[log]\nlevel = \"chatty\"\n");
    const auto r = run({kBot, "serve", "--config", config});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "log.level")) << r.output;
}

TEST(Cli, SayTicketAddAndDeadLetters) {
    TempDir dir;
    const auto config = write_config(dir, free_port());
    auto r = run({kBot, "ticket", "add", "--source-id", "RM-1", "--title", "路灯不亮", "--content", "小区路灯坏了",
                  "--config", config});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "created ticket #1")) << r.output;
    r = run({kBot, "say", "--as", "wangfang", "认领１", "--config", config});
    EXPECT_TRUE(contains(r.output, "已认领：工单#1")) << r.output;
    r = run({kBot, "say", "--as", "zhangwei", "认领 1", "--config", config});
    EXPECT_TRUE(contains(r.output, "没有此权限")) << r.output;

    r = run({kBot, "outbox", "dead", "--config", config});
    EXPECT_TRUE(contains(r.output, "no dead letters")) << r.output;
    {
        sqlite3* db = nullptr;
        sqlite3_open((dir / "var" / "hotline.db").c_str(), &db);
        sqlite3_exec(db, "UPDATE outbox SET state = 'dead', last_error = 'errcode 81013: invalid user' WHERE id = 1",
                     nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    r = run({kBot, "outbox", "dead", "--config", config});
    EXPECT_TRUE(contains(r.output, "errcode 81013")) << r.output;
    EXPECT_FALSE(contains(r.output, "路灯")) << "message text must not be printed";
    r = run({kBot, "outbox", "requeue", "1", "999", "--config", config});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.output, "requeued 1")) << r.output;
    EXPECT_TRUE(contains(r.output, "999: not a dead letter")) << r.output;
}

TEST(Cli, MigrateDirectoryImportAndAuditVerify) {
    TempDir dir;
    const auto config = write_config(dir, free_port());
    auto r = run({kBot, "migrate", "--config", config});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto latest = std::to_string(hotline::workflow::latest_schema_version());
    EXPECT_TRUE(contains(r.output, "schema version " + latest + " (latest " + latest + ")")) << r.output;
    const auto directory = (source_dir() / "config" / "directory.example.toml").string();
    r = run({kBot, "directory", "import", directory, "--config", config});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "directory updated: units: 3 added")) << r.output;
    r = run({kBot, "directory", "import", directory, "--config", config});
    EXPECT_TRUE(contains(r.output, "directory unchanged")) << r.output;
    r = run({kBot, "audit", "verify", "--config", config});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "audit chain OK: 1 events verified")) << r.output;

    const auto bad = dir / "bad-directory.toml";
    std::ofstream(bad) << "[[people]]\nuserid = \"x\"\nname = \"x\"\nroles = [\"boss\"]\n";
    r = run({kBot, "directory", "import", bad.string(), "--config", config});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains(r.output, "unknown role \"boss\"")) << r.output;
}

TEST(Cli, ReportAndArchiveExportFromTheCommandLine) {
    TempDir dir;
    const auto config = write_config(dir, free_port());
    auto r = run({kBot, "ticket", "add", "--source-id", "RM-9", "--title", "路灯不亮", "--content", "小区路灯坏了",
                  "--config", config});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run({kBot, "report", "--period", "本月", "--format", "xlsx", "--out", (dir / "m.xlsx").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(std::filesystem::exists(dir / "m.xlsx"));
    EXPECT_TRUE(std::filesystem::exists(dir / "m.png"));  // the chart next to the report
    r = run({kBot, "report", "--period", "下个月", "--out", (dir / "x.md").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "not understood")) << r.output;

    r = run({kBot, "archive", "export", "--ticket", "1", "--out", (dir / "files").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "audit chain verified")) << r.output;
    EXPECT_TRUE(std::filesystem::exists(dir / "files" / "ticket-1" / "record.md"));
    // Numbers in clear only for an administrator who says who they are.
    r = run({kBot, "archive", "export", "--ticket", "1", "--unmasked", "--out", (dir / "clear").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "administrator")) << r.output;
    r = run({kBot, "archive", "export", "--ticket", "1", "--unmasked", "--as", "wangfang", "--out",
             (dir / "clear").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(Cli, TheSupervisionNoticeAsPdfAndWorkbookWithInstructionsOnlyWhenAsked) {
    TempDir dir;
    const auto config = write_config(dir, free_port());
    auto say = [&](const char* who, const std::string& text) {
        return run({kBot, "say", "--as", who, text, "--config", config}).output;
    };
    ASSERT_EQ(run({kBot, "ticket", "add", "--source-id", "RM-7", "--title", "楼道灯不亮", "--content", "三单元楼道灯坏了",
                   "--config", config})
                  .exit_code,
              0);
    EXPECT_TRUE(contains(say("wangfang", "认领 1"), "已认领"));
    EXPECT_TRUE(contains(say("wangfang", "派单 1 住建局 投诉"), "旗住房和城乡建设局"));
    {
        // Dispatched seven hours ago, so the return below comes after the 6-hour window.
        sqlite3* db = nullptr;
        sqlite3_open((dir / "var" / "hotline.db").c_str(), &db);
        sqlite3_exec(db, "UPDATE tickets SET dispatched_at = dispatched_at - 7 * 3600 WHERE id = 1", nullptr, nullptr,
                     nullptr);
        sqlite3_close(db);
    }
    EXPECT_TRUE(contains(say("zhangwei", "退单 1 不属于本单位职责"), "6小时内"));
    EXPECT_TRUE(contains(say("zhouhua", "批示 1 请住建局当日修复"), "批示"));
    const auto asked = say("wangfang", "通报 本月");
    EXPECT_TRUE(contains(asked, "【督办通报】")) << asked;
    EXPECT_TRUE(contains(asked, "超时申请退单1件")) << asked;
    EXPECT_TRUE(contains(say("zhangwei", "通报 本月"), "没有此权限"));

    auto text_of = [&](const std::filesystem::path& pdf) {
        const auto r = run({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
        EXPECT_EQ(r.exit_code, 0) << r.output;
        std::string t = r.output;
        std::erase_if(t, [](char c) { return c == '\n' || c == ' '; });
        return t;
    };
    auto r = run({kBot, "report", "--kind", "supervision", "--period", "本月", "--format", "pdf", "--out",
                  (dir / "notice.pdf").string(), "--config", config});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "1 case(s)")) << r.output;
    const auto plain = text_of(dir / "notice.pdf");
    EXPECT_TRUE(contains(plain, "督办通报")) << plain;
    EXPECT_TRUE(contains(plain, "申请退单，已超出派单后6小时的时限")) << plain;
    EXPECT_FALSE(contains(plain, "当日修复")) << "instructions are left out unless asked for";
    r = run({kBot, "report", "--kind", "supervision", "--period", "本月", "--format", "pdf", "--with-instructions",
             "--out", (dir / "full.pdf").string(), "--config", config});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(text_of(dir / "full.pdf"), "请住建局当日修复"));
    r = run({kBot, "report", "--kind", "supervision", "--period", "本月", "--format", "xlsx", "--out",
             (dir / "notice.xlsx").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(std::filesystem::exists(dir / "notice.xlsx"));
    r = run({kBot, "report", "--kind", "supervision", "--format", "md", "--out", (dir / "n.md").string(), "--config",
             config});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "pdf or xlsx")) << r.output;
    r = run({kBot, "report", "--format", "pdf", "--out", (dir / "s.pdf").string(), "--config", config});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "--kind supervision")) << r.output;
}
