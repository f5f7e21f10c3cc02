// The workbench's routes x every persona x every decision, beside the chat: a page shows a ticket
// to exactly whom 查询 does, offers a decision exactly when the chat command would be carried out,
// and a post of a decision not offered changes nothing.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "bot/commands/executor.h"
#include "bot/evidence/evidence_intake.h"
#include "bot/web/evidence_pages.h"
#include "workflow/worklist/worklist.h"
#include "tests/support/permission_cases.h"
#include "tests/web/web_harness.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::bot::commands;
using workflow::Role;


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

// The routes around a ticket (its page, its files, evidence upload, the result form and its
// preview) x every persona x a ticket being handled and a filed one: each allowed exactly when the
// chat allows the same (查询 N for seeing, the chat's evidence rule for adding, the engine's turn
// for writing the result).
TEST(WorkbenchPermissionMatrix, EveryTicketRouteEveryPersonaAsTheChatDecides) {
    const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, 'j');
    int cells = 0;
    for (const auto state : {workflow::State::handling, workflow::State::archived}) {
        for (const auto& who : matrix_personas()) {
            WorkflowEnv env;
            WebHarness web(env);
            const auto id = env.ticket_in(state);
            const std::string cell = fmt::format("{} on a {} ticket", who.label, workflow::to_string(state));
            const std::string q = "id=" + std::to_string(id);
            ++cells;
            std::string seen, evidence;
            bool may_add = false;
            env.store->transact([&](workflow::StoreTx& tx) {
                seen = web.executor.execute(tx, who.userid, "查询 " + std::to_string(id));
                evidence = web.executor.execute(tx, who.userid, "材料 " + std::to_string(id));
                const auto p = tx.directory().person(who.userid);
                may_add = !bot::evidence::refusal_to_add(*p, *tx.tickets().find(id)) && workflow::may_view(*p, *tx.tickets().find(id));
            });
            const bool chat_shows = seen.find("无权查看") == std::string::npos;
            EXPECT_EQ(chat_shows, evidence.find("无权查看") == std::string::npos) << cell;

            const auto cookie = web.cookie_for(who.userid);
            const auto csrf = form_value(web.call("GET", "/web/", "", cookie).body, "csrf");
            const auto page = web.call("GET", "/web/ticket", q, cookie);
            EXPECT_EQ(page.status, chat_shows ? 200 : 403) << cell;

            const auto upload = web.call("POST", bot::web::kUploadPath, q, cookie, jpeg, {{"x-csrf-token", csrf}});
            EXPECT_EQ(upload.status, may_add ? 200 : 403) << cell << ": " << upload.body;
            EXPECT_EQ(page.body.find("class=\"upload\"") != std::string::npos, may_add) << cell;

            std::vector<workflow::Evidence> items;
            env.store->transact([&](workflow::StoreTx& tx) { items = tx.evidence().of(id); });
            EXPECT_EQ(items.size(), may_add ? 1u : 0u) << cell;
            if (!items.empty()) {
                // The file, to everyone who may see the ticket and no one else.
                for (const auto& viewer : matrix_personas()) {
                    const auto file = web.call("GET", "/web/file", q + "&evidence=" + std::to_string(items[0].id),
                                               web.cookie_for(viewer.userid));
                    std::string answer;
                    env.store->transact([&](workflow::StoreTx& tx) {
                        answer = web.executor.execute(tx, viewer.userid, "查询 " + std::to_string(id));
                    });
                    EXPECT_EQ(file.status, answer.find("无权查看") == std::string::npos ? 200 : 403)
                        << cell << ", file viewed by " << viewer.label;
                }
            }

            const auto result = web.call("GET", "/web/result", q, cookie);
            const auto preview = web.call("POST", "/web/result/preview", "", cookie,
                                          form_encode({{"csrf", csrf}, {"id", std::to_string(id)}, {"s2", "x"}}));
            EXPECT_EQ(result.status, preview.status) << cell;
            EXPECT_EQ(result.status == 200,
                      page.body.find("href=\"/web/result?id=" + std::to_string(id) + "\"") != std::string::npos)
                << cell << ": the page links the form exactly when it opens";
            if (result.status == 200) {
                EXPECT_TRUE(state == workflow::State::handling && who.roles[0] == Role::handler && who.own_unit) << cell;
            }
        }
    }
    EXPECT_EQ(cells, 2 * 10);
}

// The pages about no one ticket x every persona: 我的待办 for everyone in the directory, the 三率
// page and its workbook exactly for those whom the chat lets use 统计.
TEST(WorkbenchPermissionMatrix, EveryPersonaSeesTheRatesExactlyWhenTheChatsStatisticsServeThem) {
    WorkflowEnv env;
    WebHarness web(env);
    int allowed = 0;
    for (const auto& who : matrix_personas()) {
        std::string stats;
        env.store->transact([&](workflow::StoreTx& tx) { stats = web.executor.execute(tx, who.userid, "统计"); });
        const bool chat_allows = stats.find("您没有此权限") == std::string::npos;
        allowed += chat_allows;
        const auto cookie = web.cookie_for(who.userid);
        EXPECT_EQ(web.call("GET", "/web/", "", cookie).status, 200) << who.label;
        EXPECT_EQ(web.call("GET", "/web/rates", "", cookie).status, chat_allows ? 200 : 403) << who.label << ": " << stats;
        EXPECT_EQ(web.call("GET", "/web/rates.xlsx", "", cookie).status, chat_allows ? 200 : 403) << who.label;
        EXPECT_EQ(web.call("GET", "/web/", "", cookie).body.find("href=\"/web/rates\"") != std::string::npos, chat_allows)
            << who.label << ": the header links 三率 exactly when it opens";
    }
    EXPECT_GT(allowed, 0);
    EXPECT_LT(allowed, static_cast<int>(matrix_personas().size()));
}
