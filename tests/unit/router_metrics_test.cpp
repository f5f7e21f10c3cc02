#include <gtest/gtest.h>

#include <optional>

#include "bot/http/router.h"
#include "bot/metrics.h"

using namespace hotline::bot;

namespace {
// The router's answer; these handlers answer before dispatch returns.
http::Response answer_of(const http::Router& r, const http::Request& req) {
    std::optional<http::Response> got;
    r.dispatch(req, [&got](http::Response res) { got = std::move(res); });
    EXPECT_TRUE(got.has_value());
    return got.value_or(http::Response{0, "", "", {}});
}
}  // namespace

TEST(Router, UnknownPathsAre404AndWrongMethods405WithAllow) {
    http::Router r;
    r.add("GET", "/healthz", [](const http::Request&) { return http::Response{200, "text/plain", "ok", {}}; });
    r.add("POST", "/wecom/callback", [](const http::Request&) { return http::Response{200, "text/plain", "", {}}; });
    r.add("GET", "/wecom/callback", [](const http::Request&) { return http::Response{200, "text/plain", "", {}}; });
    http::Request req;
    req.method = "GET";
    req.path = "/healthz";
    EXPECT_EQ(answer_of(r, req).status, 200);
    req.path = "/nope";
    EXPECT_EQ(answer_of(r, req).status, 404);
    EXPECT_EQ(r.match("GET", "/nope").route, "unmatched");
    req.path = "/healthz";
    req.method = "DELETE";
    const auto res = answer_of(r, req);
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.headers.at("Allow"), "GET");
    EXPECT_EQ(r.match("PUT", "/wecom/callback").allow, "POST, GET");
}

TEST(Metrics, RequestCountsByRouteAndStatusAndTicketsByState) {
    Metrics m;
    m.count_request("/healthz", 200);
    m.count_request("/healthz", 200);
    m.count_request("unmatched", 404);
    m.set_ticket_source([] { return std::map<std::string, std::int64_t>{{"handling", 7}}; });
    const auto text = m.render();
    EXPECT_NE(text.find("# TYPE hotline_http_requests_total counter"), std::string::npos);
    EXPECT_NE(text.find("hotline_http_requests_total{route=\"/healthz\",status=\"200\"} 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("hotline_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("hotline_tickets{state=\"handling\"} 7\n"), std::string::npos);
    EXPECT_NE(text.find("hotline_tickets{state=\"archived\"} 0\n"), std::string::npos);
}
