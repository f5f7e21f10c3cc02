// Load test for the citizens' SMS replies: N open surveys (N citizens, N replied tickets); then
// 64 keep-alive connections post N distinct Tencent reply callbacks to POST /sms/tencent/reply
// (each stored durably in the inbox before the 200), then the inbox worker applies them: parse,
// match to the open survey, write the outcome to the ticket and the audit trail, open supervision
// for unhappy answers, notify staff. Reported: callbacks acknowledged per second (with p50/p99) and
// replies processed per second.
// Run: build/tests/hotline_sms_reply_load [surveys=20000] [connections=64] [server_threads=16]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <thread>

#include "tests/support/http_load.h"
#include "tests/support/survey_env.h"

using namespace hotline;
using namespace hotline::testing;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string phone_of(std::size_t i) { return std::to_string(13900000000ULL + i); }

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 20000;
    const int connections = argc > 2 ? std::stoi(argv[2]) : 64;
    const int server_threads = argc > 3 ? std::stoi(argv[3]) : 16;
    spdlog::set_level(spdlog::level::warn);

    SurveyEnv s;
    // Restart the server with the thread count asked for.
    s.server->stop();
    s.server->wait();
    s.server = std::make_unique<bot::http::HttpServer>(bot::http::ServerOptions{"127.0.0.1", 0, server_threads},
                                                        s.router, s.metrics);
    s.server->start();

    // N replied tickets with an open (asked) survey each, written directly in large transactions.
    const auto t_setup = SteadyClock::now();
    for (std::size_t done = 0; done < n;) {
        s.env.store->transact([&](workflow::StoreTx& tx) {
            for (std::size_t k = 0; k < 1000 && done < n; ++k, ++done) {
                workflow::NewTicket nt;
                nt.source = "renmin";
                nt.source_id = "BENCH-" + std::to_string(done);
                nt.title = "小区路灯不亮";
                nt.content = "路灯坏了很久。";
                nt.received_at = s.env.clock.now();
                nt.citizen_phone_enc = s.cipher.encrypt(phone_of(done));
                nt.phone_hash = s.cipher.phone_hash(phone_of(done));
                auto t = *tx.tickets().find(tx.tickets().insert(nt));
                t.state = workflow::State::replied;
                t.unit_code = "zjj";
                tx.tickets().update(t);
                workflow::Survey sv;
                sv.ticket_id = t.id;
                sv.phone_hash = nt.phone_hash;
                sv.phone_enc = nt.citizen_phone_enc;
                sv.state = workflow::SurveyState::asked;
                sv.created_at = s.env.clock.now();
                tx.surveys().insert(sv);
            }
        });
    }
    std::printf("%zu open surveys set up in %.1f s\n", n,
                std::chrono::duration<double>(SteadyClock::now() - t_setup).count());

    std::vector<std::string> requests;
    const char* answers[] = {"1 4", "满意，已解决", "２", "不满意 未解决", "基本满意，问题已经解决了"};
    for (std::size_t i = 0; i < n; ++i) {
        const nlohmann::json body{{"extend", ""}, {"mobile", phone_of(i)}, {"nationcode", "86"}, {"sign", kSignature},
                                  {"text", answers[i % 5]}, {"time", 1800000000 + static_cast<long long>(i)}};
        const auto b = body.dump();
        requests.push_back(std::string("POST /sms/tencent/reply?key=") + kCallbackKey +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(b.size()) + "\r\n\r\n" + b);
    }

    std::vector<std::vector<double>> lat(static_cast<std::size_t>(connections));
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    const auto t0 = SteadyClock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&, c] {
            const int fd = connect_to(s.server->port());
            std::string buf;
            for (std::size_t i; (i = next++) < requests.size();) {
                const auto a = SteadyClock::now();
                if (!exchange(fd, requests[i], buf)) ++failures;
                lat[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::micro>(SteadyClock::now() - a).count());
            }
            close(fd);
        });
    for (auto& t : threads) t.join();
    const double ack_s = std::chrono::duration<double>(SteadyClock::now() - t0).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    std::printf("POST /sms/tencent/reply      %8.0f callbacks/s acknowledged   p50 %6.0f us   p99 %6.0f us   failures %d\n",
                static_cast<double>(n) / ack_s, all[all.size() / 2], all[all.size() * 99 / 100], failures.load());

    const auto t1 = SteadyClock::now();
    std::size_t processed = 0;
    while (const auto k = s.inbox.run_once(256)) processed += k;
    const double apply_s = std::chrono::duration<double>(SteadyClock::now() - t1).count();
    std::size_t recorded = 0;
    s.env.store->transact([&](workflow::StoreTx& tx) {
        for (std::int64_t id = 1; id <= static_cast<std::int64_t>(n); id += static_cast<std::int64_t>(n / 50 + 1))
            recorded += tx.surveys().of(id).at(0).state == workflow::SurveyState::recorded;
    });
    std::printf("inbox worker (one thread)    %8.0f replies/s processed (%zu in %.1f s; sampled surveys recorded: %zu/50,\n"
                "                             the rest answered one part and were asked the other)\n",
                static_cast<double>(processed) / apply_s, processed, apply_s, recorded);
    return failures == 0 && processed == n ? 0 : 1;
}
