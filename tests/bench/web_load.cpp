// The workbench under load through the real binary: `sessions` people of one unit, each signed in
// through the fake WeCom's OAuth, each with their own keep-alive connection, asking for pages one
// after the other (closed loop) — 我的待办, a ticket's page, the result form — for `seconds`.
// Reports each page's latency, p50 and p99, and the pages served per second. Goal: p99 < 50 ms at
// 50 concurrent sessions. The per-session limit is raised for it (a person makes at most 120
// requests a minute; here each session asks as fast as the bot answers).
// Run: build/tests/hotline_web_load [sessions=50] [seconds=10] [tickets=40]
#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/bench/bench_people.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/http_load.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using Clock = std::chrono::steady_clock;

namespace {

// Signs `userid` in as WeCom's in-app browser does; the session cookie, or "" when it fails.
std::string sign_in(int bot_port, FakeWecomServer& fake, const std::string& userid) {
    const httplib::Headers ua{{"User-Agent", "Mozilla/5.0 (iPhone) wxwork/4.1.20"}};
    httplib::Client bot("127.0.0.1", bot_port);
    const auto login = bot.Get("/web/login?next=%2Fweb%2F", ua);
    if (!login || login->status != 302) return "";
    const auto state_cookie = login->get_header_value("Set-Cookie");
    const auto to_wecom = login->get_header_value("Location");
    fake.sign_in_as(userid);
    httplib::Client wecom("127.0.0.1", std::stoi(fake.base_url().substr(fake.base_url().rfind(':') + 1)));
    const auto path = to_wecom.substr(to_wecom.find('/', 7));
    const auto back = wecom.Get(path.substr(0, path.find('#')), ua);
    if (!back || back->status != 302) return "";
    const auto location = back->get_header_value("Location");
    auto headers = ua;
    headers.emplace("Cookie", state_cookie.substr(0, state_cookie.find(';')));
    const auto done = bot.Get(location.substr(location.find('/', 7)), headers);
    if (!done || done->status != 302) return "";
    const auto session = done->get_header_value("Set-Cookie");
    return session.substr(0, session.find(';'));
}

}  // namespace

int main(int argc, char** argv) {
    const auto sessions = static_cast<std::size_t>(argc > 1 ? std::stoi(argv[1]) : 50);
    const int seconds = argc > 2 ? std::stoi(argv[2]) : 10;
    const int tickets = argc > 3 ? std::stoi(argv[3]) : 40;
    spdlog::set_level(spdlog::level::warn);

    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url(),
                   "[log]\nlevel = \"warn\"\n[web]\nenabled = true\npublic_url = \"http://127.0.0.1:{port}\"\n"
                   "requests_per_minute = 100000\noauth_base = \"" + fake.base_url() + "\"\nqr_login_base = \"" + fake.base_url() + "\"\n",
                   write_bench_directory(dir.path(), sessions));
    std::string log;
    if (!bot.start(&log)) {
        std::fprintf(stderr, "the bot did not start:\n%s\n", log.c_str());
        return 1;
    }
    // The unit's tickets, dispatched to it, so every page has something to show.
    for (int i = 1; i <= tickets; ++i) {
        const auto added = run({HOTLINE_BOT_BINARY, "ticket", "add", "--config", bot.config_path(), "--source-id",
                                fmt::format("WEB-{}", i), "--title", fmt::format("供暖不热{}", i), "--content",
                                "暖气只有十几度，老人孩子受不了。", "--category", "complaint"});
        if (added.exit_code != 0) {
            std::fprintf(stderr, "ticket add failed: %s\n", added.output.c_str());
            return 1;
        }
        bot.send_text("wangfang", fmt::format("认领 {}", i), fmt::format("c{}", i));
        bot.send_text("wangfang", fmt::format("派单 {} 住建局 投诉", i), fmt::format("d{}", i));
    }
    std::vector<std::string> cookies;
    for (std::size_t i = 0; i < sessions; ++i) {
        cookies.push_back(sign_in(bot.port(), fake, bench_handler(i)));
        if (cookies.back().empty()) {
            std::fprintf(stderr, "sign-in of %s failed\n%s\n", bench_handler(i).c_str(), bot.log().c_str());
            return 1;
        }
    }
    // Wait until the last ticket is the unit's.
    const bool ready = eventually([&] {
        httplib::Client c("127.0.0.1", bot.port());
        const auto r = c.Get(fmt::format("/web/ticket?id={}", tickets), {{"Cookie", cookies[0]}});
        return r && r->status == 200 && r->body.find("已派单") != std::string::npos;
    });
    if (!ready) {
        std::fprintf(stderr, "the tickets were not dispatched\n%s\n", bot.log().c_str());
        return 1;
    }

    const std::vector<std::string> pages{"/web/", "/web/ticket?id=", "/web/result?id="};
    std::mutex mutex;
    std::map<std::string, std::vector<double>> latency;
    std::atomic<int> failures{0};
    const auto until = Clock::now() + std::chrono::seconds(seconds);
    std::vector<std::thread> people;
    for (std::size_t s = 0; s < sessions; ++s)
        people.emplace_back([&, s] {
            const int fd = connect_to(bot.port());
            std::string buf;
            std::map<std::string, std::vector<double>> mine;
            for (std::size_t n = s; Clock::now() < until; ++n) {
                const auto& page = pages[n % pages.size()];
                const std::string target = page.back() == '=' ? page + std::to_string(1 + n % tickets) : page;
                const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookies[s] +
                                            "\r\nUser-Agent: wxwork\r\n\r\n";
                const auto t0 = Clock::now();
                // The result form is the handler's only once signed for: a 403 page is a page too.
                if (!exchange(fd, request, buf) && buf.compare(9, 3, "403") != 0) ++failures;
                mine[page].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
            close(fd);
            std::lock_guard lock(mutex);
            for (auto& [p, v] : mine) latency[p].insert(latency[p].end(), v.begin(), v.end());
        });
    for (auto& t : people) t.join();
    const int code = bot.stop();

    std::size_t total = 0;
    std::vector<double> all;
    std::printf("%zu sessions for %d s (closed loop, one keep-alive connection each), %d tickets of the unit\n", sessions,
                seconds, tickets);
    for (const auto& page : pages) {
        const auto& v = latency[page];
        total += v.size();
        all.insert(all.end(), v.begin(), v.end());
        std::printf("%-18s %7zu pages   p50 %6.2f ms   p99 %6.2f ms\n", page.c_str(), v.size(), percentile(v, 0.5),
                    percentile(v, 0.99));
    }
    std::printf("all pages          %7zu pages   p50 %6.2f ms   p99 %6.2f ms   %.0f pages/s   failures %d\n", total,
                percentile(all, 0.5), percentile(all, 0.99), static_cast<double>(total) / seconds, failures.load());
    return failures == 0 && code == 0 ? 0 : 1;
}
