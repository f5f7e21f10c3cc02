// The providers' push formats, read without the bot: numbers or strings, one object or arrays,
// and what is refused.
#include <gtest/gtest.h>

#include "adapters/sms/push.h"

using namespace hotline::adapters::sms;

TEST(SmsPush, TencentReplyIsOneObjectWithItsTimeAsANumber) {
    const auto r = read_reply_push(
        PushProvider::tencent,
        R"({"extend":"","mobile":"13800138000","nationcode":"86","sign":"某某旗12345","text":"1","time":1764900000})");
    const auto* replies = std::get_if<std::vector<PushedReply>>(&r);
    ASSERT_TRUE(replies);
    ASSERT_EQ(replies->size(), 1u);
    EXPECT_EQ(replies->at(0).phone, "13800138000");
    EXPECT_EQ(replies->at(0).text, "1");
    EXPECT_EQ(replies->at(0).sign, "某某旗12345");
    EXPECT_EQ(replies->at(0).time, "1764900000");
    EXPECT_EQ(replies->at(0).sequence_id, "");
    EXPECT_EQ(std::get<PushError>(read_reply_push(PushProvider::tencent, "[]")).why, "expected a JSON object");
}

TEST(SmsPush, AlibabaUpIsAnArrayWithSequenceIds) {
    const auto r = read_reply_push(PushProvider::aliyun,
                                   R"([{"phone_number":"13800138000","content":"满意","sign_name":"某某旗12345",)"
                                   R"("send_time":"2026-12-05 09:00:00","sequence_id":1234567890123}])");
    const auto& replies = std::get<std::vector<PushedReply>>(r);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].text, "满意");
    EXPECT_EQ(replies[0].sequence_id, "1234567890123");
    EXPECT_EQ(std::get<PushError>(read_reply_push(PushProvider::aliyun, R"({"not":"an array"})")).why,
              "expected a JSON array");
    EXPECT_EQ(std::get<PushError>(read_reply_push(PushProvider::aliyun, R"([1, 2])")).why, "expected JSON objects");
    EXPECT_EQ(std::get<PushError>(read_reply_push(PushProvider::aliyun, "not json")).why, "expected a JSON array");
}

TEST(SmsPush, ReceiptsOfBothProviders) {
    const auto t = std::get<std::vector<PushedReceipt>>(read_receipt_push(
        PushProvider::tencent, R"([{"mobile":"13800138000","report_status":"SUCCESS","errmsg":"DELIVRD",)"
                               R"("description":"用户短信送达成功","sid":"S-1"},)"
                               R"({"mobile":"13800138001","report_status":"FAIL","errmsg":"MK:0001","sid":"S-2"}])"));
    ASSERT_EQ(t.size(), 2u);
    EXPECT_TRUE(t[0].delivered);
    EXPECT_EQ(t[0].provider_id, "S-1");
    EXPECT_EQ(t[0].detail, "DELIVRD 用户短信送达成功");
    EXPECT_FALSE(t[1].delivered);
    EXPECT_EQ(t[1].detail, "MK:0001");

    const auto a = std::get<std::vector<PushedReceipt>>(read_receipt_push(
        PushProvider::aliyun, R"([{"phone_number":"13800138000","success":true,"biz_id":"B-1","err_code":"DELIVERED",)"
                              R"("err_msg":"用户接收成功"},{"phone_number":"13800138000","success":"false","biz_id":"B-2"}])"));
    ASSERT_EQ(a.size(), 2u);
    EXPECT_TRUE(a[0].delivered);
    EXPECT_EQ(a[0].detail, "DELIVERED 用户接收成功");
    EXPECT_FALSE(a[1].delivered);
    EXPECT_EQ(a[1].provider_id, "B-2");
    // A receipt without an id is read as such; the bot refuses it.
    EXPECT_EQ(std::get<std::vector<PushedReceipt>>(read_receipt_push(PushProvider::aliyun, R"([{"phone_number":"1"}])"))
                  .at(0)
                  .provider_id,
              "");
}

TEST(SmsPush, AnswersInEachProvidersForm) {
    EXPECT_EQ(push_answer(PushProvider::tencent, true, ""), R"({"errmsg":"OK","result":0})");
    EXPECT_EQ(push_answer(PushProvider::tencent, false, "unauthorized"), R"({"errmsg":"unauthorized","result":1})");
    EXPECT_EQ(push_answer(PushProvider::aliyun, true, ""), R"({"code":0,"msg":"接收成功"})");
    EXPECT_EQ(push_answer(PushProvider::aliyun, false, "expected a JSON array"), R"({"code":1,"msg":"expected a JSON array"})");
}
