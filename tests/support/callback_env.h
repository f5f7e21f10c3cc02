#pragma once
// The WeCom callback endpoint behind the real HTTP server, on a fresh store and a fake clock.
#include <httplib.h>

#include <memory>

#include "bot/http/http_server.h"
#include "bot/wecom/callback_endpoint.h"
#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"
#include "tests/support/wecom_callbacks.h"

namespace hotline::testing {

struct CallbackEnv {
    CallbackEnv()
        : crypto(kToken, kAesKey, kCorpId), clock(hotline::workflow::from_unix(1'800'000'000)),
          store(std::make_unique<hotline::workflow::SqliteStore>((dir / "cb.db").string())),
          inbox(*store), endpoint(crypto, inbox, clock, metrics) {
        inbox.start();  // as serve runs it: the answer comes from the writer's thread after the commit
        router.add("GET", "/wecom/callback", [this](const hotline::bot::http::Request& r) { return endpoint.verify_url(r); });
        router.add_async("POST", "/wecom/callback",
                         [this](const hotline::bot::http::Request& r, hotline::bot::http::Respond respond) {
                             endpoint.receive(r, std::move(respond));
                         });
        server = std::make_unique<hotline::bot::http::HttpServer>(hotline::bot::http::ServerOptions{"127.0.0.1", 0, 2}, router, metrics);
        server->start();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server->port());
        c.set_read_timeout(10, 0);
        return c;
    }
    httplib::Result post(const SignedCallback& cb) const {
        return client().Post(("/wecom/callback?" + cb.query).c_str(), cb.body, "text/xml");
    }
    std::int64_t inbox_count() {
        std::int64_t n = 0;
        store->transact([&](hotline::workflow::StoreTx& tx) { n = hotline::testing::inbox_count(tx, "wecom"); });
        return n;
    }
    std::int64_t now() const { return hotline::workflow::to_unix(clock.now()); }

    TempDir dir;
    hotline::adapters::wecom::CallbackCrypto crypto;
    hotline::workflow::FakeClock clock;
    std::unique_ptr<hotline::workflow::SqliteStore> store;
    hotline::bot::Metrics metrics;
    hotline::bot::InboxWriter inbox;
    hotline::bot::wecom::CallbackEndpoint endpoint;
    hotline::bot::http::Router router;
    std::unique_ptr<hotline::bot::http::HttpServer> server;
};


}  // namespace hotline::testing
