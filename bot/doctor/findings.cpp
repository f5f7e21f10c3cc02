#include "bot/doctor/findings.h"

#include <algorithm>

namespace hotline::bot::doctor {

int Findings::exit_code() const {
    int worst = 0;
    for (const auto& f : all_) worst = std::max(worst, f.severity == Severity::error ? 2 : f.severity == Severity::warning ? 1 : 0);
    return worst;
}

void Findings::print(std::ostream& out) const {
    int errors = 0, warnings = 0;
    for (const auto& f : all_) {
        const char* mark = f.severity == Severity::error ? "✘ 错误 ERROR" : f.severity == Severity::warning ? "! 警告 WARN " : "✔ 正常 OK   ";
        out << mark << "  [" << f.area << "] " << f.zh << "\n";
        out << "               " << f.en << "\n";
        if (!f.fix.empty()) out << "               修复 fix: " << f.fix << "\n";
        errors += f.severity == Severity::error;
        warnings += f.severity == Severity::warning;
    }
    if (errors + warnings == 0) out << "\n全部正常。All checks passed.\n";
    else out << "\n" << errors << " 个错误 error(s), " << warnings << " 个警告 warning(s).\n";
}

}  // namespace hotline::bot::doctor
