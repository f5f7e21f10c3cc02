#include <spdlog/spdlog.h>

#include <csignal>

#include "bot/app.h"
#include "bot/directory_import.h"
#include "bot/http/http_server.h"
#include "bot/metrics.h"

namespace hotline::bot {

namespace {

void sync_directory_file(App& app) {
    if (app.config.directory_file.empty()) return;
    auto parsed = read_directory_file(app.config.directory_file.string());
    if (!parsed.problems.empty()) {
        for (const auto& p : parsed.problems) spdlog::error("directory: {}: {}", app.config.directory_file.string(), p);
        throw std::runtime_error("the directory file has problems; the store's directory was left as it was");
    }
    SyncSummary summary;
    app.store->transact([&](workflow::StoreTx& tx) {
        summary = sync_directory(tx, parsed.directory, "system:directory_file", app.clock.now());
    });
    spdlog::info("directory: synced from {}: {}", app.config.directory_file.string(), summary.describe());
}

http::Router build_router(App& app, Metrics& metrics) {
    http::Router router;
    router.add("GET", "/healthz", [](const http::Request&) { return http::Response{200, "text/plain; charset=utf-8", "ok\n", {}}; });
    router.add("GET", "/metrics", [&metrics](const http::Request&) {
        return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
    });
    metrics.set_ticket_source([&app] {
        std::map<std::string, std::int64_t> counts;
        app.store->transact([&](workflow::StoreTx& tx) { counts = tx.ticket_counts_by_state(); });
        return counts;
    });
    return router;
}

}  // namespace

int serve(App& app) {
    sync_directory_file(app);
    Metrics metrics;
    const http::Router router = build_router(app, metrics);

    // Block the stop signals in every thread; the main thread waits for them below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a peer that hangs up is an error code, not a crash

    const auto& sc = app.config.server;
    http::HttpServer server({sc.host, sc.port, sc.threads, sc.max_body_bytes}, router, metrics);
    server.start();
    spdlog::info("hotline-bot {} listening on {}:{} store={} ", HOTLINE_VERSION, sc.host, server.port(),
                 app.config.store.path.string());

    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server.stop();
    server.wait();
    spdlog::info("stopped cleanly");
    return 0;
}

}  // namespace hotline::bot
