// Workbench pages in process: 三率 (who sees which rows), 办理结果 (draft shared with the chat,
// preview, submission through the engine), and the per-session rate limit.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/process.h"
#include "tests/web/web_harness.h"
#include "workflow/documents/reply_template.h"

using namespace hotline;
using namespace hotline::testing;

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

// Every cell of a workbook, read by openpyxl (an independent reader).
std::string workbook_text(const std::string& bytes) {
    TempDir dir;
    std::ofstream(dir.path() / "rates.xlsx", std::ios::binary) << bytes;
    const auto out = run({"/usr/bin/python3", "-c",
                          "import openpyxl, sys\n"
                          "wb = openpyxl.load_workbook(sys.argv[1])\n"
                          "print(wb.sheetnames)\n"
                          "for ws in wb:\n"
                          "    for row in ws.iter_rows(values_only=True):\n"
                          "        print(row)\n",
                          (dir.path() / "rates.xlsx").string()});
    EXPECT_EQ(out.exit_code, 0) << out.output;
    return out.output;
}

TEST(WorkbenchRates, TheTwelveWeekTrendAndTheWorkbookShowWhatThePersonMaySee) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto staff = web.call("GET", "/web/rates", "", web.cookie_for(kStaff));
    ASSERT_EQ(staff.status, 200);
    EXPECT_NE(staff.body.find("近12周走势（全县）"), std::string::npos);
    EXPECT_NE(staff.body.find("<svg class=\"trend\""), std::string::npos);
    EXPECT_NE(staff.body.find("href=\"/web/rates.xlsx?period="), std::string::npos);
    const auto leader_page = web.call("GET", "/web/rates", "", web.cookie_for(kLeader));
    EXPECT_NE(leader_page.body.find("近12周走势（本单位）"), std::string::npos);

    const auto book = web.call("GET", "/web/rates.xlsx", "period=" + adapters::url_encode("上月"), web.cookie_for(kStaff));
    ASSERT_EQ(book.status, 200) << book.body;
    EXPECT_EQ(book.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(book.headers.at("Content-Disposition").find("attachment"), std::string::npos);
    const auto all = workbook_text(book.body);
    EXPECT_NE(all.find("旗教育体育局"), std::string::npos) << all;
    EXPECT_NE(all.find("旗住房和城乡建设局"), std::string::npos) << all;

    const auto own = web.call("GET", "/web/rates.xlsx", "", web.cookie_for(kLeader));
    ASSERT_EQ(own.status, 200);
    const auto leaders = workbook_text(own.body);
    EXPECT_NE(leaders.find("旗住房和城乡建设局"), std::string::npos) << leaders;
    EXPECT_EQ(leaders.find("旗教育体育局"), std::string::npos) << "another unit's row: " << leaders;

    EXPECT_EQ(web.call("GET", "/web/rates.xlsx", "", web.cookie_for(kHandler)).status, 403);
    EXPECT_EQ(web.call("GET", "/web/rates.xlsx", "period=x", web.cookie_for(kStaff)).status, 400);
}

TEST(WorkbenchResult, TheFormSavesTheChatsDraftPreviewsBothDocumentsAndSubmitsThroughTheEngine) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto id = env.ticket_in(workflow::State::handling);
    const auto handler = web.cookie_for(kHandler);
    const std::string q = "id=" + std::to_string(id);

    // Offered on the ticket's page to the unit's handler, refused to anyone else.
    EXPECT_NE(web.call("GET", "/web/ticket", q, handler).body.find("href=\"/web/result?id=" + std::to_string(id) + "\""),
              std::string::npos);
    EXPECT_EQ(web.call("GET", "/web/result", q, web.cookie_for(kOtherHandler)).status, 403);
    EXPECT_EQ(web.call("GET", "/web/result", q, web.cookie_for(kStaff)).status, 403);

    const auto blank = web.call("GET", "/web/result", q, handler);
    ASSERT_EQ(blank.status, 200);
    EXPECT_NE(blank.body.find("核查结论"), std::string::npos);
    const auto csrf = form_value(blank.body, "csrf");

    // Half filled and saved: the chat's guided 反馈 goes on from the same draft.
    const auto saved = web.call("POST", "/web/result", "", handler,
                                form_encode({{"csrf", csrf}, {"id", std::to_string(id)}, {"do", "save"},
                                             {"s0", "属实"}, {"s1", "供热管网老化，<b>末端</b>压力不足。"}}));
    ASSERT_EQ(saved.status, 200);
    EXPECT_NE(saved.body.find("草稿已保存"), std::string::npos);
    EXPECT_NE(saved.body.find("预览：答复网民"), std::string::npos);
    EXPECT_NE(saved.body.find("&lt;b&gt;末端&lt;/b&gt;"), std::string::npos) << "escaped in the form and the preview";
    EXPECT_NE(saved.body.find("尚缺："), std::string::npos);
    env.store->transact([&](workflow::StoreTx& tx) {
        const auto d = tx.documents().result_draft(kHandler);
        ASSERT_TRUE(d.has_value());
        EXPECT_EQ(d->ticket_id, id);
        EXPECT_NE(d->sections.find("属实"), std::string::npos);
    });

    // Submitted incomplete: the engine's refusal in place, nothing changed.
    const auto refused = web.call("POST", "/web/result", "", handler,
                                  form_encode({{"csrf", csrf}, {"id", std::to_string(id)}, {"do", "submit"}, {"s0", "属实"}}));
    EXPECT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("缺少"), std::string::npos) << refused.body;
    EXPECT_EQ(env.ticket(id).state, workflow::State::handling);

    // Complete: submitted as the chat's 反馈 with the whole template, and back to the ticket.
    const auto full = workflow::parse_reply(complete_result());
    std::vector<std::pair<std::string, std::string>> fields{{"csrf", csrf}, {"id", std::to_string(id)}, {"do", "submit"}};
    const workflow::Section order[] = {workflow::Section::finding,  workflow::Section::cause,    workflow::Section::work_done,
                                       workflow::Section::progress, workflow::Section::next_steps, workflow::Section::expected,
                                       workflow::Section::attitude, workflow::Section::contact,  workflow::Section::phone};
    for (std::size_t i = 0; i < 9; ++i)
        if (const auto it = full.sections.find(order[i]); it != full.sections.end())
            fields.emplace_back("s" + std::to_string(i), it->second);
    const auto done = web.call("POST", "/web/result", "", handler, form_encode(fields));
    EXPECT_EQ(done.status, 302) << done.body;
    EXPECT_EQ(done.headers.at("Location"), "/web/ticket?id=" + std::to_string(id));
    EXPECT_EQ(env.ticket(id).state, workflow::State::unit_review);
    env.store->transact([&](workflow::StoreTx& tx) { EXPECT_FALSE(tx.documents().result_draft(kHandler).has_value()); });
}

TEST(WorkbenchDecisions, ArgumentsAreFieldsOfTheirOwnKindPutBackTogetherAsTheChatCommand) {
    WorkflowEnv env;
    WebHarness web(env);
    // 延期: a number of working days and a reason.
    const auto handling = env.ticket_in(workflow::State::handling);
    const auto handler = web.cookie_for(kHandler);
    const auto page = web.call("GET", "/web/ticket", "id=" + std::to_string(handling), handler);
    EXPECT_NE(page.body.find("<input type=\"number\" name=\"days\" min=\"1\""), std::string::npos);
    const auto extended = web.call("POST", "/web/ticket/act", "", handler,
                                   form_encode({{"csrf", form_value(page.body, "csrf")}, {"id", std::to_string(handling)},
                                                {"verb", "延期"}, {"days", "5"}, {"reason", "需协调\n多个部门"}}));
    ASSERT_EQ(extended.status, 200);
    EXPECT_NE(extended.body.find("<div class=\"outcome\">已"), std::string::npos) << extended.body;
    bool pending = false;
    env.store->transact([&](workflow::StoreTx& tx) {
        const auto r = tx.requests().pending_of(handling, workflow::RequestKind::extension);
        pending = r && r->days == 5 && r->reason == "需协调 多个部门";
    });
    EXPECT_TRUE(pending) << "5 days, the reason on one line";

    // 派单: the unit chosen from the directory, the category from a list.
    const auto claimed = env.ticket_in(workflow::State::claimed);
    const auto staff = web.cookie_for(kStaff);
    const auto staff_page = web.call("GET", "/web/ticket", "id=" + std::to_string(claimed), staff);
    EXPECT_NE(staff_page.body.find("<option value=\"旗教育体育局\">旗教育体育局</option>"), std::string::npos);
    const auto dispatched = web.call("POST", "/web/ticket/act", "", staff,
                                     form_encode({{"csrf", form_value(staff_page.body, "csrf")}, {"id", std::to_string(claimed)},
                                                  {"verb", "派单"}, {"unit", "旗教育体育局"}, {"category", "咨询"}}));
    ASSERT_EQ(dispatched.status, 200);
    EXPECT_NE(dispatched.body.find("<div class=\"outcome\">已"), std::string::npos) << dispatched.body;
    EXPECT_EQ(env.ticket(claimed).unit_code, "jyj");
    EXPECT_EQ(env.ticket(claimed).category, workflow::Category::consult);
}

TEST(WorkbenchForms, AFormThatIsNotUtf8IsRefusedAndChangesNothing) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto id = env.ticket_in(workflow::State::handling);
    const auto handler = web.cookie_for(kHandler);
    const auto csrf = form_value(web.call("GET", "/web/", "", handler).body, "csrf");
    const auto r = web.call("POST", "/web/result", "", handler,
                            "csrf=" + csrf + "&id=" + std::to_string(id) + "&do=save&s2=%FF%FE");
    EXPECT_EQ(r.status, 403) << r.body;
    bool drafted = true;
    env.store->transact([&](workflow::StoreTx& tx) { drafted = tx.documents().result_draft(kHandler).has_value(); });
    EXPECT_FALSE(drafted);
    EXPECT_EQ(web.call("POST", "/web/ticket/act", "", handler,
                       "csrf=" + csrf + "&id=" + std::to_string(id) + "&verb=%E8%81%94%E7%B3%BB&reason=%C3%28").status,
              403);
}
