// Two hotline-bot instances on one PostgreSQL store, callbacks sent at random to either, one of
// them SIGKILLed and restarted again and again: every acknowledged command is applied once, every
// notification shown once, every due reminder fired once, the weekly report sent once, and the
// audit chain stays one chain.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"
#include "workflow/procedure/audit_chain.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kCommands = 2000;
constexpr int kOverdue = 200;  // tickets whose leader escalation is already due when the bots start
constexpr int kKills = 5;
constexpr int kSenders = 8;

std::string unit(int i) { return fmt::format("u{:04}", i); }
std::string handler(int i) { return fmt::format("h{:04}", i); }
std::string leader(int i) { return fmt::format("l{:04}", i); }

// One unit per command, with its handler and its leader: every message goes to a different person,
// so WeCom's per-person minute does not come into it.
std::filesystem::path write_directory(const std::filesystem::path& dir) {
    const auto path = dir / "directory.toml";
    std::ofstream out(path);
    out << "[[people]]\nuserid = \"wangfang\"\nname = \"王芳\"\nroles = [\"staff\"]\n\n";
    for (int i = 0; i < kCommands; ++i)
        out << "[[units]]\ncode = \"" << unit(i) << "\"\nname = \"单位" << i << "\"\n\n"
            << "[[people]]\nuserid = \"" << handler(i) << "\"\nname = \"经办人" << i << "\"\nroles = [\"handler\"]\nunit = \""
            << unit(i) << "\"\n\n"
            << "[[people]]\nuserid = \"" << leader(i) << "\"\nname = \"分管领导" << i
            << "\"\nroles = [\"unit_leader\"]\nunit = \"" << unit(i) << "\"\n\n";
    return path;
}

// The instance's transactions run again after a conflict with the other one, since it started
// (0 if /metrics does not answer).
long store_retries(const BotProcess& bot) {
    httplib::Client c("127.0.0.1", bot.port());
    const auto r = c.Get("/metrics");
    if (!r || r->status != 200) return 0;
    const std::string name = "\nhotline_store_transaction_retries ";
    const auto at = r->body.find(name);
    return at == std::string::npos ? 0 : std::atol(r->body.c_str() + at + name.size());
}

// A ticket per unit waiting for its leader's review, and in the first kOverdue units one more,
// 25 hours past its feedback deadline, whose escalation to the leader is due. The weekly report
// of last week is due too: the installation is older than this week. Returns the reviews' ids.
std::vector<std::int64_t> seed(workflow::Store& store) {
    std::vector<std::int64_t> ids(kCommands);
    const auto now = workflow::from_unix(static_cast<std::int64_t>(std::time(nullptr)));
    const auto ticket = [](workflow::StoreTx& tx, const std::string& source_id, workflow::State state, int unit_no,
                           workflow::Instant deadline, workflow::Instant now) {
        workflow::NewTicket n;
        n.source = "renmin";
        n.source_id = source_id;
        n.title = "留言" + source_id;
        n.content = "内容";
        n.received_at = now;
        auto t = *tx.tickets().find(tx.tickets().insert(n));
        t.state = state;
        t.unit_code = unit(unit_no);
        t.dispatched_at = deadline - std::chrono::hours(24 * 15);
        t.feedback_deadline = deadline;
        t.deadline_version = 1;
        t.updated_at = now;
        tx.tickets().update(t);
        return t.id;
    };
    store.transact([&](workflow::StoreTx& tx) {
        for (int i = 0; i < kCommands; ++i)
            ids[static_cast<std::size_t>(i)] = ticket(tx, fmt::format("chaos-{}", i), workflow::State::unit_review, i,
                                                      now + std::chrono::hours(24 * 15), now);
        for (int i = 0; i < kOverdue; ++i) {
            const auto deadline = now - std::chrono::hours(25);
            const auto id = ticket(tx, fmt::format("overdue-{}", i), workflow::State::handling, i, deadline, now);
            tx.timers().schedule(workflow::Timer{.ticket_id = id,
                                                 .kind = workflow::TimerKind::escalate_leader,
                                                 .due_at = deadline + std::chrono::hours(24),
                                                 .deadline_version = 1});
        }
        tx.schedule().claim_run("weekly:installed", now - std::chrono::hours(24 * 30));
    });
    return ids;
}

bool says(const Delivery& d, const char* text) { return d.body.dump().find(text) != std::string::npos; }

}  // namespace

TEST(MultiInstance, TwoInstancesOneInstanceKilledFiveTimesNothingLostOrDoubled) {
    ::setenv("HOTLINE_TEST_STORE", "postgresql", 1);  // the bots' [store]: this test's PostgreSQL schema
    TempDir dir;
    std::filesystem::create_directories(dir / "a");
    std::filesystem::create_directories(dir / "b");
    const auto directory = write_directory(dir.path());
    const auto ids = [&] {
        const auto store = PostgresBackend::open(dir.path());
        return seed(*store);
    }();

    FakeWecomServer fake(kCorpId, "app-secret");
    // Reminders at any hour (no quiet hours), and the weekly report due at once, to one person.
    const std::string extra =
        "[log]\nlevel = \"warn\"\n[reminders]\nquiet_hours_unit = \"\"\nquiet_hours_hotline = \"\"\n"
        "[reports]\nweekly = true\nmonthly = false\ntime = \"00:00\"\nrecipients = [\"wangfang\"]\n";
    std::vector<std::unique_ptr<BotProcess>> bots;
    bots.push_back(std::make_unique<BotProcess>(dir / "a", fake.base_url(), extra, directory, dir.path()));
    bots.push_back(std::make_unique<BotProcess>(dir / "b", fake.base_url(), extra, directory, dir.path()));
    std::string log;
    for (auto& b : bots) ASSERT_TRUE(b->start(&log)) << log;

    // Each command signed when it is first sent, as WeCom does; a retry sends the same request again.
    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    const auto sign = [&](int i) {
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        return sign_callback(
            crypto,
            text_message_xml(leader(i), fmt::format("退回 {} 原因分析不够具体", ids[static_cast<std::size_t>(i)]),
                             std::to_string(7'000'000 + i), now),
            now, fmt::format("chaos{}", i));
    };

    std::mutex bots_mutex;  // a bot being restarted is not sent to (its port answers nothing meanwhile)
    std::atomic<int> next{0}, acknowledged{0}, retries{0};
    std::vector<std::thread> senders;
    for (int s = 0; s < kSenders; ++s)
        senders.emplace_back([&, s] {
            std::mt19937 rng(static_cast<unsigned>(s) + 1);
            for (int i; (i = next++) < kCommands;) {
                const auto cb = sign(i);
                for (int attempt = 0;; ++attempt) {
                    int port = 0;
                    {
                        std::lock_guard lock(bots_mutex);
                        port = bots[rng() % 2]->port();
                    }
                    httplib::Client c("127.0.0.1", port);
                    c.set_connection_timeout(1, 0);
                    c.set_read_timeout(10, 0);
                    const auto r = c.Post(("/wecom/callback?" + cb.query).c_str(), cb.body, "text/xml");
                    if (r && r->status == 200) break;
                    ++retries;  // what WeCom does when a callback is not answered 200
                    std::this_thread::sleep_for(20ms);
                }
                ++acknowledged;
            }
        });

    long store_conflicts = 0;  // transactions run again, counted by the instances
    int kills = 0;
    for (; kills < kKills; ++kills) {
        const int at = kCommands * (kills + 1) / (kKills + 1);
        ASSERT_TRUE(eventually([&] { return acknowledged >= at; }, 300s)) << "stalled at " << acknowledged;
        auto& victim = *bots[static_cast<std::size_t>(kills % 2)];
        store_conflicts += store_retries(victim);
        victim.kill();
        std::this_thread::sleep_for(200ms);
        ASSERT_TRUE(victim.start(&log)) << log;
    }
    for (auto& t : senders) t.join();
    ASSERT_EQ(acknowledged.load(), kCommands);

    // As WeCom showed them: each handler's notice of the return, each leader's answer and (the
    // first kOverdue) escalation, and the weekly report.
    std::map<std::string, int> notices, answers, escalations;
    int weekly_reports = 0;
    const auto count = [&] {
        notices.clear();
        answers.clear();
        escalations.clear();
        weekly_reports = 0;
        for (const auto& d : fake.deliveries()) {
            if (d.path != "/cgi-bin/message/send") continue;
            const std::string to = d.body.value("touser", "");
            if (says(d, "分管领导退回办理结果")) ++notices[to];
            else if (says(d, "请分管领导督促办理")) ++escalations[to];
            else if (says(d, "三率统计")) weekly_reports += to == "wangfang";
            else ++answers[to];
        }
        int complete = 0;
        for (int i = 0; i < kCommands; ++i)
            complete += notices.contains(handler(i)) && answers.contains(leader(i)) &&
                        (i >= kOverdue || escalations.contains(leader(i)));
        return complete == kCommands && weekly_reports > 0;
    };
    const bool complete = eventually(count, 300s);
    for (auto& b : bots) store_conflicts += store_retries(*b);
    for (auto& b : bots) EXPECT_EQ(b->stop(), 0);
    count();
    ASSERT_TRUE(complete) << "notices " << notices.size() << ", answers " << answers.size() << ", escalations "
                          << escalations.size() << " of " << kCommands << "; weekly reports " << weekly_reports;

    int answers_repeated = 0;
    for (int i = 0; i < kCommands; ++i) {
        EXPECT_EQ(notices[handler(i)], 1) << handler(i) << ": the notice of a command is shown once";
        if (i < kOverdue) {
            EXPECT_EQ(escalations[leader(i)], 1) << leader(i) << ": a due reminder fires once";
        }
        answers_repeated += answers[leader(i)] - 1;
    }
    EXPECT_EQ(weekly_reports, 1) << "the weekly report goes out once whichever instance runs";
    // An answer is sent again only when its send was cut off by a kill (WeCom has no duplicate
    // check for answers): at most one per kill and sender.
    EXPECT_LE(answers_repeated, kKills * 4);

    const auto store = PostgresBackend::open(dir.path());
    std::map<std::int64_t, int> rejects;
    workflow::AuditChainVerifier chain;
    std::map<workflow::State, std::int64_t> states;
    store->transact([&](workflow::StoreTx& tx) {
        rejects.clear();
        chain = {};
        tx.audit().for_each([&](const workflow::AuditEvent& e) {
            if (e.action == "unit_reject") ++rejects[e.ticket_id];
            return chain.feed(e);
        });
        states = tx.tickets().counts_by_state();
    });
    EXPECT_FALSE(chain.first_break().has_value()) << chain.first_break()->reason;
    EXPECT_GT(chain.verified(), kCommands);  // the commands, and the first instance's directory sync
    for (const auto id : ids) EXPECT_EQ(rejects[id], 1) << "ticket " << id << ": the command applied once";
    EXPECT_EQ(states[workflow::State::handling], kCommands + kOverdue);  // returned, and the overdue ones

    std::cout << "multi-instance: " << kCommands << " commands to 2 instances, " << kOverdue
              << " escalations due, the weekly report due, " << kills << " SIGKILLs, " << retries
              << " callbacks sent again; answers shown twice: " << answers_repeated
              << "; repeats WeCom's duplicate check dropped: " << fake.duplicates_dropped()
              << "; store transactions run again after a conflict: " << store_conflicts << "\n";
    RecordProperty("answers_repeated", answers_repeated);
    RecordProperty("callback_retries", retries.load());
    RecordProperty("store_retries", static_cast<int>(store_conflicts));
}
