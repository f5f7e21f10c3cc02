#pragma once
#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class SurveyContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(SurveyContract);

using namespace workflow;

TYPED_TEST_P(SurveyContract, SurveysAreDueAskedAndFoundByNumber) {
    const auto t = this->ticket("R-1", 50);
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.surveys().find(1).has_value());
        EXPECT_TRUE(tx.surveys().of(t).empty());
        EXPECT_TRUE(tx.surveys().due(from_unix(1'000'000), 10).empty());
        EXPECT_FALSE(tx.surveys().open_for_phone("p1").has_value());
        const auto a = tx.surveys().insert(Survey{.ticket_id = t, .phone_hash = "p1", .phone_enc = "enc",
                                                  .step = SurveyStep::ask, .next_at = from_unix(200), .created_at = from_unix(100)});
        const auto b = tx.surveys().insert(Survey{.ticket_id = t, .phone_hash = "p1", .phone_enc = "enc",
                                                  .step = SurveyStep::ask, .next_at = from_unix(150), .created_at = from_unix(110)});
        const auto due = tx.surveys().due(from_unix(200), 10);
        ASSERT_EQ(due.size(), 2u);
        EXPECT_EQ(due[0].id, b);  // the earliest step first
        EXPECT_EQ(tx.surveys().due(from_unix(160), 10).size(), 1u);

        auto s = *tx.surveys().find(a);
        EXPECT_EQ(s.state, SurveyState::waiting);
        EXPECT_EQ(s.phone_enc, "enc");
        s.state = SurveyState::asked;
        s.step = SurveyStep::remind;
        s.next_at = from_unix(900);
        s.asked_at = from_unix(300);
        s.questions_sent = 1;
        tx.surveys().update(s);
        const auto open = tx.surveys().open_for_phone("p1");
        ASSERT_TRUE(open.has_value());
        EXPECT_EQ(open->id, a);
        EXPECT_EQ(open->questions_sent, 1);
        EXPECT_EQ(open->asked_at, from_unix(300));
        EXPECT_TRUE(tx.surveys().asked_since("p1", from_unix(300), b));
        EXPECT_FALSE(tx.surveys().asked_since("p1", from_unix(300), a));  // itself does not count
        EXPECT_FALSE(tx.surveys().asked_since("p1", from_unix(301), b));

        s.state = SurveyState::recorded;
        s.next_at.reset();
        s.satisfaction = Satisfaction::satisfied;
        s.finished_at = from_unix(400);
        tx.surveys().update(s);
        EXPECT_FALSE(tx.surveys().open_for_phone("p1").has_value());
        EXPECT_EQ(tx.surveys().due(from_unix(1'000'000), 10).size(), 1u);  // a finished survey is never due
        const auto of = tx.surveys().of(t);
        ASSERT_EQ(of.size(), 2u);
        EXPECT_EQ(of[0].satisfaction, Satisfaction::satisfied);
        EXPECT_FALSE(of[0].resolution.has_value());
        EXPECT_EQ(of[1].step, SurveyStep::ask);
    });
}

TYPED_TEST_P(SurveyContract, SmsAreTrackedByProviderIdAndNumber) {
    const auto t = this->ticket("R-1", 50);
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.sms().find(1).has_value());
        EXPECT_FALSE(tx.sms().by_provider_id("").has_value());
        EXPECT_EQ(tx.sms().sent_to_phone_since("p1", from_unix(0)), 0);
        const auto out = tx.sms().insert(SmsMessage{.survey_id = 1, .ticket_id = t, .direction = "out",
                                                    .phone_hash = "p1", .purpose = "ask", .text = "您好",
                                                    .provider = "tencent", .status = "queued", .at = from_unix(100)});
        tx.sms().insert(SmsMessage{.survey_id = 1, .ticket_id = t, .direction = "out", .phone_hash = "p1",
                                   .purpose = "remind", .text = "提醒", .provider = "tencent", .status = "failed",
                                   .at = from_unix(110)});
        tx.sms().insert(SmsMessage{.survey_id = 1, .ticket_id = t, .direction = "in", .phone_hash = "p1",
                                   .purpose = "reply", .text = "1", .provider = "tencent", .status = "matched",
                                   .at = from_unix(120)});
        EXPECT_EQ(tx.sms().sent_to_phone_since("p1", from_unix(0)), 1);  // not the failed one, not the reply
        EXPECT_EQ(tx.sms().sent_to_phone_since("p1", from_unix(101)), 0);

        tx.sms().update_status(out, "accepted", "SERIAL-1", "", from_unix(130));
        tx.sms().update_status(out, "delivered", "", "DELIVRD", from_unix(140));  // keeps the provider id
        const auto m = tx.sms().by_provider_id("SERIAL-1");
        ASSERT_TRUE(m.has_value());
        EXPECT_EQ(m->id, out);
        EXPECT_EQ(m->status, "delivered");
        EXPECT_EQ(m->detail, "DELIVRD");
        EXPECT_EQ(tx.sms().find(out)->text, "您好");
        const auto all = tx.sms().of_ticket(t);
        ASSERT_EQ(all.size(), 3u);
        EXPECT_EQ(all[2].direction, "in");

        EXPECT_FALSE(tx.sms().opted_out("p1"));
        tx.sms().add_opt_out("p1", "TD", from_unix(150));
        tx.sms().add_opt_out("p1", "退订", from_unix(160));  // once is enough
        EXPECT_TRUE(tx.sms().opted_out("p1"));
        EXPECT_FALSE(tx.sms().opted_out("p2"));
    });
}

REGISTER_TYPED_TEST_SUITE_P(SurveyContract, SurveysAreDueAskedAndFoundByNumber, SmsAreTrackedByProviderIdAndNumber);

}  // namespace hotline::testing
