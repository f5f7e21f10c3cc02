// The workbench's routes x every persona x every decision, beside the chat: a page shows a ticket
// to exactly whom 查询 does, offers a decision exactly when the chat command would be carried out,
// and a post of a decision not offered changes nothing. And the per-session rate limit.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "adapters/crypto/encoding.h"
#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "adapters/wecom/token_cache.h"
#include "bot/commands/executor.h"
#include "bot/http/router.h"
#include "bot/web/web_session.h"
#include "bot/web/workbench.h"
#include "tests/support/permission_cases.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::bot::commands;
using workflow::Role;

namespace {

// The workbench of one WorkflowEnv, called in process; nothing reaches WeCom (pages need no API).
struct WebHarness {
    explicit WebHarness(WorkflowEnv& env, bot::web::SessionRateLimit* limit = nullptr)
        : http(adapters::make_beast_http_client()),
          tokens(*http, "http://127.0.0.1:9", "corp", "secret", env.clock),
          api(*http, tokens, {"http://127.0.0.1:9", "1000002"}),
          executor(env.engine),
          ctx{*env.store, env.clock, api, executor, bot::WebConfig{.enabled = true, .public_url = "http://127.0.0.1:1"},
              "corp", "1000002", {}, limit, {}} {
        bot::web::add_workbench_routes(router, ctx);
    }

    std::string cookie_for(const std::string& userid) {
        std::string id;
        ctx.store.transact([&](workflow::StoreTx& tx) { id = bot::web::start_session(tx, userid, ctx.clock.now(), std::chrono::hours(1)); });
        return std::string(bot::web::kSessionCookie) + "=" + id;
    }

    bot::http::Response call(const std::string& method, const std::string& path, const std::string& query,
                             const std::string& cookie, const std::string& body = {}) {
        bot::http::Request req{method, path, query, {{"cookie", cookie}}, body, "127.0.0.1"};
        bot::http::Response out;
        router.dispatch(req, [&](bot::http::Response r) { out = std::move(r); });
        return out;
    }

    std::unique_ptr<adapters::HttpClient> http;
    adapters::wecom::TokenCache tokens;
    adapters::wecom::WecomApi api;
    Executor executor;
    bot::web::WebContext ctx;
    bot::http::Router router;
};

std::string form_value(const std::string& html, const std::string& name) {
    const std::string key = "name=\"" + name + "\" value=\"";
    const auto at = html.find(key);
    return at == std::string::npos ? "" : html.substr(at + key.size(), html.find('"', at + key.size()) - at - key.size());
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + k + "=" + adapters::url_encode(v);
    return out;
}

}  // namespace

TEST(WorkbenchPermissionMatrix, EveryDecisionEveryPersonaAsTheChatDecides) {
    int cells = 0, offered = 0;
    for (const auto& spec : command_table()) {
        if (!spec.action || spec.args == Args::ticket_text || spec.args == Args::two_tickets) continue;
        const auto setup = setup_for(spec.verb);
        for (const auto& who : matrix_personas()) {
            WorkflowEnv env;
            WebHarness web(env);
            const auto id = ticket_for(env, setup);
            const std::string cell = fmt::format("{} by {}", spec.name, who.label);
            ++cells;
            // What the chat would have answered, on a twin of the same ticket.
            WorkflowEnv twin;
            Executor chat(twin.engine);
            const auto twin_id = ticket_for(twin, setup);
            std::string reply;
            twin.store->transact([&](workflow::StoreTx& tx) {
                reply = chat.execute(tx, who.userid, std::string(spec.name) + " " + replace_ticket(setup.args, twin_id));
            });
            const bool chat_allows = reply.rfind("已", 0) == 0;
            const auto cookie = web.cookie_for(who.userid);
            const auto page = web.call("GET", "/web/ticket", "id=" + std::to_string(id), cookie);
            if (page.status == 403) {
                // Not a ticket of their unit (or of no unit yet): 查询 refuses them too.
                const bool unit_people = who.roles[0] == Role::handler || who.roles[0] == Role::unit_leader;
                EXPECT_TRUE(unit_people && !(who.own_unit && !env.ticket(id).unit_code.empty())) << cell;
                EXPECT_FALSE(chat_allows) << cell << " — chat: " << reply;
                const auto csrf = form_value(web.call("GET", "/web/", "", cookie).body, "csrf");
                const auto post = web.call("POST", "/web/ticket/act", "", cookie,
                                           form_encode({{"csrf", csrf}, {"id", std::to_string(id)}, {"verb", std::string(spec.name)}}));
                EXPECT_EQ(post.status, 403) << cell;
                EXPECT_EQ(env.ticket(id).state, setup.state) << cell;
                continue;
            }
            ASSERT_EQ(page.status, 200) << cell;
            const bool on_page = page.body.find("name=\"verb\" value=\"" + std::string(spec.name) + "\"") != std::string::npos;
            const std::string args = replace_ticket(setup.args, id);
            const std::string after_id = args.size() > std::to_string(id).size() ? args.substr(std::to_string(id).size() + 1) : "";
            const auto post = web.call("POST", "/web/ticket/act", "", cookie,
                                       form_encode({{"csrf", form_value(page.body, "csrf")},
                                                    {"id", std::to_string(id)},
                                                    {"verb", std::string(spec.name)},
                                                    {"text", after_id}}));
            EXPECT_EQ(on_page, chat_allows) << cell << " — chat: " << reply;
            if (on_page) {
                ++offered;
                EXPECT_EQ(post.status, 200) << cell;
                EXPECT_NE(post.body.find("<div class=\"outcome\">已"), std::string::npos) << cell << "\n" << post.body;
            } else {
                EXPECT_EQ(post.status, 409) << cell;
                EXPECT_EQ(env.ticket(id).state, setup.state) << cell << ": a decision not offered changed the ticket";
            }
        }
    }
    EXPECT_GT(offered, 20);
    EXPECT_EQ(cells, 24 * 10) << "decisions that take a ticket x personas";
}

TEST(WorkbenchRateLimit, ASessionsRequestsBeyondTheMinutesAllowanceAre429UntilTheNextMinute) {
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    bot::web::SessionRateLimit limit(5, [&] { return now; });
    WorkflowEnv env;
    WebHarness web(env, &limit);
    const auto handler = web.cookie_for(kHandler);
    const auto staff = web.cookie_for(kStaff);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(web.call("GET", "/web/", "", handler).status, 200) << i;
    const auto refused = web.call("GET", "/web/", "", handler);
    EXPECT_EQ(refused.status, 429);
    EXPECT_NE(refused.body.find("操作过于频繁"), std::string::npos);
    EXPECT_EQ(web.call("GET", "/web/", "", staff).status, 200) << "another session has its own allowance";
    now += std::chrono::seconds(61);
    EXPECT_EQ(web.call("GET", "/web/", "", handler).status, 200) << "a new minute";
}

TEST(WorkbenchRates, TheRankingForThoseStatisticsServesAUnitLeaderSeesTheirOwnUnit) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto staff = web.call("GET", "/web/rates", "period=" + adapters::url_encode("上月"), web.cookie_for(kStaff));
    ASSERT_EQ(staff.status, 200);
    EXPECT_NE(staff.body.find("旗住房和城乡建设局"), std::string::npos);
    EXPECT_NE(staff.body.find("旗教育体育局"), std::string::npos);
    EXPECT_NE(staff.body.find("全县合计"), std::string::npos);
    EXPECT_NE(staff.body.find("2026年10月"), std::string::npos) << "上月 of 2026-11-02";
    EXPECT_NE(staff.body.find("href=\"/web/rates\""), std::string::npos) << "linked in the header";

    const auto leader = web.call("GET", "/web/rates", "", web.cookie_for(kLeader));  // 住建局's leader
    ASSERT_EQ(leader.status, 200);
    EXPECT_NE(leader.body.find("旗住房和城乡建设局"), std::string::npos);
    EXPECT_EQ(leader.body.find("旗教育体育局"), std::string::npos) << "another unit's row";

    const auto handler = web.call("GET", "/web/rates", "", web.cookie_for(kHandler));
    EXPECT_EQ(handler.status, 403);
    EXPECT_EQ(web.call("GET", "/web/", "", web.cookie_for(kHandler)).body.find("href=\"/web/rates\""), std::string::npos);
    EXPECT_EQ(web.call("GET", "/web/rates", "period=" + adapters::url_encode("去年夏天"), web.cookie_for(kStaff)).status, 400);
}
