#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "bot/config/config.h"
#include "bot/config/config_schema.h"
#include "tests/support/test_env.h"

using namespace hotline::bot;
using hotline::testing::source_dir;
using hotline::testing::TempDir;

namespace {

std::optional<std::string> no_env(const std::string&) { return std::nullopt; }

std::map<std::string, std::string>& fake_env() {
    static std::map<std::string, std::string> env;
    return env;
}
std::optional<std::string> lookup_fake_env(const std::string& name) {
    auto it = fake_env().find(name);
    if (it == fake_env().end()) return std::nullopt;
    return it->second;
}

// A minimal valid file; holidays_dir points at the real data.
std::string minimal(const std::string& extra = "") {
    return "[server]\nlisten = \"127.0.0.1:8080\"\n[store]\npath = \"var/x.db\"\n[calendar]\nholidays_dir = \"" +
           (source_dir() / "config" / "holidays").string() + "\"\n" + extra;
}

ConfigLoad load(const std::string& text) { return load_config_text(text, "/etc/hotline/test.toml", no_env); }

bool has_problem(const ConfigLoad& l, const std::string& key, const std::string& fragment) {
    for (const auto& p : l.problems)
        if (p.key == key && p.reason.find(fragment) != std::string::npos) return true;
    return false;
}

std::string dump(const ConfigLoad& l) {
    std::string out;
    for (const auto& p : l.problems) out += format_problem("test.toml", p) + "\n";
    return out;
}

}  // namespace

TEST(Config, TheExampleFileIsValidAndDocumentsEveryKey) {
    const auto path = source_dir() / "config" / "hotline.example.toml";
    const auto l = load_config(path, no_env);
    ASSERT_TRUE(l.config.has_value()) << dump(l);
    EXPECT_EQ(l.config->server.port, 8080);
    EXPECT_EQ(l.config->server.host, "127.0.0.1");
    EXPECT_EQ(l.config->server.max_body_bytes, 1048576u);
    EXPECT_EQ(l.config->store.path, (source_dir() / "var" / "hotline.db").lexically_normal());
    EXPECT_EQ(l.config->deadlines.return_window, std::chrono::hours{6});
    EXPECT_FALSE(l.config->wecom.enabled);
    std::ifstream in(path);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    for (const auto& spec : config_keys()) {
        const auto leaf = std::string(spec.path.substr(spec.path.rfind('.') + 1));
        EXPECT_NE(text.find(leaf), std::string::npos) << spec.path << " is not in the example file";
    }
}

TEST(Config, RelativePathsAreRelativeToTheConfigFile) {
    const auto l = load(minimal());
    ASSERT_TRUE(l.config) << dump(l);
    EXPECT_EQ(l.config->store.path, std::filesystem::path("/etc/hotline/var/x.db"));
}

TEST(Config, MissingKeysAreNamed) {
    const auto l = load("[server]\nlisten = \"127.0.0.1:8080\"\n");
    EXPECT_FALSE(l.config);
    EXPECT_TRUE(has_problem(l, "store", "missing")) << dump(l);
    EXPECT_TRUE(has_problem(l, "calendar", "missing")) << dump(l);
    const auto l2 = load(minimal("[deadlines.categories.consult]\nworking_days = true\n"));
    EXPECT_TRUE(has_problem(l2, "deadlines.categories.consult.days", "missing")) << dump(l2);
}

TEST(Config, WrongTypesAreNamed) {
    const auto l = load(minimal("[log]\nlevel = 3\n"));
    EXPECT_FALSE(l.config);
    EXPECT_TRUE(has_problem(l, "log.level", "expected a string, found an integer")) << dump(l);
}

TEST(Config, UnknownKeysAreRefused) {
    const auto l = load(minimal("[wecom]\ncorpid = \"x\"\n"));
    EXPECT_FALSE(l.config);
    EXPECT_TRUE(has_problem(l, "wecom.corpid", "unknown key")) << dump(l);
}

TEST(Config, AnEncodingAesKeyMustHave43Characters) {
    const auto l = load(minimal("[wecom]\nencoding_aes_key = \"" + std::string(42, 'a') + "\"\n"));
    EXPECT_FALSE(l.config);
    EXPECT_TRUE(has_problem(l, "wecom.encoding_aes_key", "43")) << dump(l);
    const auto ok = load(minimal("[wecom]\nencoding_aes_key = \"jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C\"\n"));
    EXPECT_TRUE(ok.config) << dump(ok);
}

TEST(Config, AnUnreadableHolidayFolderIsRefused) {
    const auto l = load(
        "[server]\nlisten = \"127.0.0.1:8080\"\n[store]\npath = \"x.db\"\n[calendar]\nholidays_dir = \"/nonexistent\"\n");
    EXPECT_FALSE(l.config);
    EXPECT_TRUE(has_problem(l, "calendar.holidays_dir", "/nonexistent")) << dump(l);
    TempDir dir;
    std::ofstream(dir / "2026.json") << "not json";
    const auto l2 = load("[server]\nlisten = \"127.0.0.1:8080\"\n[store]\npath = \"x.db\"\n[calendar]\nholidays_dir = \"" +
                         dir.path().string() + "\"\n");
    EXPECT_TRUE(has_problem(l2, "calendar.holidays_dir", "2026.json")) << dump(l2);
}

TEST(Config, BadValuesAreNamed) {
    const auto l = load(minimal("[log]\nlevel = \"loud\"\n[deadlines]\nreturn_window_hours = 0\n"));
    EXPECT_TRUE(has_problem(l, "log.level", "one of")) << dump(l);
    EXPECT_TRUE(has_problem(l, "deadlines.return_window_hours", "between")) << dump(l);
    const auto l2 = load(
        "[server]\nlisten = \"8080\"\n[store]\npath = \"x.db\"\n[calendar]\nholidays_dir = \"" +
        (source_dir() / "config" / "holidays").string() + "\"\n");
    EXPECT_TRUE(has_problem(l2, "server.listen", "host:port")) << dump(l2);
}

TEST(Config, EveryProblemIsReportedAtOnce) {
    const auto l = load("[server]\nlisten = 8080\nport = 1\n[calendar]\n");
    EXPECT_GE(l.problems.size(), 4u) << dump(l);  // wrong type, unknown key, missing store, missing holidays_dir
}

TEST(Config, SyntaxErrorsGiveTheLine) {
    const auto l = load("[server]\nlisten = \"127.0.0.1:8080\n");
    ASSERT_FALSE(l.problems.empty());
    EXPECT_NE(l.problems[0].reason.find("line 2"), std::string::npos) << dump(l);
}

TEST(Config, WecomNeedsItsCredentialsWhenEnabledAndSecretsMayComeFromTheEnvironment) {
    const std::string wecom = "[wecom]\nenabled = true\ncorp_id = \"ww1\"\nagent_id = \"1000002\"\n";
    const auto l = load(minimal(wecom));
    EXPECT_TRUE(has_problem(l, "wecom.secret", "HOTLINE_WECOM_SECRET")) << dump(l);
    EXPECT_TRUE(has_problem(l, "wecom.token", "required")) << dump(l);

    fake_env() = {{"HOTLINE_WECOM_SECRET", "s3cr3t"},
                  {"HOTLINE_WECOM_TOKEN", "tok"},
                  {"HOTLINE_WECOM_ENCODING_AES_KEY", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"}};
    const auto l2 = load_config_text(minimal(wecom), "/etc/hotline/test.toml", lookup_fake_env);
    ASSERT_TRUE(l2.config) << dump(l2);
    EXPECT_EQ(l2.config->wecom.secret, "s3cr3t");
    EXPECT_EQ(l2.config->wecom.token, "tok");
}

TEST(Config, ReminderQuietHoursAndMorningDigest) {
    const auto l = load(minimal("[reminders]\nquiet_hours_unit = \"21:30-08:00\"\nquiet_hours_hotline = \"\"\n"
                                "morning_digest = \"09:15\"\n"));
    ASSERT_TRUE(l.config) << dump(l);
    EXPECT_EQ(l.config->reminders.unit_people.start, std::chrono::minutes(21 * 60 + 30));
    EXPECT_EQ(l.config->reminders.unit_people.end, std::chrono::minutes(8 * 60));
    EXPECT_FALSE(l.config->reminders.hotline_people.enabled);
    EXPECT_EQ(l.config->reminders.morning_digest_at, std::chrono::minutes(9 * 60 + 15));
    const auto bad = load(minimal("[reminders]\nquiet_hours_unit = \"late\"\nmorning_digest = \"25:00\"\n"));
    EXPECT_TRUE(has_problem(bad, "reminders.quiet_hours_unit", "HH:MM-HH:MM")) << dump(bad);
    EXPECT_TRUE(has_problem(bad, "reminders.morning_digest", "HH:MM")) << dump(bad);
}

TEST(Config, CategoryKeywordsAreListsOfStrings) {
    const auto l = load(minimal("[intake.keywords]\ncomplex = [\"多部门\", \"跨区域\"]\n"));
    ASSERT_TRUE(l.config) << dump(l);
    EXPECT_EQ(l.config->intake.keywords.at(hotline::workflow::Category::complex),
              (std::vector<std::string>{"多部门", "跨区域"}));
    EXPECT_FALSE(l.config->intake.keywords.at(hotline::workflow::Category::consult).empty());  // default kept
    const auto bad = load(minimal("[intake.keywords]\ncomplex = \"多部门\"\n"));
    EXPECT_TRUE(has_problem(bad, "intake.keywords.complex", "a list of strings")) << dump(bad);
}

TEST(Config, PlainHttpIsOnlyForLoopbackTestServers) {
    EXPECT_TRUE(load(minimal("[wecom]\napi_base = \"http://127.0.0.1:9000\"\n")).config);
    const auto l = load(minimal("[wecom]\napi_base = \"http://qyapi.weixin.qq.com\"\n"));
    EXPECT_TRUE(has_problem(l, "wecom.api_base", "https")) << dump(l);
}

TEST(Config, SmsProviderNeedsItsSecretsTemplatesAndAShortSignature) {
    const std::string sms =
        "[privacy]\nkey = \"" + std::string(43, 'A') + "=\"\n"
        "[sms]\nenabled = true\nprovider = \"tencent\"\nsignature = \"一二三四五六七八九十一二三\"\n"
        "[sms.tencent]\nendpoint = \"http://example.com\"\n";
    const auto l = load(minimal(sms));
    EXPECT_FALSE(l.config);
    EXPECT_TRUE(has_problem(l, "sms.signature", "2 to 12")) << dump(l);
    EXPECT_TRUE(has_problem(l, "sms.callback_secret", "HOTLINE_SMS_CALLBACK_SECRET")) << dump(l);
    EXPECT_TRUE(has_problem(l, "sms.tencent.secret_key", "HOTLINE_SMS_TENCENT_SECRET_KEY")) << dump(l);
    EXPECT_TRUE(has_problem(l, "sms.templates.ask", "已办结")) << dump(l);
    EXPECT_TRUE(has_problem(l, "sms.tencent.endpoint", "https://")) << dump(l);

    // Nested secrets from the environment, the rest from the file.
    fake_env() = {{"HOTLINE_SMS_TENCENT_SECRET_ID", "AKID"},
                  {"HOTLINE_SMS_TENCENT_SECRET_KEY", "key"},
                  {"HOTLINE_SMS_CALLBACK_SECRET", "0123456789abcdef"}};
    const std::string good = "[privacy]\nkey = \"" + std::string(43, 'A') + "=\"\n"
                             "[sms]\nenabled = true\nprovider = \"tencent\"\nsignature = \"某县12345\"\n"
                             "[sms.tencent]\nsdk_app_id = \"1400006666\"\n"
                             "[sms.templates]\nask = \"1\"\nfollow_up_satisfaction = \"2\"\nfollow_up_resolution = \"3\"\n"
                             "clarify = \"4\"\nremind = \"5\"\n[survey]\ndaytime = \"08:30-19:00\"\nexpire_after_hours = 48\n";
    const auto l2 = load_config_text(minimal(good), "/etc/hotline/test.toml", lookup_fake_env);
    fake_env().clear();
    ASSERT_TRUE(l2.config) << dump(l2);
    EXPECT_EQ(l2.config->sms.tencent_secret_key, "key");
    EXPECT_EQ(l2.config->sms.callback_secret, "0123456789abcdef");
    EXPECT_EQ(l2.config->sms.templates.at("remind"), "5");
    EXPECT_EQ(l2.config->sms.survey.day_start_minute, 8 * 60 + 30);
    EXPECT_EQ(l2.config->sms.survey.expire_after, std::chrono::hours(48));
    EXPECT_EQ(l2.config->sms.survey.signature, "某县12345");
}
