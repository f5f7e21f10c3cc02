#include "bot/config/config_schema.h"

#include <algorithm>
#include <cctype>

namespace hotline::bot {

namespace {
using K = KeyKind;

std::string_view kind_name(KeyKind k) {
    switch (k) {
        case K::string: return "a string";
        case K::integer: return "an integer";
        case K::number: return "a number";
        case K::boolean: return "true or false";
        case K::table: return "a table";
        case K::string_list: return "a list of strings";
    }
    return "?";
}

std::string_view node_kind_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        default: return "a date/time";
    }
}

bool matches(const toml::node& n, KeyKind k) {
    switch (k) {
        case K::string: return n.is_string();
        case K::integer: return n.is_integer();
        case K::number: return n.is_integer() || n.is_floating_point();
        case K::boolean: return n.is_boolean();
        case K::table: return n.is_table();
        case K::string_list:
            return n.is_array() && (n.as_array()->empty() || n.as_array()->is_homogeneous(toml::node_type::string));
    }
    return false;
}

const KeySpec* find_spec(std::string_view path) {
    const auto& keys = config_keys();
    auto it = std::find_if(keys.begin(), keys.end(), [&](const KeySpec& s) { return s.path == path; });
    return it == keys.end() ? nullptr : &*it;
}

void walk(const toml::table& t, const std::string& prefix, std::vector<ConfigProblem>& problems) {
    for (auto&& [key, node] : t) {
        const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        const KeySpec* spec = find_spec(path);
        if (!spec) {
            problems.push_back({path, "unknown key (check the spelling against config/hotline.example.toml)"});
            continue;
        }
        if (!matches(node, spec->kind)) {
            problems.push_back({path, "expected " + std::string(kind_name(spec->kind)) + ", found " +
                                          std::string(node_kind_name(node))});
            continue;
        }
        if (const auto* sub = node.as_table()) walk(*sub, path, problems);
    }
}

bool present(const toml::table& root, std::string_view path) {
    return static_cast<bool>(root.at_path(path));
}

std::string_view parent_of(std::string_view path) {
    const auto dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot);
}
}  // namespace

const std::vector<KeySpec>& config_keys() {
    static const std::vector<KeySpec> keys{
        {"server", K::table, true, false},
        {"server.listen", K::string, true, false},
        {"server.max_body_bytes", K::integer, false, false},
        {"server.threads", K::integer, false, false},
        {"server.public_url", K::string, false, false},
        {"server.instance_id", K::string, false, false},
        {"store", K::table, true, false},
        {"store.backend", K::string, false, false},
        {"store.path", K::string, false, false},
        {"store.url", K::string, false, true},
        {"store.pool_size", K::integer, false, false},
        {"attachments", K::table, false, false},
        {"attachments.dir", K::string, false, false},
        {"attachments.max_bytes", K::integer, false, false},
        {"log", K::table, false, false},
        {"log.level", K::string, false, false},
        {"calendar", K::table, true, false},
        {"calendar.holidays_dir", K::string, true, false},
        {"directory", K::table, false, false},
        {"directory.file", K::string, false, false},
        {"deadlines", K::table, false, false},
        {"deadlines.report_lead_hours", K::integer, false, false},
        {"deadlines.return_window_hours", K::integer, false, false},
        {"deadlines.extension_cap_working_days", K::integer, false, false},
        {"deadlines.claim_within_minutes", K::integer, false, false},
        {"deadlines.redo_days", K::integer, false, false},
        {"deadlines.redo_working_days", K::boolean, false, false},
        {"deadlines.categories", K::table, false, false},
        {"deadlines.categories.consult", K::table, false, false},
        {"deadlines.categories.consult.days", K::integer, true, false},
        {"deadlines.categories.consult.working_days", K::boolean, false, false},
        {"deadlines.categories.complaint", K::table, false, false},
        {"deadlines.categories.complaint.days", K::integer, true, false},
        {"deadlines.categories.complaint.working_days", K::boolean, false, false},
        {"deadlines.categories.complex", K::table, false, false},
        {"deadlines.categories.complex.days", K::integer, true, false},
        {"deadlines.categories.complex.working_days", K::boolean, false, false},
        {"reminders", K::table, false, false},
        {"reminders.quiet_hours_unit", K::string, false, false},
        {"reminders.quiet_hours_hotline", K::string, false, false},
        {"reminders.urgent_overrides_quiet", K::boolean, false, false},
        {"reminders.morning_digest", K::string, false, false},
        {"outbox", K::table, false, false},
        {"outbox.concurrency", K::integer, false, false},
        {"outbox.max_attempts", K::integer, false, false},
        {"outbox.first_backoff_seconds", K::integer, false, false},
        {"outbox.max_backoff_minutes", K::integer, false, false},
        {"outbox.answer_reserve", K::integer, false, false},
        {"intake", K::table, false, false},
        {"intake.enabled", K::boolean, false, false},
        {"intake.merge_window_hours", K::integer, false, false},
        {"intake.renmin_secret", K::string, false, true},
        {"intake.hotline12345_secret", K::string, false, true},
        {"intake.keywords", K::table, false, false},
        {"intake.keywords.consult", K::string_list, false, false},
        {"intake.keywords.complaint", K::string_list, false, false},
        {"intake.keywords.complex", K::string_list, false, false},
        {"privacy", K::table, false, false},
        {"privacy.key", K::string, false, true},
        {"privacy.key_file", K::string, false, false},
        {"wecom", K::table, false, false},
        {"wecom.enabled", K::boolean, false, false},
        {"wecom.corp_id", K::string, false, false},
        {"wecom.agent_id", K::string, false, false},
        {"wecom.secret", K::string, false, true},
        {"wecom.token", K::string, false, true},
        {"wecom.encoding_aes_key", K::string, false, true},
        {"wecom.api_base", K::string, false, false},
        {"web", K::table, false, false},
        {"web.enabled", K::boolean, false, false},
        {"web.public_url", K::string, false, false},
        {"web.oauth_base", K::string, false, false},
        {"web.qr_login_base", K::string, false, false},
        {"web.session_hours", K::integer, false, false},
        {"web.requests_per_minute", K::integer, false, false},
        {"sms", K::table, false, false},
        {"sms.enabled", K::boolean, false, false},
        {"sms.provider", K::string, false, false},
        {"sms.signature", K::string, false, false},
        {"sms.callback_secret", K::string, false, true},
        {"sms.templates", K::table, false, false},
        {"sms.templates.ask", K::string, false, false},
        {"sms.templates.follow_up_satisfaction", K::string, false, false},
        {"sms.templates.follow_up_resolution", K::string, false, false},
        {"sms.templates.clarify", K::string, false, false},
        {"sms.templates.remind", K::string, false, false},
        {"sms.tencent", K::table, false, false},
        {"sms.tencent.endpoint", K::string, false, false},
        {"sms.tencent.region", K::string, false, false},
        {"sms.tencent.secret_id", K::string, false, true},
        {"sms.tencent.secret_key", K::string, false, true},
        {"sms.tencent.sdk_app_id", K::string, false, false},
        {"sms.tencent.sign_id", K::string, false, false},
        {"sms.aliyun", K::table, false, false},
        {"sms.aliyun.endpoint", K::string, false, false},
        {"sms.aliyun.access_key_id", K::string, false, true},
        {"sms.aliyun.access_key_secret", K::string, false, true},
        {"sms.aliyun.signature_version", K::string, false, false},
        {"survey", K::table, false, false},
        {"survey.start_delay_minutes", K::integer, false, false},
        {"survey.daytime", K::string, false, false},
        {"survey.remind_after_hours", K::integer, false, false},
        {"survey.expire_after_hours", K::integer, false, false},
        {"survey.period_days", K::integer, false, false},
        {"survey.daily_cap", K::integer, false, false},
        {"statistics", K::table, false, false},
        {"statistics.on_time_weight", K::number, false, false},
        {"statistics.resolution_weight", K::number, false, false},
        {"statistics.satisfaction_weight", K::number, false, false},
        {"statistics.basic_satisfied_weight", K::number, false, false},
        {"statistics.unreachable", K::string, false, false},
        {"reports", K::table, false, false},
        {"reports.weekly", K::boolean, false, false},
        {"reports.monthly", K::boolean, false, false},
        {"reports.time", K::string, false, false},
        {"reports.recipients", K::string_list, false, false},
        {"supervision", K::table, false, false},
        {"supervision.monthly", K::boolean, false, false},
        {"supervision.recipients", K::string_list, false, false},
        {"supervision.issuer", K::string, false, false},
    };
    return keys;
}

std::string env_name_for(std::string_view path) {
    std::string out = "HOTLINE_";
    for (char c : path) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out;
}

void check_shape(const toml::table& root, std::vector<ConfigProblem>& problems) {
    walk(root, "", problems);
    for (const auto& spec : config_keys()) {
        if (!spec.required || present(root, spec.path)) continue;
        const auto parent = parent_of(spec.path);
        // A required key inside an optional table is only missing when that table is there.
        if (!parent.empty() && !present(root, parent)) continue;
        problems.push_back({std::string(spec.path), "missing required key"});
    }
}

}  // namespace hotline::bot
