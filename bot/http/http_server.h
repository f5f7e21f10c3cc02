#pragma once
// The one HTTP server (Boost.Beast, kept out of this header). Reads the header first, so a body
// over the limit is refused with 413 before it is read; logs one structured line per request.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "bot/http/router.h"
#include "bot/metrics.h"

namespace hotline::bot::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: any free port (tests)
    int threads = 2;
    std::uint64_t max_body_bytes = 1024 * 1024;
    // Paths that take larger bodies (the workbench's file upload); every other path keeps the limit.
    std::map<std::string, std::uint64_t> body_limit_by_path{};
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds shutdown_grace{10};
};

class HttpServer {
public:
    HttpServer(ServerOptions options, const Router& router, Metrics& metrics);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts the worker threads; throws std::runtime_error if the address is taken.
    void start();
    std::uint16_t port() const;
    // Stops accepting, lets requests in flight finish, closes idle connections. Thread-safe.
    void stop();
    // Blocks until every worker thread has ended.
    void wait();

private:
    friend class Session;
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace hotline::bot::http
