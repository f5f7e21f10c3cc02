#include <gtest/gtest.h>

#include "bot/commands/normalize.h"
#include "tests/support/test_env.h"
#include "workflow/documents/reply_template.h"

using namespace hotline::workflow;

TEST(ReplyTemplate, ParsesLabelledSectionsWithAliasesAndContinuationLines) {
    const auto d = parse_reply(
        "核查结论：部分属实\n原因：管网老化\n末端压力不足\n开展工作：现场核查\n进展：尚未解决\n下一步：更换管网\n"
        "预计时限：2026年12月底\n网民态度：理解\n联系人：张伟\n联系电话：0477-1234567");
    EXPECT_EQ(d.sections.at(Section::cause), "管网老化\n末端压力不足");
    EXPECT_EQ(d.sections.at(Section::work_done), "现场核查");
    EXPECT_FALSE(d.solved());
    EXPECT_TRUE(d.missing().empty());
}

TEST(ReplyTemplate, SaysWhichRequiredSectionsAreMissing) {
    auto d = parse_reply("核查结论：属实\n原因：x\n已开展工作：y\n目前进展：正在协调");
    std::vector<std::string> names;
    for (auto s : d.missing()) names.emplace_back(label(s));
    EXPECT_EQ(names, (std::vector<std::string>{"下一步计划", "预计时限", "群众态度", "联系人", "电话"}));
    d = parse_reply("核查结论：属实\n原因：x\n已开展工作：y\n目前进展：已解决\n群众态度：满意\n联系人：z\n电话：1");
    EXPECT_TRUE(d.missing().empty());  // solved: no next steps needed
}

TEST(ReplyTemplate, WorksAfterChatNormalisation) {
    // NFKC turns the full-width colon into ':'.
    const auto d = parse_reply(hotline::bot::commands::normalize_keep_lines(hotline::testing::complete_result()));
    EXPECT_TRUE(d.missing().empty());
    const auto back = ReplyDraft::from_json(d.to_json());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->sections, d.sections);
}

TEST(ReplyTemplate, RendersBothDocumentsOfTheAttachment) {
    const auto d = parse_reply(hotline::testing::complete_result());
    const RenderContext c{"小区供暖不热", "暖气只有十几度。", "旗住房和城乡建设局", from_china_time(2026, 11, 20, 10)};
    const auto report = render_report(d, c);
    EXPECT_EQ(report.rfind("关于网民反映小区供暖不热问题核查办理情况的报告", 0), 0u) << report;
    for (const char* part : {"一、留言内容", "暖气只有十几度。", "二、核查处置情况", "经核查，网民反映问题属实。",
                             "收到网民反映问题后，旗住房和城乡建设局", "网民对办理结果表示满意", "三、回复情况"})
        EXPECT_NE(report.find(part), std::string::npos) << part;
    const auto reply = render_public_reply(d, c);
    EXPECT_EQ(reply.rfind("网民朋友您好，您的留言已收到。", 0), 0u);
    for (const char* part : {"经核查，您反映问题属实。", "您对办理结果表示满意", "请咨询旗住房和城乡建设局工作人员张伟",
                             "联系电话：0477-1234567", "2026年11月20日"})
        EXPECT_NE(reply.find(part), std::string::npos) << part;
    EXPECT_EQ(reply.find("下一步"), std::string::npos);  // solved: no next-steps sentence
}
