#pragma once
// The workbench of one WorkflowEnv, called in process through its router (no sockets); nothing
// reaches WeCom, pages need no API. Sessions are made directly in the store.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/crypto/encoding.h"
#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "adapters/wecom/token_cache.h"
#include "bot/commands/executor.h"
#include "bot/evidence/attachment_store.h"
#include "bot/http/router.h"
#include "bot/web/web_session.h"
#include "bot/web/workbench.h"
#include "tests/support/test_env.h"

namespace hotline::testing {

// The workbench of one WorkflowEnv, called in process; nothing reaches WeCom (pages need no API).
struct WebHarness {
    explicit WebHarness(WorkflowEnv& env, bot::web::SessionRateLimit* limit = nullptr)
        : http(adapters::make_beast_http_client()),
          tokens(*http, "http://127.0.0.1:9", "corp", "secret", env.clock),
          api(*http, tokens, {"http://127.0.0.1:9", "1000002"}),
          attachments(files.path() / "attachments"),
          executor(env.engine),
          ctx{*env.store, env.clock, &api, executor, bot::WebConfig{.enabled = true, .public_url = "http://127.0.0.1:1"},
              "corp", "1000002", {}, limit, {}, &attachments, 2 * 1024 * 1024, {}} {
        bot::web::add_workbench_routes(router, ctx);
    }

    std::string cookie_for(const std::string& userid) {
        std::string id;
        ctx.store.transact([&](workflow::StoreTx& tx) { id = bot::web::start_session(tx, userid, ctx.clock.now(), std::chrono::hours(1)); });
        return std::string(bot::web::kSessionCookie) + "=" + id;
    }

    bot::http::Response call(const std::string& method, const std::string& path, const std::string& query,
                             const std::string& cookie, const std::string& body = {},
                             std::map<std::string, std::string> headers = {}) {
        headers["cookie"] = cookie;
        bot::http::Request req{method, path, query, std::move(headers), body, "127.0.0.1"};
        bot::http::Response out;
        router.dispatch(req, [&](bot::http::Response r) { out = std::move(r); });
        return out;
    }

    std::unique_ptr<adapters::HttpClient> http;
    adapters::wecom::TokenCache tokens;
    adapters::wecom::WecomApi api;
    TempDir files;
    bot::evidence::AttachmentStore attachments;  // uploads: at most 2 MB here
    bot::commands::Executor executor;
    bot::web::WebContext ctx;
    bot::http::Router router;
};

inline std::string form_value(const std::string& html, const std::string& name) {
    const std::string key = "name=\"" + name + "\" value=\"";
    const auto at = html.find(key);
    return at == std::string::npos ? "" : html.substr(at + key.size(), html.find('"', at + key.size()) - at - key.size());
}

inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + k + "=" + adapters::url_encode(v);
    return out;
}


}  // namespace hotline::testing
