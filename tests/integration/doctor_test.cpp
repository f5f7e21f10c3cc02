// `hotline-bot doctor` against the fake WeCom and SMS servers: all green on a correct setup, then
// each mistake an administrator makes reported with its fix and the exit status it deserves.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "adapters/http/http_client.h"
#include "bot/doctor/doctor.h"
#include "tests/fakes/fake_sms_gateway.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "tests/support/wecom_callbacks.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSignatureName = "县12345热线";

// The TLS front as doctor sees it: something at public_url that answers /healthz.
struct PublicFront {
    httplib::Server server;
    int port = 0;
    std::thread thread;
    PublicFront() {
        server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~PublicFront() {
        server.stop();
        thread.join();
    }
};

// Holiday files for the years around `year`: the official ones, plus a file with one day for
// each of this year and next that has none, so a test does not depend on when it runs.
void write_holidays(const std::filesystem::path& dir, int year, bool with_next_year) {
    std::filesystem::create_directories(dir);
    for (const auto& f : std::filesystem::directory_iterator(holidays_dir()))
        std::filesystem::copy_file(f.path(), dir / f.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    for (int y : {year, year + 1}) {
        const auto file = dir / (std::to_string(y) + ".json");
        if (y == year + 1 && !with_next_year) {
            std::filesystem::remove(file);
            continue;
        }
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        if (text.str().find("\"isOffDay\"") == std::string::npos)
            std::ofstream(file) << R"({"year": )" << y << R"(, "days": [{"name": "元旦", "date": ")" << y
                                << R"(-01-01", "isOffDay": true}]})";
    }
}

struct DoctorSetup {
    TempDir dir;
    FakeWecomServer wecom{kCorpId, "app-secret"};
    FakeSmsGateway sms{FakeSmsGateway::Kind::tencent, "AKID-test", "provider-secret"};
    PublicFront front;
    std::string secret = "app-secret";
    std::string sms_provider = "tencent";
    std::string sms_base = sms.base_url();

    int year_now() const {
        return static_cast<int>(std::chrono::year_month_day{workflow::china_date(workflow::SystemClock{}.now())}.year());
    }

    std::string write(bool next_year_holidays = true) {
        write_holidays(dir / "holidays", year_now(), next_year_holidays);
        const auto path = dir / "hotline.toml";
        std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:" << free_port() << "\"\n"
                            << "public_url = \"http://127.0.0.1:" << front.port << "\"\n"
                            << "[store]\npath = \"var/hotline.db\"\n[calendar]\nholidays_dir = \"holidays\"\n"
                            << "[privacy]\nkey = \"" << std::string(43, 'A') << "=\"\n"
                            << "[wecom]\nenabled = true\ncorp_id = \"" << kCorpId << "\"\nagent_id = \"1000002\"\n"
                            << "secret = \"" << secret << "\"\ntoken = \"" << kToken << "\"\nencoding_aes_key = \"" << kAesKey
                            << "\"\napi_base = \"" << wecom.base_url() << "\"\n"
                            << "[sms]\nenabled = true\nprovider = \"" << sms_provider << "\"\nsignature = \"" << kSignatureName
                            << "\"\ncallback_secret = \"callback-secret-0123456789\"\n"
                            << "[sms.templates]\nask = \"1\"\nfollow_up_satisfaction = \"2\"\nfollow_up_resolution = \"3\"\n"
                            << "clarify = \"4\"\nremind = \"5\"\n"
                            << "[sms.tencent]\nendpoint = \"" << sms_base << "\"\nsecret_id = \"AKID-test\"\n"
                            << "secret_key = \"provider-secret\"\nsdk_app_id = \"1400000001\"\nsign_id = \"1110\"\n"
                            << "[sms.aliyun]\nendpoint = \"" << sms_base << "\"\naccess_key_id = \"AKID-test\"\n"
                            << "access_key_secret = \"provider-secret\"\n";
        return path.string();
    }
};

struct Outcome {
    int exit_code;
    std::string text;
};

Outcome doctor_in_process(const std::string& config, const workflow::Clock& clock) {
    const auto http = adapters::make_beast_http_client();
    std::ostringstream out;
    const int code = bot::doctor::run_doctor(config, *http, clock, out);
    return {code, out.str()};
}

Outcome doctor_now(const std::string& config) { return doctor_in_process(config, workflow::SystemClock{}); }

}  // namespace

TEST(Doctor, ACorrectSetupIsAllGreenThroughTheRealBinary) {
    DoctorSetup s;
    const auto config = s.write();
    const auto r = run({HOTLINE_BOT_BINARY, "doctor", "--config", config});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("全部正常。All checks passed."), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("应用 12345热线办理（AgentId 1000002）可访问"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("短信签名 【县12345热线】 已审核通过"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("app-secret"), std::string::npos) << "a secret reached the output";
    EXPECT_EQ(r.output.find("provider-secret"), std::string::npos) << "a secret reached the output";
}

TEST(Doctor, AWrongSecretIsAnErrorWithWhereToFindTheRightOne) {
    DoctorSetup s;
    s.secret = "not-the-secret";
    const auto r = doctor_now(s.write());
    EXPECT_EQ(r.exit_code, 2) << r.text;
    EXPECT_NE(r.text.find("应用 Secret 错误（errcode 40001）"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("HOTLINE_WECOM_SECRET"), std::string::npos) << r.text;
}

TEST(Doctor, AnUntrustedServerIpIsReportedWithTheConsoleSetting) {
    DoctorSetup s;
    s.wecom.untrusted_ip(true);
    const auto r = doctor_now(s.write());
    EXPECT_EQ(r.exit_code, 2) << r.text;
    EXPECT_NE(r.text.find("errcode 60020"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("企业可信IP"), std::string::npos) << r.text;
}

TEST(Doctor, AMissingHolidayYearIsAnErrorAndNextYearIsDueFromNovember) {
    DoctorSetup s;
    const auto config = s.write(/*next_year_holidays=*/false);
    const int year = s.year_now();
    // In October the next year's file is not expected yet; from 1 November it is.
    const workflow::FakeClock october(workflow::from_china_time(year, 10, 20, 9));
    const auto before = doctor_in_process(config, october);
    EXPECT_EQ(before.text.find(fmt::format("缺少 {} 年节假日数据", year + 1)), std::string::npos) << before.text;
    const workflow::FakeClock november(workflow::from_china_time(year, 11, 2, 9));
    const auto after = doctor_in_process(config, november);
    EXPECT_NE(after.text.find(fmt::format("! 警告 WARN   [节假日 holidays] 缺少 {} 年节假日数据（11月起应补充）", year + 1)),
              std::string::npos)
        << after.text;
    EXPECT_NE(after.text.find("holiday-cn"), std::string::npos) << after.text;

    std::filesystem::remove(s.dir / "holidays" / (std::to_string(year) + ".json"));
    const auto missing = doctor_now(config);
    EXPECT_EQ(missing.exit_code, 2) << missing.text;
    EXPECT_NE(missing.text.find(fmt::format("✘ 错误 ERROR  [节假日 holidays] 缺少 {} 年节假日数据", year)), std::string::npos)
        << missing.text;
}

TEST(Doctor, AnUnapprovedSmsSignatureIsAnErrorAndOneInReviewAWarning) {
    DoctorSetup s;
    s.sms.signature(kSignatureName, -1);
    const auto refused = doctor_now(s.write());
    EXPECT_EQ(refused.exit_code, 2) << refused.text;
    EXPECT_NE(refused.text.find("短信签名 【县12345热线】 未审核通过或不可用"), std::string::npos) << refused.text;
    EXPECT_NE(refused.text.find("签名管理"), std::string::npos) << refused.text;

    s.sms.signature(kSignatureName, 1);
    const auto review = doctor_now(s.write());
    EXPECT_EQ(review.exit_code, 1) << review.text;
    EXPECT_NE(review.text.find("仍在审核中"), std::string::npos) << review.text;
}

TEST(Doctor, AlibabaCloudSignaturesAreAskedWithQuerySmsSign) {
    DoctorSetup s;
    FakeSmsGateway aliyun(FakeSmsGateway::Kind::aliyun, "AKID-test", "provider-secret");
    s.sms_provider = "aliyun";
    s.sms_base = aliyun.base_url();
    const auto ok = doctor_now(s.write());
    EXPECT_EQ(ok.exit_code, 0) << ok.text;
    aliyun.signature("别的签名", 1);
    const auto wrong = doctor_now(s.write());
    EXPECT_EQ(wrong.exit_code, 2) << wrong.text;
    EXPECT_NE(wrong.text.find("isv.SMS_SIGN_ILLEGAL"), std::string::npos) << wrong.text;
}

TEST(Doctor, AClockOffByMoreThanFiveMinutesIsAnError) {
    DoctorSetup s;
    s.wecom.clock_offset(std::chrono::seconds(-600));
    const auto r = doctor_now(s.write());
    EXPECT_EQ(r.exit_code, 2) << r.text;
    EXPECT_NE(r.text.find("超过 5 分钟的回调会被拒绝"), std::string::npos) << r.text;
}

TEST(Doctor, AConfigurationThatDoesNotLoadIsReportedNotThrown) {
    TempDir dir;
    std::ofstream(dir / "bad.toml") << "[server]\nlisten = \"nowhere\"\n";
    const auto r = doctor_now((dir / "bad.toml").string());
    EXPECT_EQ(r.exit_code, 2) << r.text;
    EXPECT_NE(r.text.find("store: missing required key"), std::string::npos) << r.text;
}
