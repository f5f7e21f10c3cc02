// Chat messages through the inbox worker into the workflow, with replies in the outbox.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "bot/commands/command_table.h"
#include "bot/commands/executor.h"
#include "bot/inbox_worker.h"
#include "tests/support/inbox_message.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::bot::commands;

namespace {

struct ChatEnv : WorkflowEnv {
    ChatEnv() : executor(engine), worker(*store, clock, executor) {}

    // Sends like the console would and returns the reply.
    std::string say(const std::string& who, const std::string& text) {
        return through_inbox(*store, worker, clock, "console", {{"kind", "text"}, {"from", who}, {"content", text}});
    }

    Executor executor;
    bot::InboxWorker worker;
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST(ChatCommands, TheMainPathByChat) {
    ChatEnv env;
    const auto id = std::to_string(env.new_ticket("路灯不亮").id);
    EXPECT_TRUE(has(env.say(kStaff, "认领 " + id), "已认领"));
    EXPECT_TRUE(has(env.say(kStaff, "派单 " + id + " 住建局 投诉"), "旗住房和城乡建设局"));
    EXPECT_TRUE(has(env.say(kHandler, "签收" + id), "已签收"));
    EXPECT_TRUE(has(env.say(kHandler, "反馈 " + id + "\n核查结论：属实\n原因：管网老化"),
                    "工单#" + id + "的办理结果缺少：已开展工作、目前进展"));
    const auto submitted = env.say(kHandler, "反馈 " + id + "\n" + complete_result());
    EXPECT_TRUE(has(submitted, "待单位领导审核")) << submitted;
    EXPECT_TRUE(has(submitted, "网民朋友您好")) << submitted;
    const auto seen_by_leader = env.say(kLeader, "查询 " + id);
    EXPECT_TRUE(has(seen_by_leader, "关于网民反映路灯不亮问题核查办理情况的报告")) << seen_by_leader;
    EXPECT_TRUE(has(seen_by_leader, "网民朋友您好")) << seen_by_leader;
    EXPECT_TRUE(has(env.say(kLeader, "同意 " + id), "待热线审核"));
    EXPECT_TRUE(has(env.say(kStaff, "通过 " + id), "审签中"));
    EXPECT_TRUE(has(env.say(kSigner2, "审签 " + id + " 同意"), "第1级审签人"));  // out of order
    EXPECT_TRUE(has(env.say(kSigner1, "审签 " + id + " 同意"), "审签中"));
    EXPECT_TRUE(has(env.say(kSigner2, "审签 " + id + " 同意"), "审签中"));
    EXPECT_TRUE(has(env.say(kSigner3, "审签 " + id + " 同意"), "已审签待上报"));
    EXPECT_TRUE(has(env.say(kStaff, "上报 " + id), "已上报"));
    EXPECT_TRUE(has(env.say(kStaff, "市级通过 " + id), "市级已通过"));
    EXPECT_TRUE(has(env.say(kStaff, "已答复 " + id), "已答复待回访"));
    EXPECT_EQ(env.ticket(std::stoll(id)).state, workflow::State::replied);
}

TEST(ChatCommands, RefusalsAreOneChineseSentenceAndChangeNothing) {
    ChatEnv env;
    const auto id = env.ticket_in(workflow::State::dispatched);
    const auto sid = std::to_string(id);
    EXPECT_TRUE(has(env.say(kOtherHandler, "签收 " + sid), "不是本单位的工单"));
    EXPECT_TRUE(has(env.say(kHandler, "派单 " + sid + " 住建局"), "没有此权限"));
    EXPECT_TRUE(has(env.say(kHandler, "查询 999"), "不存在"));
    EXPECT_TRUE(has(env.say(kOtherHandler, "查询 " + sid), "无权查看"));
    EXPECT_TRUE(has(env.say("stranger", "帮助"), "通讯录"));
    EXPECT_EQ(env.ticket(id).state, workflow::State::dispatched);
}

TEST(ChatCommands, DispatchResolvesUnitsByNameAliasOrSuggestion) {
    ChatEnv env;
    const auto sid = std::to_string(env.ticket_in(workflow::State::claimed));
    EXPECT_TRUE(has(env.say(kStaff, "派单 " + sid + " 住建局"), "请指定留言类别"));  // unit ok; category missing
    EXPECT_TRUE(has(env.say(kStaff, "派单 " + sid + " 旗"), "对应多个单位"));
    EXPECT_TRUE(has(env.say(kStaff, "派单 " + sid + " 住健局 投诉"), "您是不是要「旗住房和城乡建设局」"));
    EXPECT_TRUE(has(env.say(kStaff, "派单 " + sid + " jyj 咨询"), "旗教育体育局"));
}

TEST(ChatCommands, HelpListsExactlyTheCommandsTheRolesAllow) {
    ChatEnv env;
    const std::pair<const char*, std::vector<std::string>> expectations[] = {
        {kHandler, {"签收", "退单", "延期", "反馈", "联系", "查询", "我的工单", "材料"}},
        {kLeader, {"同意 工单号", "退回 工单号"}},
        {kCenter, {"同意退单", "驳回退单", "同意延期", "驳回延期"}},
        {kSigner1, {"审签"}},
        {kStaff, {"认领", "派单", "通过", "重办", "上报", "市级通过", "市级退回", "已答复", "督办", "归档", "超期", "统计",
                  "合并", "不合并"}},
    };
    for (const auto& [who, expected] : expectations) {
        const auto help = env.say(who, "帮助");
        for (const auto& e : expected) EXPECT_TRUE(has(help, "· " + e)) << who << " lacks " << e << "\n" << help;
    }
    const auto handler_help = env.say(kHandler, "帮助");
    for (const char* never : {"派单", "认领", "审签", "同意退单", "归档"}) EXPECT_FALSE(has(handler_help, std::string("· ") + never)) << never;
    // Every listed line is a command the person may actually use.
    std::size_t lines = 0;
    for (std::size_t p = 0; (p = handler_help.find("\n· ", p)) != std::string::npos; ++p) ++lines;
    EXPECT_EQ(lines, 10u);  // 帮助 我的工单 查询 报告 材料 签收 退单 延期 反馈 联系
}

TEST(ChatCommands, TodoListsPerRole) {
    ChatEnv env;
    const auto dispatched = env.ticket_in(workflow::State::dispatched);
    const auto review = env.ticket_in(workflow::State::unit_review);
    ASSERT_TRUE(env.extension(dispatched, 3).ok());
    EXPECT_TRUE(has(env.say(kHandler, "待办"), "#" + std::to_string(dispatched)));
    EXPECT_TRUE(has(env.say(kLeader, "我的工单"), "#" + std::to_string(review)));
    EXPECT_TRUE(has(env.say(kCenter, "待办"), "待审批延期3天申请"));
    EXPECT_TRUE(has(env.say(kOtherHandler, "待办"), "没有待办"));
    // Staff's list is the lifecycle's: the replied ticket waits for its survey result, the
    // surveyed one for 办结; the signers each see only their own level.
    const auto replied = env.ticket_in(workflow::State::replied);
    const auto surveyed = env.ticket_in(workflow::State::surveyed);
    const auto signing = env.ticket_in(workflow::State::signoff);
    const auto staff = env.say(kStaff, "待办");
    for (const auto id : {replied, surveyed}) EXPECT_TRUE(has(staff, "#" + std::to_string(id) + " ")) << staff;
    EXPECT_FALSE(has(staff, "#" + std::to_string(dispatched) + " ")) << "the unit's to do, not staff's: " << staff;
    EXPECT_TRUE(has(env.say(kSigner1, "待办"), "#" + std::to_string(signing) + " "));
    EXPECT_TRUE(has(env.say(kSigner2, "待办"), "没有待办"));
    EXPECT_FALSE(has(env.say(kHandler, "待办"), "#" + std::to_string(replied) + " "));
}

TEST(ChatCommands, OverdueListsTicketsPastTheirFeedbackDeadline) {
    ChatEnv env;
    const auto id = env.ticket_in(workflow::State::handling);
    EXPECT_TRUE(has(env.say(kStaff, "超期"), "没有超期"));
    env.clock.advance(std::chrono::hours(24 * 6));
    EXPECT_TRUE(has(env.say(kStaff, "超期"), "#" + std::to_string(id)));
}

TEST(ChatCommands, ABareResultIsFilledInSectionBySection) {
    ChatEnv env;
    const auto id = env.ticket_in(workflow::State::handling);
    const auto n = std::to_string(id);
    EXPECT_TRUE(has(env.say(kOtherHandler, "反馈 " + n), "不是本单位的工单"));
    EXPECT_TRUE(has(env.say(kHandler, "反馈 " + n), "第1项 核查结论"));
    EXPECT_TRUE(has(env.say(kHandler, "还在查"), "请回复属实、不属实或部分属实"));
    EXPECT_TRUE(has(env.say(kHandler, "部分属实"), "原因："));
    EXPECT_TRUE(has(env.say(kHandler, "供热管网老化，末端压力不足"), "已开展工作："));
    EXPECT_TRUE(has(env.say(kHandler, "提交"), "还差"));  // not yet complete
    EXPECT_TRUE(has(env.say(kHandler, "组织供热公司现场核查"), "目前进展："));
    EXPECT_TRUE(has(env.say(kHandler, "尚未解决，需更换管网"), "下一步计划："));  // not solved: next steps asked
    EXPECT_TRUE(has(env.say(kHandler, "列入明年改造计划"), "预计时限："));
    EXPECT_TRUE(has(env.say(kHandler, "2027年10月前"), "群众态度："));
    EXPECT_TRUE(has(env.say(kHandler, "理解"), "联系人："));
    EXPECT_TRUE(has(env.say(kHandler, "张伟"), "电话："));
    const auto preview = env.say(kHandler, "0477-1234567");
    EXPECT_TRUE(has(preview, "网民朋友您好")) << preview;
    EXPECT_TRUE(has(preview, "经核查，您反映问题部分属实")) << preview;
    EXPECT_EQ(env.ticket(id).state, workflow::State::handling);  // nothing submitted yet
    EXPECT_TRUE(has(env.say(kHandler, "提交"), "待单位领导审核"));
    EXPECT_EQ(env.ticket(id).state, workflow::State::unit_review);
    EXPECT_TRUE(has(env.say(kHandler, "帮助"), "您可以使用"));  // back to commands
}

TEST(ChatCommands, AGuidedResultKeepsTheTypedPunctuationAndReadsAsWrittenChinese) {
    // The issue's example, typed as a new user would: full-width commas, no final 。.
    ChatEnv env;
    const auto id = env.ticket_in(workflow::State::handling);
    const auto n = std::to_string(id);
    env.say(kHandler, "反馈 " + n);
    for (const char* answer : {"属实", "小区换热站循环泵故障，供水温度偏低", "12月1日派人到现场检修，更换了循环泵",
                               "已解决，室温恢复到20度以上", "满意", "张伟"})
        env.say(kHandler, answer);
    const auto preview = env.say(kHandler, "0477-1234567");
    EXPECT_TRUE(has(preview, "经核查，您反映问题属实。小区换热站循环泵故障，供水温度偏低。\n\n收到您反映问题后，"
                             "旗住房和城乡建设局12月1日派人到现场检修，更换了循环泵，目前已解决，室温恢复到20度以上。"))
        << preview;
    env.say(kHandler, "提交");
    EXPECT_TRUE(has(env.ticket(id).result, "小区换热站循环泵故障，供水温度偏低")) << env.ticket(id).result;  // as typed
    const auto shown = env.say(kLeader, "查询 " + n);
    EXPECT_TRUE(has(shown, "经核查，网民反映问题属实。小区换热站循环泵故障，供水温度偏低。")) << shown;
    EXPECT_FALSE(has(shown, ",")) << shown;
}

TEST(ChatCommands, ALeadersInstructionReachesTheUnitAndStaffAndNoOneElse) {
    ChatEnv env;
    const auto id = env.ticket_in(workflow::State::handling);
    const auto n = std::to_string(id);
    const std::string instruction = "请住建局三日内彻底解决，并向群众做好解释";
    EXPECT_TRUE(has(env.say(kHandler, "批示 " + n + " " + instruction), "没有此权限"));
    EXPECT_TRUE(has(env.say(kSigner3, "批示 " + n), "请写明理由或意见"));
    EXPECT_TRUE(has(env.say(kSigner3, "批示 " + n + " " + instruction), "已记录批示：工单#" + n)) << n;
    EXPECT_EQ(env.ticket(id).state, workflow::State::handling);  // no state change

    std::set<std::string> told;
    env.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& m : tx.outbox().of(id))
            if (has(m.payload, instruction)) {
                told.insert(m.recipient);
                EXPECT_NE(m.channel, "sms");
                EXPECT_TRUE(has(m.payload, "请勿向他人传阅")) << m.payload;
            }
    });
    EXPECT_EQ(told, (std::set<std::string>{kHandler, kLeader, kStaff}));  // not the other unit, not the author

    // Shown in 查询 to those who may see the ticket; another unit's handler sees nothing of it.
    EXPECT_TRUE(has(env.say(kHandler, "查询 " + n), "领导批示（请勿传阅）")) << env.say(kHandler, "查询 " + n);
    EXPECT_TRUE(has(env.say(kHandler, "查询 " + n), "周华：" + instruction));
    EXPECT_TRUE(has(env.say(kStaff, "查询 " + n), instruction));
    const auto other = env.say(kOtherHandler, "查询 " + n);
    EXPECT_FALSE(has(other, instruction)) << other;
    EXPECT_TRUE(has(other, "无权查看")) << other;

    // Never in the public reply.
    env.say(kHandler, "反馈 " + n + "\n" + complete_result());
    EXPECT_FALSE(has(env.ticket(id).result, instruction));
    EXPECT_FALSE(has(env.say(kLeader, "查询 " + n).substr(0, env.say(kLeader, "查询 " + n).find("领导批示")), instruction));
}

TEST(ChatCommands, AGuidedResultCanBeAbandoned) {
    ChatEnv env;
    const auto n = std::to_string(env.ticket_in(workflow::State::handling));
    env.say(kHandler, "反馈 " + n);
    env.say(kHandler, "属实");
    EXPECT_TRUE(has(env.say(kHandler, "取消"), "已放弃"));
    EXPECT_TRUE(has(env.say(kHandler, "查询 " + n), "办理中"));
}

TEST(ChatCommands, StaffMergeADuplicateOrKeepThePairApart) {
    ChatEnv env;
    const auto a = env.new_ticket("供暖不热").id, b = env.new_ticket("供暖问题").id, c = env.new_ticket("路灯").id;
    env.store->transact([&](workflow::StoreTx& tx) {
        tx.tickets().add_merge_candidate(b, a, "test", env.clock.now());
        tx.tickets().add_merge_candidate(c, a, "test", env.clock.now());
    });
    const auto sa = std::to_string(a), sb = std::to_string(b), sc = std::to_string(c);
    EXPECT_TRUE(has(env.say(kHandler, "合并 " + sa + " " + sb), "没有此权限"));
    EXPECT_TRUE(has(env.say(kStaff, "合并 " + sa), "请写明两个工单号"));
    EXPECT_TRUE(has(env.say(kStaff, "合并 " + sa + " " + sb), "并入工单#" + sa));
    EXPECT_EQ(env.ticket(b).state, workflow::State::archived);
    env.store->transact([&](workflow::StoreTx& tx) { EXPECT_EQ(tx.tickets().sources_of(a).size(), 2u); });
    EXPECT_TRUE(has(env.say(kStaff, "查询 " + env.ticket(a).source_id), "工单#" + sa));
    EXPECT_TRUE(has(env.say(kStaff, "不合并 " + sc + " " + sa), "分别办理"));
    EXPECT_TRUE(has(env.say(kStaff, "不合并 " + sc + " " + sa), "没有待确认"));
    // A ticket already being handled is not merged away.
    const auto handling = env.ticket_in(workflow::State::handling);
    EXPECT_TRUE(has(env.say(kStaff, "合并 " + sa + " " + std::to_string(handling)), "不能「合并」"));
}

TEST(ChatCommands, StatsPerUnitWithinWhatEachMaySee) {
    ChatEnv env;
    env.ticket_in(workflow::State::handling);
    env.ticket_in(workflow::State::replied);
    const auto all = env.say(kStaff, "统计");
    EXPECT_TRUE(has(all, "旗住房和城乡建设局：承办2件，在办1件（超期0件），已答复1件")) << all;
    EXPECT_TRUE(has(all, "旗教育体育局：承办0件")) << all;
    const auto own = env.say(kLeader, "统计");
    EXPECT_TRUE(has(own, "旗住房和城乡建设局")) << own;
    EXPECT_FALSE(has(own, "旗教育体育局")) << own;
    EXPECT_TRUE(has(env.say(kLeader, "统计 教育局"), "只能查看本单位"));
    EXPECT_TRUE(has(env.say(kHandler, "统计"), "没有此权限"));
    EXPECT_TRUE(has(env.say(kStaff, "统计 住建局"), "旗住房和城乡建设局"));
}

TEST(ChatCommands, EachInboxEntryIsHandledOnce) {
    ChatEnv env;
    const auto id = env.new_ticket().id;
    env.say(kStaff, "认领 " + std::to_string(id));
    EXPECT_EQ(env.worker.run_once(), 0u);  // nothing new
    std::size_t claims = 0;
    env.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& e : tx.audit().of(id)) claims += e.action == "claim";
    });
    EXPECT_EQ(claims, 1u);
}
