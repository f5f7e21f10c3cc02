// One ticket through the entire procedure over encrypted WeCom callbacks, against the fake WeCom
// server, with the clock advanced between steps. Every person's messages and the audit chain are
// checked.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "bot/channels/wecom_channel.h"
#include "bot/commands/executor.h"
#include "bot/http/http_server.h"
#include "bot/inbox_worker.h"
#include "bot/notifier.h"
#include "bot/wecom/callback_endpoint.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/test_env.h"
#include "tests/support/wecom_callbacks.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;
using workflow::State;

namespace {

struct Procedure : WorkflowEnv {
    Procedure()
        : fake(kCorpId, "secret"), crypto(kToken, kAesKey, kCorpId), http(adapters::make_beast_http_client()),
          tokens(*http, fake.base_url(), kCorpId, "secret", clock),
          api(*http, tokens, {fake.base_url(), "1000002"}), channel(api),
          inbox_writer(*store), endpoint(crypto, inbox_writer, clock, metrics), executor(engine), worker(*store, clock, executor),
          notifier(*store, clock, {{"person", &channel}}, metrics) {
        router.add_async("POST", "/wecom/callback", [this](const bot::http::Request& r, bot::http::Respond respond) {
            endpoint.receive(r, std::move(respond));
        });
        server = std::make_unique<bot::http::HttpServer>(bot::http::ServerOptions{"127.0.0.1", 0, 2}, router, metrics);
        server->start();
    }

    void deliver(const std::string& xml) {
        const auto now = workflow::to_unix(clock.now());
        const auto cb = sign_callback(crypto, xml, now, "n" + std::to_string(++counter));
        httplib::Client c("127.0.0.1", server->port());
        const auto r = c.Post(("/wecom/callback?" + cb.query).c_str(), cb.body, "text/xml");
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200);
        worker.run_once();
        while (notifier.run_once() > 0) {
        }
    }

    // A chat message from `who`; returns what the bot answered them.
    std::string say(const std::string& who, const std::string& text) {
        const auto before = fake.deliveries().size();
        deliver(text_message_xml(who, text, std::to_string(7'000'000 + ++counter), workflow::to_unix(clock.now())));
        return last_text_to(who, before);
    }

    std::string click(const std::string& who, const std::string& task_id, const std::string& key) {
        const auto before = fake.deliveries().size();
        deliver(card_click_xml(who, task_id, key, workflow::to_unix(clock.now())));
        return last_text_to(who, before);
    }

    std::string last_text_to(const std::string& who, std::size_t since) {
        const auto d = fake.deliveries();
        for (std::size_t i = d.size(); i-- > since;)
            if (d[i].body.value("touser", "") == who && d[i].body["msgtype"] == "text")
                return d[i].body["text"]["content"];
        return {};
    }

    // Everything a person was sent since `since`: texts, and card titles with their task ids.
    std::vector<std::string> received(const std::string& who, std::size_t since) {
        std::vector<std::string> out;
        const auto d = fake.deliveries();
        for (std::size_t i = since; i < d.size(); ++i) {
            if (d[i].body.value("touser", "") != who) continue;
            if (d[i].body["msgtype"] == "text") out.push_back(d[i].body["text"]["content"]);
            if (d[i].body["msgtype"] == "template_card")
                out.push_back("card:" + d[i].body["template_card"]["task_id"].get<std::string>() + ":" +
                              d[i].body["template_card"]["sub_title_text"].get<std::string>());
        }
        return out;
    }

    std::string card_task_for(const std::string& who, std::size_t since) {
        for (const auto& r : received(who, since))
            if (r.rfind("card:", 0) == 0) return r.substr(5, r.find(':', 5) - 5);
        return {};
    }

    FakeWecomServer fake;
    adapters::wecom::CallbackCrypto crypto;
    std::unique_ptr<adapters::HttpClient> http;
    adapters::wecom::TokenCache tokens;
    adapters::wecom::WecomApi api;
    bot::WecomChannel channel;
    bot::Metrics metrics;
    bot::InboxWriter inbox_writer;  // not started: each callback is committed before its answer, inline
    bot::wecom::CallbackEndpoint endpoint;
    bot::commands::Executor executor;
    bot::InboxWorker worker;
    bot::Notifier notifier;
    bot::http::Router router;
    std::unique_ptr<bot::http::HttpServer> server;
    int counter = 0;
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
bool any_has(const std::vector<std::string>& v, const std::string& part) {
    return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return has(s, part); });
}

}  // namespace

TEST(ProcedureEndToEnd, OneTicketThroughEveryStepOverEncryptedCallbacks) {
    Procedure p;
    // Intake (issue #6 brings the real lines): the helper inserts the ticket; staff get a card.
    std::size_t mark = p.fake.deliveries().size();
    const auto id = p.new_ticket("小区供暖不热").id;
    while (p.notifier.run_once() > 0) {
    }
    const auto n = std::to_string(id);
    EXPECT_TRUE(any_has(p.received(kStaff, mark), "新留言待认领"));

    EXPECT_TRUE(has(p.say(kStaff, "认领 " + n), "已认领"));

    // Dispatched to the wrong unit; it returns it within 6 h and the centre approves by card.
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kStaff, "派单 " + n + " 教育局 投诉"), "旗教育体育局"));
    EXPECT_TRUE(any_has(p.received(kOtherHandler, mark), "新派单"));
    EXPECT_TRUE(p.received(kHandler, mark).empty());  // the other unit hears nothing
    p.clock.advance(2h);
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kOtherHandler, "退单 " + n + " 供暖属住建局监管"), "已提交退单申请"));
    const auto return_card = p.card_task_for(kCenter, mark);
    ASSERT_FALSE(return_card.empty());
    mark = p.fake.deliveries().size();
    p.click(kCenter, return_card, "approve_return");
    EXPECT_EQ(p.ticket(id).state, State::claimed);
    EXPECT_TRUE(any_has(p.received(kOtherHandler, mark), "退单申请已同意"));
    EXPECT_TRUE(any_has(p.received(kStaff, mark), "重新派单"));

    // Re-dispatched; a return 6 h 1 min later is refused.
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kStaff, "派单 " + n + " 住建局 投诉"), "旗住房和城乡建设局"));
    EXPECT_TRUE(any_has(p.received(kHandler, mark), "新派单"));
    p.clock.advance(6h + 1min);
    EXPECT_TRUE(has(p.say(kHandler, "退单 " + n + " 不归我们"), "6小时内"));
    EXPECT_TRUE(has(p.say(kHandler, "签收 " + n), "已签收"));

    // An extension approved; another over the 30-working-day cap refused.
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kHandler, "延期 " + n + " 25 需住建、供热公司协同"), "已提交延期申请"));
    EXPECT_TRUE(any_has(p.received(kCenter, mark), "申请延期25个工作日"));
    EXPECT_TRUE(has(p.say(kCenter, "同意延期 " + n), "新的反馈截止"));
    EXPECT_TRUE(has(p.say(kHandler, "延期 " + n + " 6 仍需协调"), "不得超过30个工作日"));

    // The result: one section missing (refused), then complete; the unit leader approves.
    p.clock.advance(24h);
    EXPECT_TRUE(has(p.say(kHandler, "反馈 " + n + "\n核查结论：属实\n原因：管网老化"), "缺少"));
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kHandler, "反馈 " + n + "\n" + complete_result()), "网民朋友您好"));
    EXPECT_FALSE(p.card_task_for(kLeader, mark).empty());
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kLeader, "同意 " + n), "待热线审核"));
    EXPECT_FALSE(p.card_task_for(kStaff, mark).empty());

    // Review sends it back; the unit resubmits; the leader approves again; review passes.
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kStaff, "重办 " + n + " 已开展工作写得过简，请具体说明"), "办理中"));
    EXPECT_TRUE(any_has(p.received(kHandler, mark), "退回重办"));
    EXPECT_TRUE(any_has(p.received(kLeader, mark), "退回重办"));
    EXPECT_TRUE(has(p.say(kHandler, "反馈 " + n + "\n" + complete_result()), "待单位领导审核"));
    EXPECT_TRUE(has(p.say(kLeader, "同意 " + n), "待热线审核"));
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kStaff, "通过 " + n), "审签中"));
    EXPECT_FALSE(p.card_task_for(kSigner1, mark).empty());

    // Three sign-offs in order; an out-of-order signer is refused.
    EXPECT_TRUE(has(p.say(kSigner3, "审签 " + n + " 同意"), "第1级审签人"));
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kSigner1, "审签 " + n + " 同意"), "审签中"));
    EXPECT_FALSE(p.card_task_for(kSigner2, mark).empty());
    EXPECT_TRUE(has(p.say(kSigner2, "审签 " + n + " 同意"), "审签中"));
    mark = p.fake.deliveries().size();
    EXPECT_TRUE(has(p.say(kSigner3, "审签 " + n + " 同意"), "已审签待上报"));
    EXPECT_TRUE(any_has(p.received(kStaff, mark), "请上报市12345"));

    // Upload, city approval, replied, archive.
    EXPECT_TRUE(has(p.say(kStaff, "上报 " + n), "已上报"));
    EXPECT_TRUE(has(p.say(kStaff, "市级通过 " + n), "市级已通过"));
    EXPECT_TRUE(has(p.say(kStaff, "已答复 " + n), "已答复待回访"));
    EXPECT_TRUE(has(p.say(kStaff, "归档 " + n), "已归档"));
    EXPECT_TRUE(has(p.say(kHandler, "联系 " + n + " 回访"), "已归档，只能查阅"));

    // The audit trail holds every step, in order (the refused late return too: the supervision
    // notice reports it), and its chain verifies.
    std::vector<std::string> actions;
    workflow::AuditChainVerifier verifier;
    p.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& e : tx.audit().of(id)) actions.push_back(e.action);
        tx.audit().for_each([&](const workflow::AuditEvent& e) { return verifier.feed(e); });
    });
    EXPECT_FALSE(verifier.first_break().has_value());
    EXPECT_EQ(actions, (std::vector<std::string>{
                           "receive", "claim", "dispatch", "request_return", "approve_return", "dispatch", "late_return", "accept",
                           "request_extension", "approve_extension", "submit_result", "unit_approve", "review_redo",
                           "submit_result", "unit_approve", "review_pass", "signoff_approve", "signoff_approve",
                           "signoff_approve", "upload", "city_approve", "mark_replied", "archive"}));
    // Nobody outside the two units' people and the hotline heard about it, and nothing was lost.
    std::set<std::string> recipients;
    for (const auto& d : p.fake.deliveries()) recipients.insert(d.body.value("touser", std::string("(update)")));
    for (const auto& r : recipients)
        EXPECT_TRUE(r == "(update)" || r == kStaff || r == kCenter || r == kHandler || r == kLeader ||
                    r == kOtherHandler || r == kOtherLeader || r == kSigner1 || r == kSigner2 || r == kSigner3)
            << r;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    p.store->transact([&](workflow::StoreTx& tx) { counts = tx.outbox().counts_by_state(); });
    EXPECT_EQ(counts.count({"person", "pending"}), 0u);
    EXPECT_EQ(counts.count({"person", "dead"}), 0u);
}
