#include "bot/config/config.h"

#include "adapters/wecom/api_client.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "bot/config/config_schema.h"
#include "workflow/procedure/calendar.h"

namespace hotline::bot {

namespace {

std::filesystem::path resolve(const std::filesystem::path& file, const std::string& value) {
    const std::filesystem::path p{value};
    if (p.is_absolute()) return p;
    return (file.parent_path() / p).lexically_normal();  // relative to the config file
}

bool parse_listen(const std::string& s, ServerConfig& out) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    const std::string port = s.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    const int n = std::stoi(port);
    if (n < 1 || n > 65535) return false;
    out.host = s.substr(0, colon);
    out.port = static_cast<std::uint16_t>(n);
    return true;
}

bool is_base64_text(const std::string& s) {
    return s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") == std::string::npos;
}

void apply_env(toml::table& root, EnvLookup env) {
    for (const auto& spec : config_keys()) {
        if (!spec.secret) continue;
        auto value = env(env_name_for(spec.path));
        if (!value) continue;
        // Walk (creating) the tables of a nested key such as sms.tencent.secret_key.
        toml::table* t = &root;
        std::string_view rest = spec.path;
        for (auto dot = rest.find('.'); t && dot != std::string_view::npos; dot = rest.find('.')) {
            const std::string section{rest.substr(0, dot)};
            if (!t->contains(section)) t->insert(section, toml::table{});
            t = (*t)[section].as_table();
            rest.remove_prefix(dot + 1);
        }
        if (t) t->insert_or_assign(std::string(rest), *value);
    }
}

class Reader {
public:
    Reader(const toml::table& root, std::vector<ConfigProblem>& problems) : root_(root), problems_(problems) {}

    template <typename T>
    std::optional<T> get(std::string_view path) const {
        return root_.at_path(path).value<T>();
    }
    const toml::array* array(std::string_view path) const { return root_.at_path(path).as_array(); }
    void problem(std::string_view key, std::string reason) { problems_.push_back({std::string(key), std::move(reason)}); }
    std::int64_t int_in(std::string_view path, std::int64_t fallback, std::int64_t lo, std::int64_t hi) {
        const auto v = get<std::int64_t>(path).value_or(fallback);
        if (v < lo || v > hi) {
            problem(path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
            return fallback;
        }
        return v;
    }

private:
    const toml::table& root_;
    std::vector<ConfigProblem>& problems_;
};

void read_categories(Reader& r, workflow::DeadlinePolicy& policy) {
    using workflow::Category;
    const std::pair<Category, std::string_view> names[] = {
        {Category::consult, "consult"}, {Category::complaint, "complaint"}, {Category::complex, "complex"}};
    for (const auto& [category, name] : names) {
        const std::string base = "deadlines.categories." + std::string(name);
        auto& rule = policy.categories[category];
        rule.days = static_cast<int>(r.int_in(base + ".days", rule.days, 1, 60));
        rule.working_days = r.get<bool>(base + ".working_days").value_or(rule.working_days);
    }
}

void read_wecom(Reader& r, WecomConfig& w) {
    w.enabled = r.get<bool>("wecom.enabled").value_or(false);
    w.corp_id = r.get<std::string>("wecom.corp_id").value_or("");
    w.agent_id = r.get<std::string>("wecom.agent_id").value_or("");
    w.secret = r.get<std::string>("wecom.secret").value_or("");
    w.token = r.get<std::string>("wecom.token").value_or("");
    w.encoding_aes_key = r.get<std::string>("wecom.encoding_aes_key").value_or("");
    w.api_base = r.get<std::string>("wecom.api_base").value_or(w.api_base);
    if (!w.encoding_aes_key.empty() && (w.encoding_aes_key.size() != 43 || !is_base64_text(w.encoding_aes_key)))
        r.problem("wecom.encoding_aes_key",
                  "must be exactly 43 base64 characters as shown in the WeCom admin console (got " +
                      std::to_string(w.encoding_aes_key.size()) + ")");
    if (w.enabled) {
        const std::pair<std::string_view, const std::string*> required[] = {{"wecom.corp_id", &w.corp_id},
                                                                             {"wecom.agent_id", &w.agent_id},
                                                                             {"wecom.secret", &w.secret},
                                                                             {"wecom.token", &w.token},
                                                                             {"wecom.encoding_aes_key",
                                                                              &w.encoding_aes_key}};
        for (const auto& [key, value] : required)
            if (value->empty())
                r.problem(key, "required when wecom.enabled = true (secrets may come from " + env_name_for(key) + ")");
    }
    if (w.api_base.rfind("https://", 0) != 0 && w.api_base.rfind("http://127.", 0) != 0 &&
        w.api_base.rfind("http://localhost", 0) != 0)
        r.problem("wecom.api_base", "must be https:// (plain http only to a loopback test server)");
}

bool https_or_loopback(const std::string& url) {
    return url.rfind("https://", 0) == 0 || url.rfind("http://127.", 0) == 0 || url.rfind("http://localhost", 0) == 0;
}

void read_web(Reader& r, Config& c) {
    WebConfig& w = c.web;
    w.enabled = r.get<bool>("web.enabled").value_or(false);
    w.public_url = r.get<std::string>("web.public_url").value_or(c.server.public_url);
    while (!w.public_url.empty() && w.public_url.back() == '/') w.public_url.pop_back();
    w.oauth_base = r.get<std::string>("web.oauth_base").value_or(w.oauth_base);
    w.qr_login_base = r.get<std::string>("web.qr_login_base").value_or(w.qr_login_base);
    w.session_hours = std::chrono::hours(r.int_in("web.session_hours", w.session_hours.count(), 1, 24 * 7));
    w.requests_per_minute = static_cast<int>(r.int_in("web.requests_per_minute", w.requests_per_minute, 10, 100000));
    for (const auto& [key, url] : {std::pair{"web.oauth_base", &w.oauth_base}, std::pair{"web.qr_login_base", &w.qr_login_base}})
        if (!https_or_loopback(*url)) r.problem(key, "must be https:// (plain http only to a loopback test server)");
    if (!w.enabled) return;
    if (!c.wecom.enabled) r.problem("web.enabled", "the workbench signs people in through WeCom: enable [wecom] first");
    if (w.public_url.empty())
        r.problem("web.public_url", "required when web.enabled = true (or set [server] public_url): WeCom sends the "
                                    "browser back to it after sign-in");
    else if (!https_or_loopback(w.public_url))
        r.problem("web.public_url", "must start with https:// (plain http only for a loopback test address)");
}

// "22:00" -> minutes after midnight
std::optional<std::chrono::minutes> parse_clock(const std::string& s) {
    int h = 0, m = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return std::nullopt;
    return std::chrono::minutes(h * 60 + m);
}

// "22:00-07:30" -> both ends; nullopt unless both are valid times.
std::optional<std::pair<std::chrono::minutes, std::chrono::minutes>> parse_clock_range(const std::string& s) {
    const auto dash = s.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const auto start = parse_clock(s.substr(0, dash));
    const auto end = parse_clock(s.substr(dash + 1));
    if (!start || !end) return std::nullopt;
    return std::pair{*start, *end};
}

void read_reminders(Reader& r, workflow::ReminderPolicy& p) {
    const std::pair<const char*, workflow::QuietHours*> quiet[] = {{"reminders.quiet_hours_unit", &p.unit_people},
                                                                   {"reminders.quiet_hours_hotline", &p.hotline_people}};
    for (const auto& [key, q] : quiet) {
        const auto v = r.get<std::string>(key);
        if (!v) continue;
        if (v->empty()) {
            q->enabled = false;
            continue;
        }
        const auto range = parse_clock_range(*v);
        if (!range) {
            r.problem(key, "expected \"HH:MM-HH:MM\" in China time, e.g. \"22:00-07:30\", or \"\" for none");
            continue;
        }
        q->start = range->first;
        q->end = range->second;
    }
    p.urgent_overrides_quiet = r.get<bool>("reminders.urgent_overrides_quiet").value_or(true);
    if (const auto v = r.get<std::string>("reminders.morning_digest")) {
        if (v->empty()) {
            p.morning_digest = false;
        } else if (const auto at = parse_clock(*v)) {
            p.morning_digest_at = *at;
        } else {
            r.problem("reminders.morning_digest", "expected \"HH:MM\" in China time, or \"\" for none");
        }
    }
}

void read_intake_and_privacy(Reader& r, Config& c, const std::filesystem::path& file) {
    c.intake.enabled = r.get<bool>("intake.enabled").value_or(false);
    auto& window = c.intake.policy.merge_window;
    window = std::chrono::hours(r.int_in("intake.merge_window_hours", window.count(), 1, 24 * 60));
    for (const char* source : {"renmin", "hotline12345"}) {
        const std::string key = std::string("intake.") + source + "_secret";
        const auto secret = r.get<std::string>(key).value_or("");
        if (!secret.empty()) c.intake.secrets[source] = secret;
        if (c.intake.enabled && secret.size() < 16)
            r.problem(key, "needs a secret of at least 16 characters when intake.enabled = true (from " +
                               env_name_for(key) + ")");
    }
    const std::pair<workflow::Category, const char*> keyword_keys[] = {
        {workflow::Category::consult, "intake.keywords.consult"},
        {workflow::Category::complaint, "intake.keywords.complaint"},
        {workflow::Category::complex, "intake.keywords.complex"}};
    for (const auto& [category, key] : keyword_keys) {
        const auto* list = r.array(key);
        if (!list) continue;
        auto& words = c.intake.keywords[category];
        words.clear();
        for (const auto& w : *list) words.push_back(w.value_or(std::string{}));
    }
    c.privacy_key = r.get<std::string>("privacy.key").value_or("");
    if (const auto kf = r.get<std::string>("privacy.key_file"); kf && !kf->empty() && c.privacy_key.empty()) {
        std::ifstream in(resolve(file, *kf));
        std::stringstream ss;
        ss << in.rdbuf();
        if (!in) r.problem("privacy.key_file", resolve(file, *kf).string() + ": cannot be read");
        c.privacy_key = ss.str();
    }
    while (!c.privacy_key.empty() && (c.privacy_key.back() == '\n' || c.privacy_key.back() == ' '))
        c.privacy_key.pop_back();
    if (!c.privacy_key.empty() && c.privacy_key.size() != 44)
        r.problem("privacy.key", "must be 32 random bytes in base64 (44 characters), e.g. from `openssl rand -base64 32`");
    if (c.intake.enabled && c.privacy_key.empty())
        r.problem("privacy.key", "citizens' phone numbers are stored encrypted: set HOTLINE_PRIVACY_KEY or privacy.key_file");
}

void read_sms(Reader& r, SmsConfig& c) {
    c.enabled = r.get<bool>("sms.enabled").value_or(false);
    c.provider = r.get<std::string>("sms.provider").value_or(c.provider);
    if (c.provider != "console" && c.provider != "tencent" && c.provider != "aliyun")
        r.problem("sms.provider", "must be console, tencent or aliyun");
    c.survey.signature = r.get<std::string>("sms.signature").value_or(c.survey.signature);
    const std::size_t sig_chars = workflow::sms_length(c.survey.signature);
    if (sig_chars < 2 || sig_chars > 12) r.problem("sms.signature", "the signature (签名) must be 2 to 12 characters");
    for (const auto t : workflow::all_survey_texts()) {
        const std::string key = "sms.templates." + std::string(workflow::to_string(t));
        if (const auto id = r.get<std::string>(key); id && !id->empty()) c.templates[std::string(workflow::to_string(t))] = *id;
        else if (c.enabled && c.provider != "console")
            r.problem(key, "the provider's template id for: " + std::string(workflow::template_text(t)));
    }
    for (const auto t : workflow::all_survey_texts()) {
        const auto longest = workflow::render_sms(c.survey.signature, t, workflow::kLongestTicketNumber);
        if (workflow::sms_length(longest) <= workflow::kSmsMaxChars) continue;
        r.problem("sms.signature", "too long: \"" + longest + "\" would exceed one SMS (" +
                                       std::to_string(workflow::kSmsMaxChars) + " characters)");
        break;  // one example is enough
    }
    c.callback_secret = r.get<std::string>("sms.callback_secret").value_or("");
    if (c.enabled && c.provider != "console" && c.callback_secret.size() < 16)
        r.problem("sms.callback_secret", "needs at least 16 characters when SMS is enabled (from " +
                                             env_name_for("sms.callback_secret") + ")");
    c.tencent_endpoint = r.get<std::string>("sms.tencent.endpoint").value_or(c.tencent_endpoint);
    c.tencent_region = r.get<std::string>("sms.tencent.region").value_or(c.tencent_region);
    c.tencent_secret_id = r.get<std::string>("sms.tencent.secret_id").value_or("");
    c.tencent_secret_key = r.get<std::string>("sms.tencent.secret_key").value_or("");
    c.tencent_sdk_app_id = r.get<std::string>("sms.tencent.sdk_app_id").value_or("");
    c.tencent_sign_id = r.get<std::string>("sms.tencent.sign_id").value_or("");
    c.aliyun_endpoint = r.get<std::string>("sms.aliyun.endpoint").value_or(c.aliyun_endpoint);
    c.aliyun_access_key_id = r.get<std::string>("sms.aliyun.access_key_id").value_or("");
    c.aliyun_access_key_secret = r.get<std::string>("sms.aliyun.access_key_secret").value_or("");
    c.aliyun_signature_version = r.get<std::string>("sms.aliyun.signature_version").value_or(c.aliyun_signature_version);
    if (c.aliyun_signature_version != "acs3" && c.aliyun_signature_version != "v1")
        r.problem("sms.aliyun.signature_version", "must be acs3 (ACS3-HMAC-SHA256) or v1 (RPC HMAC-SHA1)");
    const std::pair<const char*, const std::string*> endpoints[] = {{"sms.tencent.endpoint", &c.tencent_endpoint},
                                                                    {"sms.aliyun.endpoint", &c.aliyun_endpoint}};
    for (const auto& [key, url] : endpoints)
        if (url->rfind("https://", 0) != 0 && url->rfind("http://127.", 0) != 0 && url->rfind("http://localhost", 0) != 0)
            r.problem(key, "must be https:// (plain http only to a loopback test server)");
    if (c.enabled && c.provider == "tencent") {
        const std::pair<const char*, const std::string*> required[] = {{"sms.tencent.secret_id", &c.tencent_secret_id},
                                                                       {"sms.tencent.secret_key", &c.tencent_secret_key},
                                                                       {"sms.tencent.sdk_app_id", &c.tencent_sdk_app_id}};
        for (const auto& [key, v] : required)
            if (v->empty()) r.problem(key, "required when sms.provider = \"tencent\" (secrets may come from " + env_name_for(key) + ")");
    }
    if (c.enabled && c.provider == "aliyun") {
        const std::pair<const char*, const std::string*> required[] = {
            {"sms.aliyun.access_key_id", &c.aliyun_access_key_id}, {"sms.aliyun.access_key_secret", &c.aliyun_access_key_secret}};
        for (const auto& [key, v] : required)
            if (v->empty()) r.problem(key, "required when sms.provider = \"aliyun\" (secrets may come from " + env_name_for(key) + ")");
    }

    auto& p = c.survey;
    p.start_delay = std::chrono::minutes(r.int_in("survey.start_delay_minutes", p.start_delay.count(), 0, 7 * 24 * 60));
    if (const auto v = r.get<std::string>("survey.daytime")) {
        const auto range = parse_clock_range(*v);
        if (!range || range->first >= range->second)
            r.problem("survey.daytime", "expected \"HH:MM-HH:MM\" in China time within one day, e.g. \"09:00-20:00\"");
        else
            p.day_start_minute = static_cast<int>(range->first.count()), p.day_end_minute = static_cast<int>(range->second.count());
    }
    p.remind_after = std::chrono::hours(r.int_in("survey.remind_after_hours", p.remind_after.count(), 1, 24 * 14));
    p.expire_after = std::chrono::hours(r.int_in("survey.expire_after_hours", p.expire_after.count(), 1, 24 * 30));
    p.period_days = static_cast<int>(r.int_in("survey.period_days", p.period_days, 0, 365));
    p.daily_cap = static_cast<int>(r.int_in("survey.daily_cap", p.daily_cap, 1, 20));
}

void read_statistics(Reader& r, Config& c) {
    auto& p = c.statistics;
    const std::pair<const char*, double*> weights[] = {{"statistics.on_time_weight", &p.on_time_weight},
                                                       {"statistics.resolution_weight", &p.resolution_weight},
                                                       {"statistics.satisfaction_weight", &p.satisfaction_weight},
                                                       {"statistics.basic_satisfied_weight", &p.basic_satisfied_weight}};
    for (const auto& [key, value] : weights) {
        *value = r.get<double>(key).value_or(*value);
        if (*value < 0 || *value > 1) r.problem(key, "must be between 0 and 1");
    }
    const auto unreachable = r.get<std::string>("statistics.unreachable").value_or("excluded");
    if (unreachable != "excluded" && unreachable != "against")
        r.problem("statistics.unreachable", "must be \"excluded\" or \"against\"");
    p.unreachable_counts_against = unreachable == "against";

    c.reports.weekly = r.get<bool>("reports.weekly").value_or(c.reports.weekly);
    c.reports.monthly = r.get<bool>("reports.monthly").value_or(c.reports.monthly);
    if (const auto t = r.get<std::string>("reports.time")) {
        if (const auto at = parse_clock(*t)) c.reports.time = *at;
        else r.problem("reports.time", "expected \"HH:MM\" in China time");
    }
    if (const auto* list = r.array("reports.recipients"))
        for (const auto& v : *list) c.reports.recipients.push_back(v.value_or(std::string{}));

    c.supervision.monthly = r.get<bool>("supervision.monthly").value_or(c.supervision.monthly);
    if (const auto* list = r.array("supervision.recipients"))
        for (const auto& v : *list) {
            const auto userid = v.value_or(std::string{});
            if (userid.empty()) r.problem("supervision.recipients", "a recipient is an empty WeCom userid");
            else c.supervision.recipients.push_back(userid);
        }
    c.supervision.issuer = r.get<std::string>("supervision.issuer").value_or(c.supervision.issuer);
    if (c.supervision.issuer.empty()) r.problem("supervision.issuer", "must name the office that issues the notice");
}

void read_outbox(Reader& r, NotifierOptions& o) {
    o.concurrency = static_cast<int>(r.int_in("outbox.concurrency", o.concurrency, 1, 64));
    o.max_attempts = static_cast<int>(r.int_in("outbox.max_attempts", o.max_attempts, 1, 100));
    o.first_backoff = std::chrono::seconds(r.int_in("outbox.first_backoff_seconds", o.first_backoff.count(), 1, 3600));
    o.max_backoff = std::chrono::seconds(
        60 * r.int_in("outbox.max_backoff_minutes", o.max_backoff.count() / 60, 1, 24 * 60));
    o.answer_reserve = static_cast<int>(r.int_in("outbox.answer_reserve", o.answer_reserve, 0, 25));
}

// The store, and the evidence files that live beside it (SQLite) or in a folder every instance
// shares (PostgreSQL).
void read_store(Reader& r, Config& c, const std::filesystem::path& file) {
    c.store.backend = r.get<std::string>("store.backend").value_or(c.store.backend);
    if (auto p = r.get<std::string>("store.path")) c.store.path = resolve(file, *p);
    c.store.url = r.get<std::string>("store.url").value_or("");
    c.store.pool_size = static_cast<int>(r.int_in("store.pool_size", c.store.pool_size, 1, 100));
    const auto attachments = r.get<std::string>("attachments.dir");
    if (attachments) c.attachments.dir = resolve(file, *attachments);
    if (c.store.backend == "sqlite") {
        if (c.store.path.empty()) r.problem("store.path", "required when store.backend = \"sqlite\"");
        if (!attachments) c.attachments.dir = c.store.path.parent_path() / "attachments";
    } else if (c.store.backend == "postgresql") {
        if (c.store.url.empty())
            r.problem("store.url", "required when store.backend = \"postgresql\" (may come from HOTLINE_STORE_URL)");
        if (!attachments)
            r.problem("attachments.dir", "required when store.backend = \"postgresql\": the evidence files live "
                                         "outside the database, in one folder every instance shares");
    } else {
        r.problem("store.backend", "must be \"sqlite\" or \"postgresql\"");
    }
}

Config read(const toml::table& root, const std::filesystem::path& file, std::vector<ConfigProblem>& problems) {
    Reader r(root, problems);
    Config c;
    c.file = file;
    if (auto listen = r.get<std::string>("server.listen"); listen && !parse_listen(*listen, c.server))
        r.problem("server.listen", "expected host:port, e.g. 127.0.0.1:8080");
    c.server.max_body_bytes =
        static_cast<std::uint64_t>(r.int_in("server.max_body_bytes", static_cast<std::int64_t>(c.server.max_body_bytes), 1024, 64ll * 1024 * 1024));
    c.server.threads = static_cast<int>(r.int_in("server.threads", c.server.threads, 1, 256));
    c.server.public_url = r.get<std::string>("server.public_url").value_or("");
    c.server.instance_id = r.get<std::string>("server.instance_id").value_or("");
    if (!c.server.public_url.empty() && c.server.public_url.rfind("https://", 0) != 0 &&
        c.server.public_url.rfind("http://127.", 0) != 0)
        r.problem("server.public_url", "must start with https:// (WeCom calls back over TLS)");
    read_outbox(r, c.outbox);

    read_store(r, c, file);
    c.attachments.max_bytes = r.int_in("attachments.max_bytes", c.attachments.max_bytes, 1024,
                                       static_cast<std::int64_t>(adapters::wecom::kMaxMediaBytes));

    c.log_level = r.get<std::string>("log.level").value_or(c.log_level);
    static const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error"};
    if (std::find(levels.begin(), levels.end(), c.log_level) == levels.end())
        r.problem("log.level", "must be one of trace, debug, info, warn, error");

    if (auto dir = r.get<std::string>("calendar.holidays_dir")) {
        c.holidays_dir = resolve(file, *dir);
        try {
            (void)workflow::WorkCalendar::load_directory(c.holidays_dir);
        } catch (const workflow::CalendarError& e) {
            r.problem("calendar.holidays_dir", e.what());
        }
    }
    if (auto d = r.get<std::string>("directory.file")) {
        c.directory_file = resolve(file, *d);
        std::ifstream probe(c.directory_file);
        if (!probe) r.problem("directory.file", c.directory_file.string() + ": cannot be read");
    }

    auto& policy = c.deadlines;
    policy.report_lead = std::chrono::hours{r.int_in("deadlines.report_lead_hours", policy.report_lead.count(), 0, 24 * 30)};
    policy.return_window = std::chrono::hours{r.int_in("deadlines.return_window_hours", policy.return_window.count(), 1, 24 * 7)};
    policy.claim_within = std::chrono::minutes{r.int_in("deadlines.claim_within_minutes", policy.claim_within.count(), 5, 24 * 60)};
    policy.extension_cap_working_days = static_cast<int>(r.int_in("deadlines.extension_cap_working_days", policy.extension_cap_working_days, 1, 365));
    policy.redo_days = static_cast<int>(r.int_in("deadlines.redo_days", policy.redo_days, 1, 30));
    policy.redo_working_days = r.get<bool>("deadlines.redo_working_days").value_or(policy.redo_working_days);
    read_categories(r, policy);
    read_reminders(r, c.reminders);
    read_intake_and_privacy(r, c, file);
    read_wecom(r, c.wecom);
    read_web(r, c);
    read_sms(r, c.sms);
    read_statistics(r, c);
    if (c.sms.enabled && c.privacy_key.empty())
        r.problem("privacy.key", "the survey decrypts citizens' numbers only for the SMS provider: set HOTLINE_PRIVACY_KEY or privacy.key_file");
    return c;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
    const char* v = std::getenv(name.c_str());
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

ConfigLoad load_config(const std::filesystem::path& file, EnvLookup env) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return ConfigLoad{std::nullopt, {{"", "cannot read the file"}}};
    std::stringstream ss;
    ss << in.rdbuf();
    return load_config_text(ss.str(), file, env);
}

ConfigLoad load_config_text(const std::string& text, const std::filesystem::path& file, EnvLookup env) {
    ConfigLoad out;
    toml::table root;
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        out.problems.push_back({"", "line " + std::to_string(e.source().begin.line) + ": " +
                                        std::string(e.description())});
        return out;
    }
    apply_env(root, env);
    check_shape(root, out.problems);
    if (!out.problems.empty()) return out;  // values cannot be read reliably from a misshapen file
    Config c = read(root, file, out.problems);
    if (out.problems.empty()) out.config = std::move(c);
    return out;
}

std::string format_problem(const std::filesystem::path& file, const ConfigProblem& p) {
    if (p.key.empty()) return file.string() + ": " + p.reason;
    return file.string() + ": " + p.key + ": " + p.reason;
}

}  // namespace hotline::bot
