// Every command x every role x own/other unit: allowed, or refused with the specific reason.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bot/commands/command_table.h"
#include "bot/commands/executor.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::bot::commands;
using workflow::Role;
using workflow::State;

namespace {

struct Persona {
    const char* userid;
    const char* label;
    std::vector<Role> roles;
    bool own_unit;  // unit people: does the ticket belong to their unit?
};

// The state a command needs, and the text after the verb (with {} for the ticket number).
struct Setup {
    State state;
    std::string args;
    bool pending_return = false;
    bool pending_extension = false;
};

Setup setup_for(Verb v) {
    switch (v) {
        case Verb::query: return {State::handling, "{}"};
        case Verb::evidence: return {State::handling, "{}"};
        case Verb::report: return {State::handling, "{}"};
        case Verb::accept: return {State::dispatched, "{}"};
        case Verb::return_request: return {State::dispatched, "{} 非本单位职责"};
        case Verb::extension: return {State::handling, "{} 3 需协同"};
        case Verb::result: return {State::handling, "{}\n" + complete_result()};
        case Verb::contact: return {State::handling, "{} 已电话联系网民"};
        case Verb::unit_approve: return {State::unit_review, "{}"};
        case Verb::unit_reject: return {State::unit_review, "{} 请补充"};
        case Verb::claim: return {State::received, "{}"};
        case Verb::dispatch: return {State::claimed, "{} 住建局 投诉"};
        case Verb::approve_return: return {State::dispatched, "{}", true};
        case Verb::reject_return: return {State::dispatched, "{} 属本单位", true};
        case Verb::approve_extension: return {State::handling, "{}", false, true};
        case Verb::reject_extension: return {State::handling, "{} 不同意", false, true};
        case Verb::review_pass: return {State::center_review, "{}"};
        case Verb::review_redo: return {State::center_review, "{} 答非所问"};
        case Verb::signoff: return {State::signoff, "{} 同意"};
        case Verb::upload: return {State::signed_off, "{}"};
        case Verb::city_approve: return {State::uploaded, "{}"};
        case Verb::city_reject: return {State::uploaded, "{} 不完整"};
        case Verb::replied: return {State::city_approved, "{}"};
        case Verb::survey_result: return {State::replied, "{} 满意 已解决"};
        case Verb::supervise: return {State::surveyed, "{} 请再核查"};
        case Verb::close: return {State::surveyed, "{}"};
        case Verb::archive: return {State::closed, "{}"};
        case Verb::instruct: return {State::handling, "{} 请三日内彻底解决"};
        default: return {State::received, ""};
    }
}

std::string replace_ticket(std::string s, std::int64_t id) {
    const auto p = s.find("{}");
    if (p != std::string::npos) s.replace(p, 2, std::to_string(id));
    return s;
}

}  // namespace

TEST(PermissionMatrix, EveryCommandEveryRoleOwnAndOtherUnit) {
    const std::vector<Persona> personas{
        {kStaff, "staff", {Role::staff}, false},
        {kCenter, "center", {Role::center}, false},
        {kHandler, "handler/own", {Role::handler}, true},
        {kOtherHandler, "handler/other", {Role::handler}, false},
        {kLeader, "unit_leader/own", {Role::unit_leader}, true},
        {kOtherLeader, "unit_leader/other", {Role::unit_leader}, false},
        {kSigner1, "signer1", {Role::signer1}, false},
        {kSigner2, "signer2", {Role::signer2}, false},
        {kSigner3, "signer3", {Role::signer3, Role::leader}, false},
        {kAdmin, "admin", {Role::admin}, false},
    };
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
            const auto id = env.ticket_in(setup.state);
            if (setup.pending_return) {
                ASSERT_TRUE(env.act(workflow::Action::request_return, id, kHandler, "x").ok());
            }
            if (setup.pending_extension) {
                ASSERT_TRUE(env.extension(id, 2).ok());
            }
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
