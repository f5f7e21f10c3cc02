// The SMS providers' answers reduced to the next step, the clients against the fake gateways
// (signatures checked as the providers check them), transport failures before and after the
// request was written, and the survey texts' length.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "adapters/sms/aliyun_sms.h"
#include "adapters/sms/error_codes.h"
#include "adapters/sms/tencent_sms.h"
#include "tests/fakes/fake_sms_gateway.h"
#include "tests/support/process.h"
#include "workflow/survey/survey.h"
#include "workflow/survey/survey_messages.h"

using namespace hotline;
using namespace hotline::adapters::sms;
using namespace std::chrono_literals;
using hotline::testing::FakeSmsGateway;

namespace {

const TemplateIds kTemplates{{"ask", "1001"}};

struct Row {
    const char* code;
    const char* message;
    SmsResultKind kind;
    std::chrono::seconds after;
};

}  // namespace

TEST(SmsErrorCodes, TencentCodesMapToTheNextStep) {
    const Row rows[] = {
        {"Ok", "send success", SmsResultKind::accepted, 0s},
        {"LimitExceeded.PhoneNumberThirtySecondLimit", "", SmsResultKind::retry, 30s},
        {"LimitExceeded.PhoneNumberOneHourLimit", "", SmsResultKind::retry, 1h},
        {"LimitExceeded.PhoneNumberDailyLimit", "", SmsResultKind::retry, 24h},
        {"LimitExceeded.DeliveryFrequencyLimit", "", SmsResultKind::retry, 1h},
        {"RequestLimitExceeded", "", SmsResultKind::retry, 1s},
        {"FailedOperation.PhoneNumberInBlacklist", "", SmsResultKind::stop_number, 0s},
        {"InvalidParameterValue.IncorrectPhoneNumber", "", SmsResultKind::stop_number, 0s},
        {"AuthFailure.SignatureFailure", "", SmsResultKind::config_error, 0s},
        {"AuthFailure.SecretIdNotFound", "", SmsResultKind::config_error, 0s},
        {"FailedOperation.SignatureIncorrectOrUnapproved", "", SmsResultKind::config_error, 0s},
        {"FailedOperation.TemplateIncorrectOrUnapproved", "", SmsResultKind::config_error, 0s},
        {"FailedOperation.InsufficientBalanceInSmsPackage", "", SmsResultKind::config_error, 0s},
        {"UnauthorizedOperation.SmsSdkAppIdVerifyFail", "", SmsResultKind::config_error, 0s},
        {"InternalError.Timeout", "", SmsResultKind::uncertain, 0s},
        {"InternalError", "", SmsResultKind::uncertain, 0s},
        {"FailedOperation.SomethingNew", "", SmsResultKind::rejected, 0s},
    };
    for (const auto& r : rows) {
        const auto got = classify_tencent(r.code, r.message);
        EXPECT_EQ(got.kind, r.kind) << r.code;
        EXPECT_EQ(got.retry_after, r.after) << r.code;
    }
}

TEST(SmsErrorCodes, AlibabaCodesMapToTheNextStep) {
    const Row rows[] = {
        {"OK", "OK", SmsResultKind::accepted, 0s},
        {"isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", SmsResultKind::retry, 60s},
        {"isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", SmsResultKind::retry, 1h},
        {"isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10", SmsResultKind::retry, 24h},
        {"isv.DAY_LIMIT_CONTROL", "触发日发送限额", SmsResultKind::retry, 24h},
        {"Throttling.User", "", SmsResultKind::retry, 1s},
        {"isv.MOBILE_NUMBER_ILLEGAL", "", SmsResultKind::stop_number, 0s},
        {"isv.BLACK_KEY_CONTROL_LIMIT", "黑名单管控", SmsResultKind::stop_number, 0s},
        {"isv.SMS_SIGNATURE_ILLEGAL", "", SmsResultKind::config_error, 0s},
        {"isv.SMS_TEMPLATE_ILLEGAL", "", SmsResultKind::config_error, 0s},
        {"isv.AMOUNT_NOT_ENOUGH", "", SmsResultKind::config_error, 0s},
        {"SignatureDoesNotMatch", "", SmsResultKind::config_error, 0s},
        {"InvalidAccessKeyId.NotFound", "", SmsResultKind::config_error, 0s},
        {"isp.SYSTEM_ERROR", "", SmsResultKind::uncertain, 0s},
        {"isv.SOMETHING_NEW", "", SmsResultKind::rejected, 0s},
    };
    for (const auto& r : rows) {
        const auto got = classify_aliyun(r.code, r.message);
        EXPECT_EQ(got.kind, r.kind) << r.code << " " << r.message;
        EXPECT_EQ(got.retry_after, r.after) << r.code << " " << r.message;
    }
}

TEST(SmsErrorCodes, AnswersWithoutAProviderBodyAreUncertainNotRetried) {
    EXPECT_EQ(TencentSms::read_answer(502, "<html>Bad Gateway</html>").kind, SmsResultKind::uncertain);
    EXPECT_EQ(AliyunSms::read_answer(500, "").kind, SmsResultKind::uncertain);
    EXPECT_EQ(classify_http_status(429, "").kind, SmsResultKind::retry);
    const auto ok = TencentSms::read_answer(
        200, R"({"Response":{"SendStatusSet":[{"SerialNo":"2433:1","Code":"Ok","Message":"send success"}],"RequestId":"r"}})");
    EXPECT_EQ(ok.kind, SmsResultKind::accepted);
    EXPECT_EQ(ok.provider_id, "2433:1");
    EXPECT_EQ(TencentSms::read_answer(200, R"({"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"x"}}})").kind,
              SmsResultKind::config_error);
}

TEST(SmsClients, AWrongSecretIsRefusedByTheGatewayAndReportedAsConfiguration) {
    auto http = adapters::make_beast_http_client();
    workflow::SystemClock clock;
    FakeSmsGateway tencent(FakeSmsGateway::Kind::tencent, "AKID", "right");
    TencentSms good(*http, clock, {tencent.base_url(), "ap-guangzhou", "AKID", "right", "1400000001", "某县12345", kTemplates});
    TencentSms bad(*http, clock, {tencent.base_url(), "ap-guangzhou", "AKID", "wrong", "1400000001", "某县12345", kTemplates});
    EXPECT_EQ(good.send({"13812345678", "ask", {"7"}, "1"}).kind, SmsResultKind::accepted);
    const auto refused = bad.send({"13812345678", "ask", {"7"}, "2"});
    EXPECT_EQ(refused.kind, SmsResultKind::config_error);
    EXPECT_EQ(refused.code, "AuthFailure.SignatureFailure");
    EXPECT_EQ(tencent.sent().size(), 1u);

    FakeSmsGateway aliyun(FakeSmsGateway::Kind::aliyun, "LTAI", "right");
    for (const char* version : {"acs3", "v1"}) {
        AliyunSms ok(*http, clock, {aliyun.base_url(), "LTAI", "right", "某县12345", version, kTemplates});
        AliyunSms wrong(*http, clock, {aliyun.base_url(), "LTAI", "wrong", "某县12345", version, kTemplates});
        const auto sent = ok.send({"13812345678", "ask", {"7"}, "3"});
        EXPECT_EQ(sent.kind, SmsResultKind::accepted) << version << " " << sent.detail;
        EXPECT_FALSE(sent.provider_id.empty());
        EXPECT_EQ(wrong.send({"13812345678", "ask", {"7"}, "4"}).code, "SignatureDoesNotMatch") << version;
    }
    EXPECT_EQ(aliyun.sent().size(), 2u);
    EXPECT_EQ(aliyun.sent()[0].params, std::vector<std::string>{"7"});
}

TEST(SmsClients, RefusedConnectionsAreRetriedButATimeoutAfterSendingIsUncertain) {
    auto http = adapters::make_beast_http_client();
    workflow::SystemClock clock;
    const int closed_port = hotline::testing::free_port();
    TencentSms refused(*http, clock,
                       {"http://127.0.0.1:" + std::to_string(closed_port), "r", "id", "key", "1", "某县12345", kTemplates});
    EXPECT_EQ(refused.send({"13812345678", "ask", {"7"}, "1"}).kind, SmsResultKind::retry);

    // A server that accepts the connection (the kernel's backlog) and never answers.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    TencentSmsConfig silent_config{"http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), "r", "id", "key", "1",
                                   "某县12345", kTemplates};
    silent_config.timeout = 300ms;
    TencentSms silent(*http, clock, silent_config);
    const auto r = silent.send({"13812345678", "ask", {"7"}, "1"});
    ::close(fd);
    EXPECT_EQ(r.kind, SmsResultKind::uncertain) << r.detail;
}

TEST(SurveyTexts, EveryTextFitsOneSmsWithTheLongestSignatureAndTicketNumber) {
    const std::string signature = "一二三四五六七八九十一二";  // 12 characters, the providers' maximum
    for (const auto t : workflow::all_survey_texts()) {
        const auto text = workflow::render_sms(signature, t, workflow::kLongestTicketNumber);
        EXPECT_LE(workflow::sms_length(text), workflow::kSmsMaxChars) << text;
        EXPECT_EQ(text.rfind("【" + signature + "】", 0), 0u);
        EXPECT_EQ(text.find("问卷"), std::string::npos) << "worded as a notification";
    }
    EXPECT_EQ(workflow::sms_length("【某县12345】满意回1"), 13u);
    EXPECT_NE(std::string(workflow::template_text(workflow::SurveyText::ask)).find("已办结"), std::string::npos);
}

TEST(SurveyTexts, DaytimeWindowInChinaTime) {
    using workflow::from_china_time;
    const auto next = [](workflow::Instant t) { return workflow::next_daytime(t, 9 * 60, 20 * 60); };
    EXPECT_EQ(next(from_china_time(2026, 12, 1, 8, 59)), from_china_time(2026, 12, 1, 9, 0));
    EXPECT_EQ(next(from_china_time(2026, 12, 1, 9, 0)), from_china_time(2026, 12, 1, 9, 0));
    EXPECT_EQ(next(from_china_time(2026, 12, 1, 19, 59)), from_china_time(2026, 12, 1, 19, 59));
    EXPECT_EQ(next(from_china_time(2026, 12, 1, 20, 0)), from_china_time(2026, 12, 2, 9, 0));
    EXPECT_EQ(next(from_china_time(2026, 12, 31, 23, 30)), from_china_time(2027, 1, 1, 9, 0));
    // 00:30 China time is still the previous UTC day.
    EXPECT_EQ(next(from_china_time(2026, 12, 2, 0, 30)), from_china_time(2026, 12, 2, 9, 0));
}
