// Every command x every role x own/other unit: allowed, or refused with the specific reason.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bot/commands/command_table.h"
#include "bot/commands/executor.h"
#include "tests/support/permission_cases.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::bot::commands;
using workflow::Role;
using workflow::State;

TEST(PermissionMatrix, EveryCommandEveryRoleOwnAndOtherUnit) {
    const auto& personas = matrix_personas();
    int cells = 0;
    for (const auto& spec : command_table()) {
        // Commands without exactly one ticket are covered by the chat command tests.
        if (spec.args == Args::none || spec.args == Args::optional_unit || spec.args == Args::optional_period ||
            spec.args == Args::two_tickets)
            continue;
        const auto setup = setup_for(spec.verb);
        const auto allowed_roles = roles_for(spec);
        const bool unit_scoped = spec.action && workflow::transition_for(*spec.action).unit_scoped;
        for (const auto& who : personas) {
            WorkflowEnv env;
            Executor executor(env.engine);
            const auto id = ticket_for(env, setup);
            const std::string text = std::string(spec.name) + " " + replace_ticket(setup.args, id);
            std::string reply;
            env.store->transact([&](workflow::StoreTx& tx) { reply = executor.execute(tx, who.userid, text); });

            const bool has_role = std::any_of(allowed_roles.begin(), allowed_roles.end(), [&](Role r) {
                return std::find(who.roles.begin(), who.roles.end(), r) != who.roles.end();
            });
            // 审签 at level 1 only signer1 may act; the others are refused as out of order.
            const bool right_level = spec.verb != Verb::signoff || who.userid == std::string(kSigner1);
            const bool unit_people = who.roles[0] == Role::handler || who.roles[0] == Role::unit_leader;
            const std::string cell = fmt::format("{} by {}: {}", spec.name, who.label, reply);
            ++cells;
            if (!has_role) {
                EXPECT_NE(reply.find("没有此权限"), std::string::npos) << cell;
            } else if ((spec.verb == Verb::query || spec.verb == Verb::evidence || spec.verb == Verb::report) &&
                       unit_people && !who.own_unit) {
                EXPECT_NE(reply.find("无权查看"), std::string::npos) << cell;
            } else if (unit_scoped && !who.own_unit) {
                EXPECT_NE(reply.find("不是本单位的工单"), std::string::npos) << cell;
            } else if (!right_level) {
                EXPECT_NE(reply.find("审签须依次进行"), std::string::npos) << cell;
            } else if (spec.verb == Verb::query) {
                EXPECT_NE(reply.find("状态："), std::string::npos) << cell;
            } else if (spec.verb == Verb::report) {
                EXPECT_NE(reply.find("本系统未启用报告文件"), std::string::npos) << cell;  // no PDFs in this executor
            } else if (spec.verb == Verb::evidence) {
                EXPECT_NE(reply.find("还没有佐证材料"), std::string::npos) << cell;
                // Only the ticket's unit may add to it.
                EXPECT_EQ(reply.find("将归入工单") != std::string::npos, unit_people && who.own_unit) << cell;
            } else {
                EXPECT_EQ(reply.rfind("已", 0), 0u) << cell;  // "已签收：…", "已提交退单申请：…"
            }
        }
    }
    EXPECT_EQ(cells, 28 * 10);  // 28 commands that take a ticket, 10 personas
}
