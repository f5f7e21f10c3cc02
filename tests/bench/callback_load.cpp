// Load test for POST /wecom/callback: 64 keep-alive connections send valid, distinct, encrypted
// callbacks; each is verified, decrypted, parsed and durably stored in the inbox before the 200.
// The same load against a trivial handler on the same Beast server (answers 200, no work) gives
// the baseline; the report is throughput, p50/p99 latency, and the ratio.
// Run: build/tests/hotline_callback_load [requests=20000] [connections=64] [server_threads=2]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <spdlog/spdlog.h>
#include <string>
#include <thread>
#include <vector>

#include "bot/http/http_server.h"
#include "bot/wecom/callback_endpoint.h"
#include "tests/support/test_env.h"
#include "tests/support/wecom_callbacks.h"

using namespace hotline;
using namespace hotline::testing;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    double seconds = 0;
    std::vector<double> latencies_us;
    int failures = 0;
};

int connect_to(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
    return fd;
}

// Sends one request and reads one response; true on a 200.
bool exchange(int fd, const std::string& request, std::string& buf) {
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    buf.clear();
    char chunk[4096];
    for (;;) {
        const auto end = buf.find("\r\n\r\n");
        if (end != std::string::npos) {
            const auto cl = buf.find("Content-Length: ");
            const std::size_t length = cl == std::string::npos ? 0 : std::stoul(buf.substr(cl + 16));
            if (buf.size() >= end + 4 + length) return buf.compare(9, 3, "200") == 0;
        }
        const auto n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buf.append(chunk, static_cast<std::size_t>(n));
    }
}

Result load(int port, const std::vector<std::string>& requests, int connections) {
    Result r;
    std::vector<std::vector<double>> per_thread(static_cast<std::size_t>(connections));
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&, c] {
            const int fd = connect_to(port);
            std::string buf;
            for (std::size_t i; (i = next++) < requests.size();) {
                const auto t0 = Clock::now();
                if (!exchange(fd, requests[i], buf)) ++failures;
                per_thread[static_cast<std::size_t>(c)].push_back(
                    std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            }
            close(fd);
        });
    for (auto& t : threads) t.join();
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (auto& v : per_thread) r.latencies_us.insert(r.latencies_us.end(), v.begin(), v.end());
    std::sort(r.latencies_us.begin(), r.latencies_us.end());
    r.failures = failures;
    return r;
}

double percentile(const std::vector<double>& sorted, double p) {
    return sorted.empty() ? 0 : sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
}

void report(const char* name, const Result& r, std::size_t n) {
    std::printf("%-28s %8.0f req/s   p50 %7.0f us   p99 %7.0f us   failures %d\n", name,
                static_cast<double>(n) / r.seconds, percentile(r.latencies_us, 0.5), percentile(r.latencies_us, 0.99),
                r.failures);
}

std::string http_post(const std::string& target, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 20000;
    const int connections = argc > 2 ? std::stoi(argv[2]) : 64;
    spdlog::set_level(spdlog::level::warn);  // one log line per request would measure the terminal

    TempDir dir;
    workflow::SystemClock clock;
    workflow::SqliteStore store((dir / "bench.db").string());
    bot::Metrics metrics;
    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    bot::wecom::CallbackEndpoint endpoint(crypto, store, clock, metrics);
    bot::http::Router router;
    router.add("POST", "/wecom/callback", [&](const bot::http::Request& r) { return endpoint.receive(r); });
    router.add("POST", "/trivial", [](const bot::http::Request&) { return bot::http::Response{200, "text/plain", "", {}}; });
    const int server_threads = argc > 3 ? std::stoi(argv[3]) : 2;
    bot::http::HttpServer server({"127.0.0.1", 0, server_threads}, router, metrics);
    server.start();

    std::vector<std::string> callbacks, trivial;
    const auto now = workflow::to_unix(clock.now());
    for (std::size_t i = 0; i < n; ++i) {
        const auto cb = sign_callback(crypto,
                                      text_message_xml("user" + std::to_string(i % 500), "查询 " + std::to_string(i),
                                                       std::to_string(5'000'000 + i), now),
                                      now, "bench" + std::to_string(i));
        callbacks.push_back(http_post("/wecom/callback?" + cb.query, cb.body));
        trivial.push_back(http_post("/trivial?" + cb.query, cb.body));  // same bytes on the wire
    }
    std::printf("%zu requests, %d connections, server threads %d, store synchronous=FULL\n", n, connections,
                server_threads);
    const auto base = load(server.port(), trivial, connections);
    report("trivial Beast handler", base, n);
    const auto real = load(server.port(), callbacks, connections);
    report("POST /wecom/callback", real, n);
    std::printf("callback throughput = %.2f x trivial; inbox commits %llu for %zu callbacks\n",
                base.seconds / real.seconds, static_cast<unsigned long long>(store.commits()), n);
    server.stop();
    server.wait();
    return real.failures == 0 && base.failures == 0 ? 0 : 1;
}
