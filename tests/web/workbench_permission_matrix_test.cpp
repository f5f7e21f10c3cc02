// The workbench's routes x every persona x every decision, beside the chat: a page shows a ticket
// to exactly whom 查询 does, offers a decision exactly when the chat command would be carried out,
// and a post of a decision not offered changes nothing.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "bot/commands/executor.h"
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
