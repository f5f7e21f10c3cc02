// The SMS callback survey end to end on a fake clock: the survey engine, the notifier's sms
// channel through the real provider clients to fake Tencent and Alibaba gateways on 127.0.0.1,
// and the citizens' replies and receipts posted back to the real HTTP callbacks.
#include <gtest/gtest.h>

#include "tests/support/survey_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;
using workflow::Action;
using workflow::State;

namespace {

// A ticket at city_approved, then marked replied at `at` (China time).
std::int64_t replied_ticket(SurveyEnv& s, workflow::Instant at) {
    s.env.clock.set(at - 48h);
    const auto id = s.env.ticket_in(State::city_approved);
    s.env.clock.set(at);
    EXPECT_TRUE(s.env.act(Action::mark_replied, id, kStaff).ok());
    return id;
}

std::int64_t inbox_count(SurveyEnv& s, const std::string& channel) {
    std::int64_t n = 0;
    s.env.store->transact([&](workflow::StoreTx& tx) { n = hotline::testing::inbox_count(tx, channel); });
    return n;
}

const auto kMonday1830 = workflow::from_china_time(2026, 11, 30, 18, 30);
const auto kTuesday0900 = workflow::from_china_time(2026, 12, 1, 9, 0);

}  // namespace

TEST(SmsSurvey, RepliedTicketIsAskedNotBeforeNineAndADuplicatedReplyCountsOnce) {
    SurveyEnv s;
    const auto id = replied_ticket(s, kMonday1830);
    s.env.clock.set(workflow::from_china_time(2026, 11, 30, 20, 31));  // delay over, but evening
    s.pump();
    s.env.clock.set(workflow::from_china_time(2026, 12, 1, 8, 59));
    s.pump();
    EXPECT_TRUE(s.gateway.sent().empty()) << "no SMS outside 09:00-20:00";

    s.env.clock.set(kTuesday0900);
    s.pump();
    auto sent = s.gateway.sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].phone, kCitizenPhone);
    EXPECT_EQ(sent[0].sign_name, kSignature);
    EXPECT_EQ(sent[0].template_id, "1001");
    EXPECT_EQ(sent[0].params, std::vector<std::string>{std::to_string(id)});
    EXPECT_EQ(s.gateway.bad_signatures(), 0);
    ASSERT_EQ(s.surveys(id).size(), 1u);
    EXPECT_EQ(s.surveys(id)[0].state, workflow::SurveyState::asked);

    // The provider pushes the reply twice (its retry): one inbox entry, one outcome.
    for (int i = 0; i < 2; ++i) {
        const auto r = s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "１ ４ 谢谢", kSignature);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(nlohmann::json::parse(r->body), (nlohmann::json{{"result", 0}, {"errmsg", "OK"}}));
    }
    EXPECT_EQ(inbox_count(s, "sms_tencent"), 1);
    s.pump();
    s.pump();
    const auto t = s.env.ticket(id);
    EXPECT_EQ(t.state, State::surveyed);
    EXPECT_EQ(t.survey_outcome, "满意，已解决（短信回访）");
    const auto survey = s.surveys(id).at(0);
    EXPECT_EQ(survey.state, workflow::SurveyState::recorded);
    EXPECT_EQ(survey.satisfaction, workflow::Satisfaction::satisfied);
    EXPECT_EQ(survey.resolution, workflow::Resolution::solved);
    EXPECT_EQ(survey.recorded_by, "sms");
    EXPECT_EQ(s.outbox_to(id, kStaff, "可以办结"), 1);
    EXPECT_EQ(s.gateway.sent().size(), 1u) << "an answered survey sends nothing more";

    // The delivery receipt finds the message by the provider's serial number.
    ASSERT_TRUE(s.gateway.post_receipt(s.bot_base(), kCallbackKey, sent[0], true));
    s.pump();
    s.env.store->transact([&](workflow::StoreTx& tx) {
        const auto msgs = tx.sms().of_ticket(id);
        ASSERT_EQ(msgs.size(), 2u);  // the question and the reply
        EXPECT_EQ(msgs[0].status, "delivered");
        EXPECT_EQ(msgs[1].direction, "in");
        EXPECT_EQ(msgs[1].status, "matched");
        EXPECT_EQ(msgs[0].text.find(kCitizenPhone), std::string::npos);
    });
    // The audit trail has the outcome, by the system.
    const auto audit = [&] {
        std::vector<workflow::AuditEvent> a;
        s.env.store->transact([&](workflow::StoreTx& tx) { a = tx.audit().of(id); });
        return a;
    }();
    EXPECT_EQ(audit.back().action, "record_survey");
    EXPECT_EQ(audit.back().actor, "system");
}

TEST(SmsSurvey, AnUnhappyAnswerOpensSupervisionAndTellsTheUnit) {
    SurveyEnv s;
    const auto id = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    ASSERT_EQ(s.gateway.sent().size(), 1u);
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "不满意，问题没解决", kSignature));
    s.pump();
    const auto t = s.env.ticket(id);
    EXPECT_EQ(t.state, State::handling);
    EXPECT_EQ(t.supervision_count, 1);
    EXPECT_EQ(s.surveys(id).at(0).satisfaction, workflow::Satisfaction::dissatisfied);
    EXPECT_EQ(s.surveys(id).at(0).resolution, workflow::Resolution::unsolved);
    EXPECT_EQ(s.outbox_to(id, kHandler, "督办"), 1);
    EXPECT_EQ(s.outbox_to(id, kLeader, "督办"), 1);
    EXPECT_EQ(s.outbox_to(id, kStaff, "已转督办"), 1);
}

TEST(SmsSurvey, NoAnswerGetsOneReminderThenBecomesAPhoneTaskForStaff) {
    SurveyEnv s;
    const auto id = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    s.env.clock.advance(23h);
    s.pump();
    EXPECT_EQ(s.gateway.sent().size(), 1u);
    s.env.clock.advance(1h);  // 24 h after asking
    s.pump();
    ASSERT_EQ(s.gateway.sent().size(), 2u);
    EXPECT_EQ(s.gateway.sent()[1].template_id, "1005");
    s.env.clock.advance(47h);
    s.pump();
    EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::asked);
    s.env.clock.advance(1h);  // 72 h after asking
    s.pump();
    EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::phone_task);
    EXPECT_EQ(s.outbox_to(id, kStaff, "请电话回访（号码138****5678"), 1);
    s.env.clock.advance(72h);
    s.pump();
    EXPECT_EQ(s.gateway.sent().size(), 2u) << "one reminder only";

    // Staff call the citizen and record the answer from chat.
    std::string reply;
    s.env.store->transact([&](workflow::StoreTx& tx) {
        reply = s.executor.execute(tx, kStaff, "回访结果 " + std::to_string(id) + " 基本满意 已解决 市民希望以后回复快些");
    });
    EXPECT_NE(reply.find("已登记回访结果"), std::string::npos) << reply;
    EXPECT_EQ(s.env.ticket(id).state, State::surveyed);
    EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::recorded);
    EXPECT_EQ(s.surveys(id).at(0).recorded_by, kStaff);
    EXPECT_EQ(s.surveys(id).at(0).note, "市民希望以后回复快些");
}

TEST(SmsSurvey, PartialAnswerGetsAFollowUpAndUnclearOnesOneClarification) {
    SurveyEnv s;
    const auto a = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "满意的", kSignature, 1));
    s.pump();
    ASSERT_EQ(s.gateway.sent().size(), 2u);
    EXPECT_EQ(s.gateway.sent()[1].template_id, "1003");  // asks whether it is solved
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "解决了", kSignature, 2));
    s.pump();
    EXPECT_EQ(s.env.ticket(a).state, State::surveyed);
    EXPECT_EQ(s.gateway.sent().size(), 2u);

    // Another citizen: an unclear answer, one clarification, unclear again -> a person looks.
    SurveyEnv t;
    const auto b = replied_ticket(t, kTuesday0900 - 3h);
    t.env.clock.set(kTuesday0900);
    t.pump();
    ASSERT_TRUE(t.gateway.post_reply(t.bot_base(), kCallbackKey, kCitizenPhone, "你们什么时候来修？", kSignature, 1));
    t.pump();
    ASSERT_EQ(t.gateway.sent().size(), 2u);
    EXPECT_EQ(t.gateway.sent()[1].template_id, "1004");
    ASSERT_TRUE(t.gateway.post_reply(t.bot_base(), kCallbackKey, kCitizenPhone, "还是没人来", kSignature, 2));
    t.pump();
    EXPECT_EQ(t.gateway.sent().size(), 2u) << "at most two survey messages";
    EXPECT_EQ(t.surveys(b).at(0).state, workflow::SurveyState::phone_task);
    EXPECT_EQ(t.outbox_to(b, kStaff, "「还是没人来」"), 1);
}

TEST(SmsSurvey, OptOutStopsEverySmsToThatNumber) {
    SurveyEnv s;
    const auto a = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "TD", kSignature));
    s.pump();
    EXPECT_EQ(s.surveys(a).at(0).state, workflow::SurveyState::phone_task);
    // Weeks later another ticket of the same citizen: no SMS at all.
    const auto b = replied_ticket(s, kTuesday0900 + 24h * 40);
    s.env.clock.advance(3h);
    s.pump();
    EXPECT_EQ(s.gateway.sent().size(), 1u);
    EXPECT_EQ(s.surveys(b).at(0).state, workflow::SurveyState::phone_task);
    EXPECT_NE(s.surveys(b).at(0).reason.find("退订"), std::string::npos);
}

TEST(SmsSurvey, OneSurveyPerNumberPerPeriod) {
    SurveyEnv s;
    const auto a = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    const auto b = replied_ticket(s, kTuesday0900 + 24h * 2);
    s.env.clock.advance(3h);
    s.pump();
    int questions = 0;
    for (const auto& sms : s.gateway.sent()) questions += sms.template_id == "1001";
    EXPECT_EQ(questions, 1) << "the second ticket's citizen is not asked again";
    EXPECT_EQ(s.surveys(a).at(0).state, workflow::SurveyState::asked);
    EXPECT_EQ(s.surveys(b).at(0).state, workflow::SurveyState::skipped);
    EXPECT_EQ(s.outbox_to(b, kStaff, "30天内已接受过短信回访"), 1);
}

TEST(SmsSurvey, AReplyWithoutAnOpenSurveyIsShownToStaff) {
    SurveyEnv s;
    const auto r = s.gateway.post_reply(s.bot_base(), kCallbackKey, "13900001111", "请问我的问题怎么样了", kSignature);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    s.pump();
    EXPECT_EQ(s.outbox_to(0, kStaff, "139****1111"), 1);  // no ticket of that number
    EXPECT_EQ(s.outbox_to(0, kStaff, "请问我的问题怎么样了"), 1);
}

TEST(SmsSurvey, CallbacksWithoutTheKeyOrMalformedAreRefusedAndStoreNothing) {
    SurveyEnv s;
    httplib::Client c(s.bot_base());
    auto r = c.Post("/sms/tencent/reply?key=wrong", R"({"mobile":"13812345678","text":"1"})", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    r = c.Post("/sms/tencent/reply", R"({"mobile":"13812345678","text":"1"})", "application/json");
    EXPECT_EQ(r->status, 401);
    r = c.Post(std::string("/sms/tencent/reply?key=") + kCallbackKey, "[1,2", "application/json");
    EXPECT_EQ(r->status, 400);
    r = c.Post(std::string("/sms/aliyun/up?key=") + kCallbackKey, R"({"not":"an array"})", "application/json");
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(nlohmann::json::parse(r->body)["code"], 1);
    EXPECT_EQ(inbox_count(s, "sms_tencent") + inbox_count(s, "sms_aliyun"), 0);
}

TEST(SmsSurvey, AlibabaEndToEndWithSequenceIdsAsNumbersOrStrings) {
    SurveyEnv s(FakeSmsGateway::Kind::aliyun);
    const auto id = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    ASSERT_EQ(s.gateway.sent().size(), 1u);
    EXPECT_EQ(s.gateway.bad_signatures(), 0);
    EXPECT_EQ(s.gateway.sent()[0].params, std::vector<std::string>{std::to_string(id)});
    // The same push twice, once with sequence_id as a number and once as a string.
    httplib::Client c(s.bot_base());
    for (const char* seq : {"7001", "\"7001\""}) {
        const std::string body = std::string(R"([{"phone_number":"13812345678","send_time":"2026-12-01 10:00:00",)") +
                                 R"("content":"2 4","sign_name":"某县12345","dest_code":"1","sequence_id":)" + seq + "}]";
        const auto r = c.Post(std::string("/sms/aliyun/up?key=") + kCallbackKey, body, "application/json");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(nlohmann::json::parse(r->body), (nlohmann::json{{"code", 0}, {"msg", "接收成功"}}));
    }
    EXPECT_EQ(inbox_count(s, "sms_aliyun"), 1);
    s.pump();
    EXPECT_EQ(s.env.ticket(id).state, State::surveyed);
    EXPECT_EQ(s.surveys(id).at(0).satisfaction, workflow::Satisfaction::basically_satisfied);
    ASSERT_TRUE(s.gateway.post_receipt(s.bot_base(), kCallbackKey, s.gateway.sent()[0], true));
    s.pump();
    s.env.store->transact([&](workflow::StoreTx& tx) { EXPECT_EQ(tx.sms().of_ticket(id).at(0).status, "delivered"); });
}

TEST(SmsSurvey, ProviderFaultsThrottleRetriesBlacklistStopsInternalErrorIsNeverResent) {
    {
        SurveyEnv s;
        s.gateway.throttle_next(1);
        replied_ticket(s, kTuesday0900 - 3h);
        s.env.clock.set(kTuesday0900);
        s.pump();
        EXPECT_TRUE(s.gateway.sent().empty());
        s.env.clock.advance(2min);  // the 30-second window has passed
        s.pump();
        EXPECT_EQ(s.gateway.sent().size(), 1u);
    }
    {
        SurveyEnv s;
        s.gateway.blacklist(kCitizenPhone);
        const auto id = replied_ticket(s, kTuesday0900 - 3h);
        s.env.clock.set(kTuesday0900);
        s.pump();
        EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::phone_task);
        bool opted_out = false;
        s.env.store->transact([&](workflow::StoreTx& tx) { opted_out = tx.sms().opted_out(s.env.citizen_phone_hash); });
        EXPECT_TRUE(opted_out);
    }
    {
        SurveyEnv s;
        s.gateway.internal_error_next(1);
        const auto id = replied_ticket(s, kTuesday0900 - 3h);
        s.env.clock.set(kTuesday0900);
        s.pump();
        const int requests = s.gateway.requests();
        for (int i = 0; i < 5; ++i) {
            s.env.clock.advance(1h);
            s.pump();
        }
        EXPECT_EQ(s.gateway.requests(), requests) << "a send that may have been accepted is not repeated";
        s.env.store->transact([&](workflow::StoreTx& tx) {
            EXPECT_EQ(tx.sms().of_ticket(id).at(0).status, "uncertain");
            EXPECT_EQ(tx.outbox().dead_letters(10).size(), 1u);
        });
        EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::asked);  // the citizen may still answer
    }
    {
        // A crash between the request and recording its outcome: on restart the message is not re-sent.
        SurveyEnv s;
        const auto id = replied_ticket(s, kTuesday0900 - 3h);
        s.env.clock.set(kTuesday0900);
        s.env.store->transact([&](workflow::StoreTx& tx) { s.survey.run_due_in(tx); });
        s.env.store->transact([&](workflow::StoreTx& tx) {
            const auto sms = tx.sms().of_ticket(id).at(0);
            tx.sms().update_status(sms.id, "sending", "", "", s.env.clock.now());
        });
        s.notifier->run_once();
        EXPECT_EQ(s.gateway.requests(), 0);
        s.env.store->transact([&](workflow::StoreTx& tx) { EXPECT_EQ(tx.sms().of_ticket(id).at(0).status, "uncertain"); });
    }
}

TEST(SmsSurvey, AConfigurationErrorPausesTheChannelInsteadOfLooping) {
    SurveyEnv s;
    s.gateway.config_error_next(100);
    replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    for (int i = 0; i < 5; ++i) {
        s.pump();
        s.env.clock.advance(1min);
    }
    EXPECT_EQ(s.gateway.requests(), 1);
    s.env.store->transact([&](workflow::StoreTx& tx) { EXPECT_EQ(tx.outbox().dead_letters(10).size(), 1u); });
}

TEST(SmsSurvey, AQuestionWaitingForTheMorningIsDroppedWhenStaffRecordedTheAnswer) {
    SurveyEnv s;
    const auto id = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    s.env.clock.set(workflow::from_china_time(2026, 12, 1, 21, 0));
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "满意", kSignature));
    s.pump();
    EXPECT_EQ(s.gateway.sent().size(), 1u) << "the follow-up waits for 09:00";
    std::string reply;
    s.env.store->transact([&](workflow::StoreTx& tx) {
        reply = s.executor.execute(tx, kStaff, "回访结果 " + std::to_string(id) + " 满意已解决");
    });
    EXPECT_NE(reply.find("已登记回访结果"), std::string::npos) << reply;
    s.env.clock.set(workflow::from_china_time(2026, 12, 2, 9, 0));
    s.pump();
    EXPECT_EQ(s.gateway.sent().size(), 1u);
    s.env.store->transact([&](workflow::StoreTx& tx) { EXPECT_EQ(tx.sms().of_ticket(id).back().status, "cancelled"); });
}

TEST(SmsSurvey, TheSignatureWithOrWithoutBracketsMatchesButAnotherSignatureDoesNot) {
    SurveyEnv s;
    const auto id = replied_ticket(s, kTuesday0900 - 3h);
    s.env.clock.set(kTuesday0900);
    s.pump();
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "1 4", "某银行", 1));
    s.pump();
    EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::asked) << "a reply to another sender's SMS is not an answer";
    ASSERT_TRUE(s.gateway.post_reply(s.bot_base(), kCallbackKey, kCitizenPhone, "1 4", std::string("【") + kSignature + "】", 2));
    s.pump();
    EXPECT_EQ(s.surveys(id).at(0).state, workflow::SurveyState::recorded);
}
