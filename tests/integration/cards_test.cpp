// Decision cards: sent to the people who must act, clicked, greyed with the outcome; outdated
// cards refused politely; decisions that need a reason ask for the command.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "bot/channels/wecom_channel.h"
#include "bot/commands/executor.h"
#include "bot/documents/report_versions.h"
#include "bot/evidence/attachment_store.h"
#include "bot/inbox_worker.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct CardEnv : WorkflowEnv {
    explicit CardEnv(bot::commands::ExecutorParts parts = {}) : executor(engine, parts), worker(*store, clock, executor) {}

    nlohmann::json card_for(std::int64_t ticket, const std::string& who) {
        nlohmann::json card;
        store->transact([&](workflow::StoreTx& tx) {
            for (const auto& m : tx.outbox().of(ticket))
                if (m.recipient == who && m.kind == "decision_card") card = nlohmann::json::parse(m.payload);
        });
        return card;
    }

    // Delivers a click as the WeCom callback would, and handles it.
    std::int64_t click(const std::string& who, const std::string& task_id, const std::string& key) {
        static int n = 0;
        workflow::InboxEntry e;
        e.channel = "wecom";
        e.dedup_key = "click-" + std::to_string(++n);
        e.payload = nlohmann::json{{"kind", "card_click"}, {"from", who}, {"task_id", task_id}, {"event_key", key},
                                   {"response_code", "rc-" + std::to_string(n)}}
                        .dump();
        e.received_at = clock.now();
        std::int64_t id = 0;
        store->transact([&](workflow::StoreTx& tx) {
            tx.inbox().insert(e);
            id = tx.inbox().by_key("wecom", e.dedup_key)->id;
        });
        worker.handle(id);
        return id;
    }

    std::string out(std::int64_t inbox_id, const char* what) {
        std::string payload;
        store->transact([&](workflow::StoreTx& tx) {
            for (const auto& m : tx.outbox().of(0))
                if (m.dedup_key == "click:" + std::to_string(inbox_id) + ":" + what) payload = m.payload;
        });
        return payload;
    }

    bot::commands::Executor executor;
    bot::InboxWorker worker;
};

// The WeCom API client against the fake server, for the channel's own tests.
struct WecomApiEnv {
    FakeWecomServer fake{"ww-corp", "secret"};
    std::unique_ptr<adapters::HttpClient> http = adapters::make_beast_http_client();
    workflow::FakeClock clock{workflow::from_unix(1'800'000'000)};
    adapters::wecom::TokenCache tokens{*http, fake.base_url(), "ww-corp", "secret", clock};
    adapters::wecom::WecomApi api{*http, tokens, {fake.base_url(), "1000002"}};
};

}  // namespace

TEST(Cards, ADispatchCardIsClickedAndGreyedAndTheOtherCopyGoesStale) {
    CardEnv env;
    env.store->transact([](workflow::StoreTx& tx) {
        tx.directory().upsert_person({"handler2_zjj", "李娜", "zjj", {workflow::Role::handler}});
    });
    const auto id = env.ticket_in(workflow::State::dispatched);
    const auto card = env.card_for(id, kHandler);
    ASSERT_FALSE(card.is_null());
    EXPECT_EQ(card["buttons"].size(), 3u);
    EXPECT_EQ(card["buttons"][0]["key"], "accept");
    EXPECT_EQ(card["buttons"][0]["text"], "签收");
    const auto other_card = env.card_for(id, "handler2_zjj");
    EXPECT_NE(other_card["task_id"], card["task_id"]);  // one task id per card

    const auto click = env.click(kHandler, card["task_id"], "accept");
    EXPECT_EQ(env.ticket(id).state, workflow::State::handling);
    const auto update = nlohmann::json::parse(env.out(click, "update"));
    EXPECT_EQ(update["button"]["replace_name"], "已签收");
    EXPECT_FALSE(update["response_code"].get<std::string>().empty());

    const auto late = env.click("handler2_zjj", other_card["task_id"], "accept");
    EXPECT_EQ(nlohmann::json::parse(env.out(late, "update"))["button"]["replace_name"], "已过期");
    EXPECT_NE(env.out(late, "reply").find("已过期"), std::string::npos);
}

TEST(Cards, AClickFollowsTheSameRulesAsTheCommand) {
    CardEnv env;
    const auto id = env.ticket_in(workflow::State::dispatched);
    const auto card = env.card_for(id, kHandler);
    const auto stranger = env.click(kOtherHandler, card["task_id"], "accept");
    EXPECT_NE(env.out(stranger, "reply").find("不是本单位的工单"), std::string::npos);
    EXPECT_TRUE(env.out(stranger, "update").empty());
    EXPECT_EQ(env.ticket(id).state, workflow::State::dispatched);
}

TEST(Cards, ADecisionNeedingAReasonAsksForTheCommand) {
    CardEnv env;
    const auto id = env.ticket_in(workflow::State::dispatched);
    const auto click = env.click(kHandler, env.card_for(id, kHandler)["task_id"], "request_return");
    EXPECT_NE(env.out(click, "reply").find("退单 工单号 理由"), std::string::npos) << env.out(click, "reply");
    EXPECT_EQ(env.ticket(id).state, workflow::State::dispatched);
}

TEST(Cards, TheCentreApprovesAReturnFromItsCard) {
    CardEnv env;
    const auto id = env.ticket_in(workflow::State::dispatched);
    ASSERT_TRUE(env.act(workflow::Action::request_return, id, kHandler, "非本单位职责").ok());
    const auto card = env.card_for(id, kCenter);
    ASSERT_EQ(card["buttons"][0]["key"], "approve_return");
    const auto click = env.click(kCenter, card["task_id"], "approve_return");
    EXPECT_EQ(env.ticket(id).state, workflow::State::claimed);
    EXPECT_EQ(nlohmann::json::parse(env.out(click, "update"))["button"]["replace_name"], "已同意");
}

// In the service a submitted result also files the report's PDF (an audit record of its own)
// after the leader's card was written: the card must still work.
TEST(Cards, TheLeadersApprovalCardWorksAfterTheReportPdfIsFiledWithTheResult) {
    TempDir dir;
    const bot::evidence::AttachmentStore files(dir.path() / "attachments");
    bot::documents::ReportVersions versions(files);
    CardEnv env({.attachments = &files, .report_versions = &versions});
    const auto id = env.ticket_in(workflow::State::handling);
    std::string reply;
    env.store->transact([&](workflow::StoreTx& tx) {
        reply = env.executor.execute(tx, kHandler, "反馈 " + std::to_string(id) + "\n" + complete_result());
    });
    ASSERT_EQ(reply.rfind("已", 0), 0u) << reply;
    int filed = 0;
    env.store->transact([&](workflow::StoreTx& tx) { filed = static_cast<int>(tx.documents().report_versions(id).size()); });
    ASSERT_EQ(filed, 1);
    const auto card = env.card_for(id, kLeader);
    ASSERT_FALSE(card.is_null());
    const auto click = env.click(kLeader, card["task_id"], "unit_approve");
    EXPECT_EQ(env.out(click, "reply").find("已过期"), std::string::npos) << env.out(click, "reply");
    EXPECT_EQ(nlohmann::json::parse(env.out(click, "update"))["button"]["replace_name"], "已同意");
    EXPECT_EQ(env.ticket(id).state, workflow::State::center_review);
}

TEST(Cards, GarbageClicksAreRefusedPolitely) {
    CardEnv env;
    const auto click = env.click(kHandler, "not-a-task", "accept");
    EXPECT_NE(env.out(click, "reply").find("无法识别"), std::string::npos);
}

TEST(Cards, TheWecomChannelSendsTemplateCardsAndButtonUpdates) {
    WecomApiEnv env;
    auto& fake = env.fake;
    bot::WecomChannel channel(env.api);
    workflow::OutboxMessage card;
    card.recipient = "zhangwei";
    card.kind = "decision_card";
    card.payload = nlohmann::json{{"title", "工单#12"}, {"subject", "小区供暖不热，老人孩子受冻，请尽快处理"},
                                  {"text", "【工单#12】小区供暖不热\n新派单，类别：投诉反映类。"},
                                  {"task_id", "t12_34_0"},
                                  {"buttons", {{{"key", "accept"}, {"text", "签收"}}, {{"key", "request_return"}, {"text", "退单"}}}}}
                       .dump();
    EXPECT_EQ(channel.send(card).status, bot::SendStatus::sent);
    workflow::OutboxMessage update;
    update.recipient = "zhangwei";
    update.kind = "card_update";
    update.payload = R"({"response_code":"rc-1","button":{"replace_name":"已签收"}})";
    EXPECT_EQ(channel.send(update).status, bot::SendStatus::sent);
    const auto d = fake.deliveries();
    ASSERT_EQ(d.size(), 2u);
    const auto& tc = d[0].body["template_card"];
    EXPECT_EQ(d[0].body["msgtype"], "template_card");
    EXPECT_EQ(tc["card_type"], "button_interaction");
    EXPECT_EQ(tc["task_id"], "t12_34_0");
    EXPECT_EQ(tc["button_list"][0]["key"], "accept");
    EXPECT_EQ(tc["button_list"][0]["style"], 1);
    EXPECT_EQ(tc["sub_title_text"], "新派单，类别：投诉反映类。");
    EXPECT_EQ(d[1].path, "/cgi-bin/message/update_template_card");
    EXPECT_EQ(d[1].body["userids"][0], "zhangwei");
    EXPECT_EQ(d[1].body["response_code"], "rc-1");
    EXPECT_EQ(d[1].body["agentid"], 1000002);
}

// With the workbench on, a notification about a ticket is a textcard that opens its page; answers,
// notices about no ticket and texts too long for a textcard stay text.
TEST(Cards, NoticesAboutATicketLinkItsPageAsTextcards) {
    WecomApiEnv env;
    auto& fake = env.fake;
    bot::WecomChannel channel(env.api, "https://bot.example.gov.cn/web/ticket?id=");
    const auto text = [](std::int64_t ticket, std::string body, workflow::OutboxPurpose purpose) {
        workflow::OutboxMessage m;
        m.recipient = "zhangwei";
        m.kind = "text";
        m.ticket_id = ticket;
        m.payload = std::move(body);
        m.purpose = purpose;
        return m;
    };
    using P = workflow::OutboxPurpose;
    ASSERT_EQ(channel.send(text(12, "【报告即将到期】工单#12\n标题：供暖<b>不热</b>\n报告截止：北京时间2026-12-10 14:00", P::notification)).status,
              bot::SendStatus::sent);
    ASSERT_EQ(channel.send(text(12, "已签收：工单#12\n当前状态：办理中", P::answer)).status, bot::SendStatus::sent);
    ASSERT_EQ(channel.send(text(0, "【每日待办】\n在办工单2件", P::notification)).status, bot::SendStatus::sent);
    ASSERT_EQ(channel.send(text(12, "【长通知】\n" + std::string(600, 'x'), P::notification)).status, bot::SendStatus::sent);
    const auto d = fake.deliveries();
    ASSERT_EQ(d.size(), 4u);
    EXPECT_EQ(d[0].body["msgtype"], "textcard");
    const auto& card = d[0].body["textcard"];
    EXPECT_EQ(card["title"], "【报告即将到期】工单#12");
    EXPECT_EQ(card["url"], "https://bot.example.gov.cn/web/ticket?id=12");
    EXPECT_EQ(card["btntxt"], "详情");
    EXPECT_EQ(card["description"], "<div class=\"normal\">标题：供暖＜b＞不热＜/b＞</div>"
                                   "<div class=\"normal\">报告截止：北京时间2026-12-10 14:00</div>");
    EXPECT_EQ(d[1].body["msgtype"], "text") << "an answer is part of the conversation";
    EXPECT_EQ(d[2].body["msgtype"], "text") << "about no ticket";
    EXPECT_EQ(d[3].body["msgtype"], "text") << "too long for a textcard";
}
