// `hotline-bot backup` while the real binary takes callbacks, then `restore` into another
// installation: the copy's audit chain verifies and it holds every callback acknowledged before
// the backup began.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "bot/backup/backup.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"

using namespace hotline;
using namespace hotline::bot;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

// A second installation (its own store and attachments) that a backup is restored into.
std::string restore_config(const TempDir& dir) {
    const auto path = dir / "restored.toml";
    std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:" << free_port() << "\"\n"
                        << "[store]\npath = \"" << (dir / "restored" / "hotline.db").string() << "\"\n"
                        << "[attachments]\ndir = \"" << (dir / "restored" / "files").string() << "\"\n"
                        << "[calendar]\nholidays_dir = \"" << holidays_dir().string() << "\"\n";
    return path.string();
}

}  // namespace

TEST(BackupRestore, ACopyTakenUnderCallbackLoadHoldsEveryAcknowledgedCallbackAndItsChainVerifies) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url(), "[attachments]\ndir = \"" + (dir / "files").string() + "\"\n");
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    std::filesystem::create_directories(dir / "files" / "ab");
    std::ofstream(dir / "files" / "ab" / "evidence-bytes") << "a photo";

    std::mutex m;
    std::vector<std::string> acknowledged;
    std::atomic<bool> stop{false};
    std::thread sender([&] {
        for (int i = 0; !stop; ++i) {
            const auto id = std::to_string(900000 + i);
            if (bot.send_text(i % 2 ? kStaff : kHandler, "帮助", id) == 200) {
                std::lock_guard lock(m);
                acknowledged.push_back(id);
            }
        }
    });
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(m);
        return acknowledged.size() >= 100;
    }));
    std::vector<std::string> before;
    {
        std::lock_guard lock(m);
        before = acknowledged;
    }
    const auto copy = dir / "backups" / "nightly.db";
    const auto backup = run({HOTLINE_BOT_BINARY, "backup", "--config", bot.config_path(), "--to", copy.string()});
    const auto during = [&] {
        std::lock_guard lock(m);
        return acknowledged.size() - before.size();
    }();
    stop = true;
    sender.join();
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    EXPECT_NE(backup.output.find("audit chain verified"), std::string::npos) << backup.output;
    EXPECT_NE(backup.output.find("1 file(s)"), std::string::npos) << backup.output;
    EXPECT_GT(during, 0u) << "callbacks went on being acknowledged while the backup ran";
    EXPECT_EQ(bot.stop(), 0);

    const auto config = restore_config(dir);
    const auto restored = run({HOTLINE_BOT_BINARY, "restore", "--config", config, "--from", copy.string()});
    ASSERT_EQ(restored.exit_code, 0) << restored.output;
    const auto verify = run({HOTLINE_BOT_BINARY, "audit", "verify", "--config", config});
    EXPECT_EQ(verify.exit_code, 0) << verify.output;
    EXPECT_NE(verify.output.find("audit chain OK"), std::string::npos) << verify.output;
    EXPECT_TRUE(std::filesystem::exists(dir / "restored" / "files" / "ab" / "evidence-bytes"));

    workflow::SqliteStore store((dir / "restored" / "hotline.db").string());
    std::set<std::string> missing;
    store.transact([&](workflow::StoreTx& tx) {
        missing.clear();
        for (const auto& id : before)
            if (!tx.inbox().by_key("wecom", "msg:" + id)) missing.insert(id);
    });
    EXPECT_TRUE(missing.empty()) << missing.size() << " of " << before.size()
                                 << " callbacks acknowledged before the backup are not in it, e.g. " << *missing.begin();
}

TEST(BackupRestore, RestoreRefusesARunningServiceAndAnExistingStoreUnlessTold) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url());
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    const auto copy = dir / "copy.db";
    ASSERT_EQ(run({HOTLINE_BOT_BINARY, "backup", "--config", bot.config_path(), "--to", copy.string()}).exit_code, 0);
    // A name in use is refused, and the refusal removes nothing: not the copy, even without its tarball.
    std::filesystem::rename(backup::attachments_tar_of(copy), dir / "tar-aside");
    const auto again = run({HOTLINE_BOT_BINARY, "backup", "--config", bot.config_path(), "--to", copy.string()});
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.output.find("exists already"), std::string::npos) << again.output;
    EXPECT_TRUE(std::filesystem::exists(copy));
    std::filesystem::rename(dir / "tar-aside", backup::attachments_tar_of(copy));

    const auto live = run({HOTLINE_BOT_BINARY, "restore", "--config", bot.config_path(), "--from", copy.string(), "--replace"});
    EXPECT_NE(live.exit_code, 0);
    EXPECT_NE(live.output.find("service is running"), std::string::npos) << live.output;
    EXPECT_EQ(bot.stop(), 0);

    const auto existing = run({HOTLINE_BOT_BINARY, "restore", "--config", bot.config_path(), "--from", copy.string()});
    EXPECT_NE(existing.exit_code, 0);
    EXPECT_NE(existing.output.find("--replace"), std::string::npos) << existing.output;
    const auto replaced =
        run({HOTLINE_BOT_BINARY, "restore", "--config", bot.config_path(), "--from", copy.string(), "--replace"});
    EXPECT_EQ(replaced.exit_code, 0) << replaced.output;

    std::ofstream(dir / "not-a-store.db") << "garbage, not SQLite";
    const auto garbage = run({HOTLINE_BOT_BINARY, "restore", "--config", bot.config_path(), "--from",
                              (dir / "not-a-store.db").string(), "--replace"});
    EXPECT_NE(garbage.exit_code, 0);
    EXPECT_NE(garbage.output.find("nothing was changed"), std::string::npos) << garbage.output;
    EXPECT_EQ(run({HOTLINE_BOT_BINARY, "audit", "verify", "--config", bot.config_path()}).exit_code, 0);
}

TEST(BackupRestore, ASecondServiceOnTheSameStoreRefusesToStart) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url());
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    const auto second = run({HOTLINE_BOT_BINARY, "serve", "--config", bot.config_path()}, 60s);
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.output.find("already serving"), std::string::npos) << second.output;
    EXPECT_EQ(bot.stop(), 0);
}
