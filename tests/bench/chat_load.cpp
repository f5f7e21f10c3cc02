// Chat commands end to end through the real binary: an encrypted callback into `hotline-bot serve`,
// and the answer arriving at the fake WeCom server's message/send. Commands are sent open-loop at
// a fixed rate (each one's latency counts from when it was due, so a slow answer cannot hold back
// the next command), each from another handler of the directory, so WeCom's per-person minute
// does not come into it. Reports the acknowledgement and the answer latency, p50 and p99.
// Run: build/tests/hotline_chat_load [commands_per_second=100] [seconds=10] [connections=32]
//                                   [outbox_concurrency=4 (the shipped default)]
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "tests/bench/bench_people.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/http_load.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int rate = argc > 1 ? std::stoi(argv[1]) : 100;
    const int seconds = argc > 2 ? std::stoi(argv[2]) : 10;
    const int connections = argc > 3 ? std::stoi(argv[3]) : 32;
    const int senders_out = argc > 4 ? std::stoi(argv[4]) : 4;
    const auto n = static_cast<std::size_t>(rate) * static_cast<std::size_t>(seconds);
    spdlog::set_level(spdlog::level::warn);

    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url(),
                   fmt::format("[log]\nlevel = \"warn\"\n[outbox]\nconcurrency = {}\n", senders_out),
                   write_bench_directory(dir.path(), n));
    std::string log;
    if (!bot.start(&log)) {
        std::fprintf(stderr, "the bot did not start:\n%s\n", log.c_str());
        return 1;
    }
    // Prepared before the clock starts: encrypting is the sender's work, not the bot's.
    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::vector<std::string> requests;
    for (std::size_t i = 0; i < n; ++i) {
        const auto cb = sign_callback(crypto, text_message_xml(bench_handler(i), "我的工单", std::to_string(9'000'000 + i), now),
                                      now, "chat" + std::to_string(i));
        const std::string target = "/wecom/callback?" + cb.query;
        requests.push_back("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: " +
                           std::to_string(cb.body.size()) + "\r\n\r\n" + cb.body);
    }

    std::vector<Clock::time_point> due(n);
    std::vector<double> ack_ms(n, -1);
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    for (std::size_t i = 0; i < n; ++i)
        due[i] = start + std::chrono::microseconds(static_cast<std::int64_t>(i) * 1'000'000 / rate);
    std::atomic<int> failures{0};
    std::vector<std::thread> senders;
    for (int c = 0; c < connections; ++c)
        senders.emplace_back([&, c] {
            const int fd = connect_to(bot.port());
            std::string buf;
            for (auto i = static_cast<std::size_t>(c); i < n; i += static_cast<std::size_t>(connections)) {
                std::this_thread::sleep_until(due[i]);
                if (!exchange(fd, requests[i], buf)) ++failures;
                ack_ms[i] = std::chrono::duration<double, std::milli>(Clock::now() - due[i]).count();
            }
            close(fd);
        });
    for (auto& t : senders) t.join();

    // Every handler gets exactly one answer: match it by recipient.
    std::map<std::string, Clock::time_point> answered;
    const bool all = eventually(
        [&] {
            for (const auto& d : fake.deliveries())
                if (d.path == "/cgi-bin/message/send") answered.emplace(d.body.value("touser", ""), d.at);
            std::size_t got = 0;
            for (std::size_t i = 0; i < n; ++i) got += answered.contains(bench_handler(i));
            return got == n;
        },
        std::chrono::seconds(120));
    std::vector<double> answer_ms;
    for (std::size_t i = 0; i < n; ++i)
        if (const auto it = answered.find(bench_handler(i)); it != answered.end())
            answer_ms.push_back(std::chrono::duration<double, std::milli>(it->second - due[i]).count());
    const int code = bot.stop();

    std::printf("%d commands/s for %d s (%zu commands, %d connections, outbox concurrency %d), hotline-bot serve "
                "against the fake WeCom\n",
                rate, seconds, n, connections, senders_out);
    std::printf("callback acknowledged: p50 %6.1f ms   p99 %6.1f ms   failures %d\n", percentile(ack_ms, 0.5),
                percentile(ack_ms, 0.99), failures.load());
    std::printf("answer at message/send: p50 %6.1f ms   p99 %6.1f ms   answered %zu of %zu\n",
                percentile(answer_ms, 0.5), percentile(answer_ms, 0.99), answer_ms.size(), n);
    return all && failures == 0 && code == 0 ? 0 : 1;
}
