#pragma once
// What `hotline-bot doctor` found: one line per check, in Chinese and English, with the fix an
// administrator can apply. The exit status is the worst severity: 0 all well, 1 warnings, 2 errors.
#include <ostream>
#include <string>
#include <vector>

namespace hotline::bot::doctor {

// Where the fixes tell the administrator to put a secret (the unit's EnvironmentFile).
inline constexpr const char* kSecretsFile = "/etc/hotline-bot/secrets.env";

enum class Severity { ok, warning, error };

struct Finding {
    Severity severity = Severity::ok;
    std::string area;  // 配置 config, 存储 store, …
    std::string zh, en;
    std::string fix;  // empty when there is nothing to do
};

class Findings {
public:
    void ok(std::string area, std::string zh, std::string en) {
        add({Severity::ok, std::move(area), std::move(zh), std::move(en), {}});
    }
    void warning(std::string area, std::string zh, std::string en, std::string fix) {
        add({Severity::warning, std::move(area), std::move(zh), std::move(en), std::move(fix)});
    }
    void error(std::string area, std::string zh, std::string en, std::string fix) {
        add({Severity::error, std::move(area), std::move(zh), std::move(en), std::move(fix)});
    }
    void add(Finding f) { all_.push_back(std::move(f)); }

    const std::vector<Finding>& all() const { return all_; }
    int exit_code() const;
    void print(std::ostream& out) const;

private:
    std::vector<Finding> all_;
};

}  // namespace hotline::bot::doctor
