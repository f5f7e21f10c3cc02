#include "bot/doctor/doctor.h"

#include <fmt/format.h>

#include "bot/config/config.h"
#include "bot/doctor/local_checks.h"
#include "bot/doctor/remote_checks.h"

namespace hotline::bot::doctor {

int run_doctor(const std::string& config_path, adapters::HttpClient& http, const workflow::Clock& clock, std::ostream& out) {
    Findings findings;
    out << "hotline-bot " << HOTLINE_VERSION << " doctor: " << config_path << "\n\n";
    const auto loaded = load_config(config_path);
    for (const auto& p : loaded.problems)
        findings.error("配置 config", "配置有误：" + format_problem(config_path, p), format_problem(config_path, p),
                       "改正后运行 hotline-bot check-config --config " + config_path);
    if (!loaded.config) {
        findings.print(out);
        return findings.exit_code();
    }
    const Config& c = *loaded.config;
    findings.ok("配置 config", config_path + " 无误", "the configuration loads without problems");
    check_secrets(c, findings);
    check_store(c, findings);
    check_holidays(c, clock.now(), findings);
    const auto wecom_time = check_wecom(c, http, findings);
    check_sms(c, http, clock, findings);
    check_clock(wecom_time, clock.now(), findings);
    check_public_url(c, http, findings);
    findings.print(out);
    return findings.exit_code();
}

}  // namespace hotline::bot::doctor
