#pragma once
// The bot's configuration: one TOML file, secrets optionally from HOTLINE_* environment
// variables. Loading collects every problem (file, key, reason) instead of stopping at the first.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/outbox/options.h"
#include "workflow/intake/category_suggestion.h"
#include "workflow/intake/intake.h"
#include "workflow/procedure/deadlines.h"
#include "workflow/notify/reminders.h"
#include "workflow/statistics/statistics.h"
#include "workflow/survey/survey.h"

namespace hotline::bot {

struct ServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::uint64_t max_body_bytes = 1024 * 1024;
    // A callback waiting for its commit holds no thread, so about one per core is enough.
    int threads = 4;
    // How WeCom and the SMS providers reach the bot (the TLS front, e.g. nginx); `doctor` checks it.
    std::string public_url;
    // This instance's name among several on one PostgreSQL store (default host:port): unique per
    // instance, the same across its restarts.
    std::string instance_id;
};

struct StoreConfig {
    std::string backend = "sqlite";  // sqlite | postgresql
    std::filesystem::path path;      // sqlite: the database file, resolved against the config file's folder
    std::string url;                 // postgresql: a libpq connection string (secret: may hold a password)
    int pool_size = 8;               // postgresql: connections per instance
};

// Evidence files (佐证材料): where they are kept and how large one may be.
struct AttachmentsConfig {
    std::filesystem::path dir;  // default: "attachments" beside the store
    std::int64_t max_bytes = 20 * 1024 * 1024;
};

struct WecomConfig {
    bool enabled = false;
    std::string corp_id;
    std::string agent_id;
    std::string secret;
    std::string token;
    std::string encoding_aes_key;
    std::string api_base = "https://qyapi.weixin.qq.com";
};

// The workbench: the app's home page inside WeCom, signed in by WeCom OAuth (in the app) or QR
// login (desktop browsers).
struct WebConfig {
    bool enabled = false;
    std::string public_url;  // where browsers reach the bot; default [server] public_url
    std::string oauth_base = "https://open.weixin.qq.com";
    std::string qr_login_base = "https://login.work.weixin.qq.com";
    std::chrono::hours session_hours{12};
    int requests_per_minute = 120;  // per session; beyond it, 429 until the minute is over
};

struct IntakeConfig {
    bool enabled = false;
    workflow::CategoryKeywords keywords = workflow::default_category_keywords();
    workflow::IntakePolicy policy;  // [intake] merge_window_hours sets policy.merge_window
    std::map<std::string, std::string> secrets;  // source -> HMAC secret
};

// The SMS provider and the callback survey. provider "console" sends nothing (logs and stores).
struct SmsConfig {
    bool enabled = false;  // the survey runs (and the SMS callbacks are served)
    std::string provider = "console";  // console | tencent | aliyun
    std::string callback_secret;       // ?key= on the provider callbacks
    std::map<std::string, std::string> templates;  // survey text key -> provider template id
    std::string tencent_endpoint = "https://sms.tencentcloudapi.com";
    std::string tencent_region = "ap-guangzhou";
    std::string tencent_secret_id;
    std::string tencent_secret_key;
    std::string tencent_sdk_app_id;
    std::string tencent_sign_id;  // 签名ID: only `doctor` uses it, to ask whether the signature is approved
    std::string aliyun_endpoint = "https://dysmsapi.aliyuncs.com";
    std::string aliyun_access_key_id;
    std::string aliyun_access_key_secret;
    std::string aliyun_signature_version = "acs3";
    workflow::SurveyPolicy survey;
};

// Scheduled three-rate reports: weekly on Monday, monthly on the 1st, at `time` (China time).
struct ReportsConfig {
    bool weekly = true;
    bool monthly = true;
    std::chrono::minutes time{8 * 60 + 30};
    std::vector<std::string> recipients;  // userids; empty: every leader and every staff member
};

// The supervision notice (督办通报) of last month, on the 1st at the reports' time, to the liaison
// people of the 纪委监委 and the 督查室 (WeCom userids). Not sent when there are none.
struct SupervisionConfig {
    bool monthly = true;
    std::vector<std::string> recipients;
    std::string issuer = "接诉即办中心";  // the office that signs the notice
};

struct Config {
    std::filesystem::path file;
    ServerConfig server;
    StoreConfig store;
    std::string log_level = "info";
    std::filesystem::path holidays_dir;
    std::filesystem::path directory_file;  // empty: the directory is managed by import only
    workflow::DeadlinePolicy deadlines;
    workflow::ReminderPolicy reminders;
    WecomConfig wecom;
    WebConfig web;
    IntakeConfig intake;
    SmsConfig sms;
    workflow::StatsPolicy statistics;
    ReportsConfig reports;
    SupervisionConfig supervision;
    NotifierOptions outbox;
    AttachmentsConfig attachments;
    std::string privacy_key;  // base64 of 32 bytes, from HOTLINE_PRIVACY_KEY or the key file; never logged
};

struct ConfigProblem {
    std::string key;  // "server.listen", or empty for the file as a whole
    std::string reason;
};

struct ConfigLoad {
    std::optional<Config> config;  // set only when there were no problems
    std::vector<ConfigProblem> problems;
};

// Reads, applies HOTLINE_* environment overrides, validates, and checks that the holiday data
// can be read. getenv is injectable so tests need not touch the process environment.
using EnvLookup = std::optional<std::string> (*)(const std::string& name);
std::optional<std::string> process_env(const std::string& name);
ConfigLoad load_config(const std::filesystem::path& file, EnvLookup env = process_env);
ConfigLoad load_config_text(const std::string& text, const std::filesystem::path& file,
                            EnvLookup env = process_env);

// "config/hotline.toml: [server] listen: expected host:port"
std::string format_problem(const std::filesystem::path& file, const ConfigProblem& p);

}  // namespace hotline::bot
