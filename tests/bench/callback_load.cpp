// Load test for POST /wecom/callback: 64 keep-alive connections send valid, distinct, encrypted
// callbacks; each is verified, decrypted, parsed and durably stored in the inbox before the 200.
// The same load against a trivial handler on the same Beast server (answers 200, no work) gives
// the baseline; the report is throughput, p50/p99 latency, and the ratio.
// With photos > 0, the callbacks run once more while that many photos (300 KB each) are fetched
// from a fake WeCom's media/get and stored as evidence on the same store: the acknowledgement
// must not wait for them; a third run without downloads is the control.
// With store = postgresql the inbox is on the PostgreSQL server of $HOTLINE_TEST_PG_STATE
// (tests/postgresql/pg_cluster.sh start DIR durable), and instances = 2 runs two endpoints, each
// with its own writer and connection pool on the one database, the connections split between them.
// Run: build/tests/hotline_callback_load [requests=20000] [connections=64] [server_threads=2] [photos=0]
//                                        [store=sqlite|postgresql] [instances=1]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <spdlog/spdlog.h>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/http_client.h"
#include "bot/background_loop.h"
#include "bot/evidence/evidence_downloader.h"
#include "bot/http/http_server.h"
#include "bot/inbox_writer.h"
#include "tests/fakes/fake_wecom_server.h"
#include "bot/wecom/callback_endpoint.h"
#include "tests/support/http_load.h"
#include "tests/support/store_backend.h"
#include "workflow/store/postgresql/pg_store.h"
#include "workflow/store/sqlite/sqlite_store.h"
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

Result load(const std::vector<int>& ports, const std::vector<std::string>& requests, int connections) {
    Result r;
    std::vector<std::vector<double>> per_thread(static_cast<std::size_t>(connections));
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&, c] {
            const int fd = connect_to(ports[static_cast<std::size_t>(c) % ports.size()]);
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

// n distinct encrypted chat callbacks (MsgId from first_msg_id on), each signed for `target`.
std::vector<std::string> callbacks_for(const adapters::wecom::CallbackCrypto& crypto, std::size_t n,
                                       std::size_t first_msg_id, std::int64_t now, const std::string& nonce,
                                       const std::string& target) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        const auto cb = sign_callback(crypto,
                                      text_message_xml("user" + std::to_string(i % 500), "查询 " + std::to_string(i),
                                                       std::to_string(first_msg_id + i), now),
                                      now, nonce + std::to_string(i));
        out.push_back(http_post(target + "?" + cb.query, cb.body));
    }
    return out;
}

// One bot's ingest path: its store, inbox writer, callback endpoint and HTTP server.
struct Instance {
    Instance(std::unique_ptr<workflow::Store> s, const adapters::wecom::CallbackCrypto& crypto,
             const workflow::Clock& clock, int server_threads)
        : store(std::move(s)), inbox(*store), endpoint(crypto, inbox, clock, metrics) {
        inbox.start();
        router.add_async("POST", "/wecom/callback", [this](const bot::http::Request& r, bot::http::Respond respond) {
            endpoint.receive(r, std::move(respond));
        });
        router.add("POST", "/trivial",
                   [](const bot::http::Request&) { return bot::http::Response{200, "text/plain", "", {}}; });
        server = std::make_unique<bot::http::HttpServer>(bot::http::ServerOptions{"127.0.0.1", 0, server_threads}, router,
                                                         metrics);
        server->start();
    }
    ~Instance() {
        server->stop();
        server->wait();
    }
    std::unique_ptr<workflow::Store> store;
    bot::Metrics metrics;
    bot::InboxWriter inbox;
    bot::wecom::CallbackEndpoint endpoint;
    bot::http::Router router;
    std::unique_ptr<bot::http::HttpServer> server;
};

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 20000;
    const int connections = argc > 2 ? std::stoi(argv[2]) : 64;
    spdlog::set_level(spdlog::level::warn);  // one log line per request would measure the terminal

    TempDir dir;
    workflow::SystemClock clock;
    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    const int server_threads = argc > 3 ? std::stoi(argv[3]) : 2;
    const std::string backend = argc > 5 ? argv[5] : "sqlite";
    const int instances = argc > 6 ? std::stoi(argv[6]) : 1;
    std::vector<std::unique_ptr<Instance>> bots;
    std::vector<int> ports;
    for (int i = 0; i < instances; ++i) {
        std::unique_ptr<workflow::Store> s;
        if (backend == "postgresql")
            s = std::make_unique<workflow::PostgresStore>(
                workflow::PostgresOptions{.conninfo = PostgresBackend::conninfo(dir.path())});
        else
            s = std::make_unique<workflow::SqliteStore>((dir / "bench.db").string());
        bots.push_back(std::make_unique<Instance>(std::move(s), crypto, clock, server_threads));
        ports.push_back(bots.back()->server->port());
    }
    workflow::Store& store = *bots.front()->store;
    const int port = ports.front();

    const auto now = workflow::to_unix(clock.now());
    const auto callbacks = callbacks_for(crypto, n, 5'000'000, now, "bench", "/wecom/callback");
    // Requests of the same size and kind, to a handler that does nothing.
    const auto trivial = callbacks_for(crypto, n, 5'000'000, now, "bench", "/trivial");
    std::printf("%zu requests, %d connections, server threads %d, store %s (%d instance%s)\n", n, connections,
                server_threads, backend == "postgresql" ? "PostgreSQL" : "SQLite synchronous=FULL", instances,
                instances == 1 ? "" : "s");
    const auto base = load(ports, trivial, connections);
    report("trivial Beast handler", base, n);
    const auto real = load(ports, callbacks, connections);
    report("POST /wecom/callback", real, n);
    std::printf("callback throughput = %.2f x trivial\n", base.seconds / real.seconds);
    if (auto* sqlite = dynamic_cast<workflow::SqliteStore*>(&store))
        std::printf("inbox commits %llu for %zu callbacks\n", static_cast<unsigned long long>(sqlite->commits()), n);
    int photo_failures = 0;
    if (const int photos = argc > 4 ? std::stoi(argv[4]) : 0; photos > 0) {
        FakeWecomServer fake("ww-bench", "secret");
        const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(300 * 1024, 'p');
        store.transact([&](workflow::StoreTx& tx) {
            workflow::NewTicket t;
            t.source = "renmin";
            t.source_id = "BENCH-1";
            t.title = "bench";
            t.received_at = clock.now();
            const auto id = tx.tickets().insert(t);
            for (int i = 0; i < photos; ++i) {
                const auto media = "PHOTO-" + std::to_string(i);
                fake.add_media(media, jpeg + std::to_string(i));  // distinct contents: one file each
                workflow::Evidence e;
                e.ticket_id = id;
                e.sender = "user1";
                e.kind = "image";
                e.media_id = media;
                e.state = "downloading";
                e.received_at = e.next_attempt_at = clock.now();
                tx.evidence().insert(e);
            }
        });
        auto http = adapters::make_beast_http_client();
        adapters::wecom::TokenCache tokens(*http, fake.base_url(), "ww-bench", "secret", clock);
        adapters::wecom::WecomApi api(*http, tokens, {fake.base_url(), "1000002", 1800, std::chrono::seconds(10)});
        bot::evidence::AttachmentStore files(dir / "attachments");
        bot::evidence::EvidenceDownloader downloader(store, clock, api, files, {});
        const auto again = callbacks_for(crypto, n, 9'000'000, now, "photos", "/wecom/callback");
        std::atomic<std::size_t> fetched{0};
        const auto d0 = Clock::now();
        double download_seconds = 0;
        std::thread fetcher([&] {  // the evidence loop of `serve` (background priority), without its idle wait
            bot::lower_this_thread_priority();
            while (fetched < static_cast<std::size_t>(photos) && Clock::now() - d0 < std::chrono::minutes(2))
                fetched += downloader.run_once();
            download_seconds = std::chrono::duration<double>(Clock::now() - d0).count();
        });
        const auto during = load({port}, again, connections);
        const std::size_t fetched_during_load = fetched;
        fetcher.join();
        report("callback, photos downloading", during, n);
        std::printf("%d photos of 300 KB: %zu fetched while the load ran, all in %.2f s\n", photos, fetched_during_load,
                    download_seconds);
        // The same load once more without downloads: the inbox has grown by then, so this, not the
        // first run, is the like-for-like control.
        const auto after = load({port}, callbacks_for(crypto, n, 13'000'000, now, "after", "/wecom/callback"),
                                connections);
        report("callback, downloads done", after, n);
        photo_failures = during.failures + after.failures;
    }
    return real.failures == 0 && base.failures == 0 && photo_failures == 0 ? 0 : 1;
}
