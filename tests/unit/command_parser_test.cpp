#include <gtest/gtest.h>

#include "bot/commands/normalize.h"
#include "bot/commands/parser.h"

using namespace hotline::bot::commands;
using hotline::workflow::Category;

namespace {

Command ok(const std::string& text) {
    const auto r = parse_command(text);
    EXPECT_TRUE(r.command.has_value()) << text << " -> " << r.error;
    return r.command.value_or(Command{});
}

std::string err(const std::string& text) {
    const auto r = parse_command(text);
    EXPECT_FALSE(r.command.has_value()) << text;
    return r.error;
}

}  // namespace

TEST(Normalize, FullWidthAndSpaces) {
    EXPECT_EQ(normalize("签收　１２"), "签收 12");
    EXPECT_EQ(normalize("  派单  ＃３　住建局  "), "派单 #3 住建局");
    EXPECT_EQ(normalize("ＡＢＣ"), "ABC");
    EXPECT_EQ(normalize_keep_lines("反馈 3\r\n核查结论：属实  \n\n原因：x"), "反馈 3\n核查结论:属实\n\n原因:x");
    EXPECT_EQ(normalize(std::string("\xff\xfe")), "");  // not UTF-8
}

TEST(CommandParser, VerbsWithAndWithoutSpacesAndFullWidthDigits) {
    struct Case {
        const char* text;
        Verb verb;
        const char* ticket;
    } cases[] = {
        {"签收 12", Verb::accept, "12"},
        {"签收12", Verb::accept, "12"},
        {"签收　１２", Verb::accept, "12"},
        {"签收 #12", Verb::accept, "12"},
        {"签收 工单12", Verb::accept, "12"},
        {"签收 工单#12", Verb::accept, "12"},
        {"签收 12号", Verb::accept, "12"},
        {"accept 12", Verb::accept, "12"},
        {"ACCEPT 12", Verb::accept, "12"},
        {"查询 RM-2026-0012", Verb::query, "RM-2026-0012"},
        {"查询 20260012A", Verb::query, "20260012A"},
        {"认领 7", Verb::claim, "7"},
        {"同意 7", Verb::unit_approve, "7"},
        {"同意退单 7", Verb::approve_return, "7"},
        {"同意延期 7", Verb::approve_extension, "7"},
        {"approve-return 7", Verb::approve_return, "7"},
        {"通过 7", Verb::review_pass, "7"},
        {"上报 7", Verb::upload, "7"},
        {"市级通过 7", Verb::city_approve, "7"},
        {"已答复 7", Verb::replied, "7"},
        {"归档 7", Verb::archive, "7"},
    };
    for (const auto& c : cases) {
        const auto cmd = ok(c.text);
        EXPECT_EQ(cmd.verb, c.verb) << c.text;
        EXPECT_EQ(cmd.ticket_ref, c.ticket) << c.text;
    }
    EXPECT_EQ(ok("帮助").verb, Verb::help);
    EXPECT_EQ(ok("help").verb, Verb::help);
    EXPECT_EQ(ok("待办").verb, Verb::my_tickets);
    EXPECT_EQ(ok("我的工单").verb, Verb::my_tickets);
    EXPECT_EQ(ok("超期").verb, Verb::overdue);
}

TEST(CommandParser, FreeTextIsKeptAsTypedWhileTheCommandIsReadNormalised) {
    auto c = ok("退单　１２　不属于本单位职责，应由教育局办理。\n附：情况说明　");
    EXPECT_EQ(c.ticket_ref, "12");
    EXPECT_EQ(c.text, "不属于本单位职责，应由教育局办理。\n附：情况说明");
    c = ok("审签 12 退回 数据不准确，\n请核实（第二段）");
    EXPECT_FALSE(c.approve);
    EXPECT_EQ(c.text, "数据不准确，\n请核实（第二段）");
    c = ok("反馈 3\r\n核查结论：属实\n原因：管网老化，压力不足");
    EXPECT_EQ(c.text, "核查结论：属实\n原因：管网老化，压力不足");
    c = ok("延期 12 ５天  需协调住建、财政两个部门；预计下周完成");
    EXPECT_EQ(c.days, 5);
    EXPECT_EQ(c.text, "需协调住建、财政两个部门；预计下周完成");
}

TEST(CommandParser, ReasonsDaysUnitsCategoriesAndDecisions) {
    auto c = ok("退单 12 不属于本单位职责，应由教育局办理");
    EXPECT_EQ(c.verb, Verb::return_request);
    EXPECT_EQ(c.text, "不属于本单位职责，应由教育局办理");  // free text as typed: the full-width comma stays
    c = ok("延期 12 5 需多部门协同");
    EXPECT_EQ(c.days, 5);
    EXPECT_EQ(c.text, "需多部门协同");
    EXPECT_EQ(ok("延期 12 ５天 理由").days, 5);
    EXPECT_EQ(ok("延期 12 10个工作日 理由").days, 10);
    c = ok("派单 12 住建局");
    EXPECT_EQ(c.unit, "住建局");
    EXPECT_FALSE(c.category.has_value());
    EXPECT_EQ(ok("派单 12 住建局 投诉").category, Category::complaint);
    EXPECT_EQ(ok("派单 12 住建局 咨询").category, Category::consult);
    EXPECT_EQ(ok("派单 12 住建局 复杂").category, Category::complex);
    c = ok("审签 12 同意");
    EXPECT_TRUE(c.approve);
    c = ok("审签 12 退回 数据不准确");
    EXPECT_FALSE(c.approve);
    EXPECT_EQ(c.text, "数据不准确");
    c = ok("反馈 12 经核查，属实。\n已开展工作：现场核查\n目前进展：已解决");
    EXPECT_EQ(c.verb, Verb::result);
    EXPECT_EQ(c.text, "经核查，属实。\n已开展工作：现场核查\n目前进展：已解决");
    c = ok("反馈 12\n核查结论：属实");
    EXPECT_EQ(c.text, "核查结论：属实");
}

TEST(CommandParser, MistakesGetOneClearSentence) {
    EXPECT_NE(err("签收").find("请写明工单号"), std::string::npos);
    EXPECT_NE(err("签收").find("例如：签收 12"), std::string::npos);
    EXPECT_NE(err("退单 12").find("请写明理由"), std::string::npos);
    EXPECT_NE(err("延期 12 理由").find("天数"), std::string::npos);
    EXPECT_NE(err("延期 12 5").find("延期理由"), std::string::npos);
    EXPECT_NE(err("派单 12").find("承办单位"), std::string::npos);
    EXPECT_NE(err("派单 12 住建局 紧急").find("类别「紧急」"), std::string::npos);
    EXPECT_NE(err("审签 12").find("同意或退回"), std::string::npos);
    EXPECT_NE(err("审签 12 退回").find("意见"), std::string::npos);
    EXPECT_NE(err("签shou 12").find("您是不是要「签收」"), std::string::npos);
    EXPECT_NE(err("acept 12").find("「签收」"), std::string::npos);
    EXPECT_NE(err("今天天气不错").find("没有「今天天气不错」这个指令"), std::string::npos);
    EXPECT_NE(err("").find("帮助"), std::string::npos);
    EXPECT_NE(err("   ").find("帮助"), std::string::npos);
    // An English alias is a whole word: "accepted" is not "accept".
    EXPECT_FALSE(parse_command("accepted 12").command.has_value());
}

TEST(CommandParser, EditDistanceCountsCharactersNotBytes) {
    EXPECT_EQ(edit_distance("签收", "签收"), 0u);
    EXPECT_EQ(edit_distance("签收", "查收"), 1u);
    EXPECT_EQ(edit_distance("accept", "acept"), 1u);
    EXPECT_EQ(edit_distance("", "审签"), 2u);
}
