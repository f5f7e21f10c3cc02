#include <gtest/gtest.h>
#include <httplib.h>

#include <map>

#include "bot/http/http_server.h"

using namespace hotline::bot;

namespace {

struct Running {
    explicit Running(std::map<std::string, std::uint64_t> larger = {}) {
        router.add("GET", "/healthz", [](const http::Request&) { return http::Response{200, "text/plain", "ok\n", {}}; });
        router.add("POST", "/echo", [](const http::Request& r) {
            return http::Response{200, "text/plain", std::to_string(r.body.size()) + " " + r.query, {}};
        });
        router.add("POST", "/upload", [](const http::Request& r) {
            return http::Response{200, "text/plain", std::to_string(r.body.size()), {}};
        });
        router.add("GET", "/metrics", [this](const http::Request&) {
            return http::Response{200, "text/plain", metrics.render(), {}};
        });
        http::ServerOptions options{"127.0.0.1", 0, 2, 4096};
        options.body_limit_by_path = std::move(larger);
        server = std::make_unique<http::HttpServer>(options, router, metrics);
        server->start();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server->port());
        c.set_read_timeout(5, 0);
        return c;
    }
    http::Router router;
    Metrics metrics;
    std::unique_ptr<http::HttpServer> server;
};

// A body sent in chunks, with no Content-Length to judge by up front.
httplib::Result post_chunked(httplib::Client& c, const char* path, std::size_t total) {
    std::size_t sent = 0;
    return c.Post(
        path,
        [&](size_t, httplib::DataSink& sink) {
            if (sent >= total) {
                sink.done();
                return true;
            }
            const std::string chunk(1024, 'y');
            sent += chunk.size();
            return sink.write(chunk.data(), chunk.size());
        },
        "text/plain");
}

}  // namespace

TEST(HttpServer, AnswersRoutes404And405) {
    Running s;
    auto c = s.client();
    auto r = c.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "ok\n");
    r = c.Get("/missing");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    r = c.Post("/healthz", "x", "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405);
    EXPECT_EQ(r->get_header_value("Allow"), "GET");
    r = c.Post("/echo?a=1", std::string(4096, 'x'), "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "4096 a=1");
}

TEST(HttpServer, ABodyOverTheLimitIs413) {
    Running s;
    auto c = s.client();
    auto r = c.Post("/echo", std::string(4097, 'x'), "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    // Chunked, with no Content-Length to judge by up front.
    auto c2 = s.client();
    r = post_chunked(c2, "/echo", 64 * 1024);
    if (r) {
        EXPECT_EQ(r->status, 413);
    }  // else the server closed the connection while we were still sending: also a refusal
}

TEST(HttpServer, APathWithALargerLimitTakesLargerBodiesAndOnlyThatPath) {
    Running s({{"/upload", 64 * 1024}});
    auto c = s.client();
    auto r = c.Post("/upload?id=1", std::string(64 * 1024, 'x'), "application/octet-stream");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, std::to_string(64 * 1024));
    r = c.Post("/upload", std::string(64 * 1024 + 1, 'x'), "application/octet-stream");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    auto c2 = s.client();
    r = c2.Post("/echo", std::string(4097, 'x'), "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413) << "every other path keeps the server's limit";
    // Chunked, no length up front: the path's limit holds while the body is read.
    auto c3 = s.client();
    r = post_chunked(c3, "/echo", 16 * 1024);
    if (r) {
        EXPECT_EQ(r->status, 413);
    }
}

TEST(HttpServer, MalformedRequestsAre400) {
    Running s;
    httplib::Client c("127.0.0.1", s.server->port());
    auto r = c.Get("/healthz", {{"Content-Length", "abc"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
}

TEST(HttpServer, CountsRequestsForMetrics) {
    Running s;
    auto c = s.client();
    c.Get("/healthz");
    c.Get("/healthz");
    c.Get("/nope");
    auto r = c.Get("/metrics");
    ASSERT_TRUE(r);
    EXPECT_NE(r->body.find("hotline_http_requests_total{route=\"/healthz\",status=\"200\"} 2"), std::string::npos)
        << r->body;
    EXPECT_NE(r->body.find("hotline_http_requests_total{route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
}

TEST(HttpServer, StopsPromptlyWithAnIdleKeepAliveConnection) {
    Running s;
    auto c = s.client();
    c.set_keep_alive(true);
    ASSERT_TRUE(c.Get("/healthz"));
    const auto start = std::chrono::steady_clock::now();
    s.server->stop();
    s.server->wait();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}
