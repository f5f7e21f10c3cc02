#pragma once
// What the end-to-end load benchmarks share: a directory of one unit with `n` handlers (so every
// request comes from another person, and WeCom's per-person minute never comes into it), and
// percentiles of latencies.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace hotline::testing {

inline std::string bench_handler(std::size_t i) { return fmt::format("bench{:05}", i); }

// One unit (住建局), 王芳 of the hotline staff, and `n` handlers of the unit.
inline std::filesystem::path write_bench_directory(const std::filesystem::path& dir, std::size_t n) {
    const auto path = dir / "directory.toml";
    std::ofstream out(path);
    out << "[[units]]\ncode = \"zjj\"\nname = \"旗住房和城乡建设局\"\naliases = [\"住建局\"]\n\n"
        << "[[people]]\nuserid = \"wangfang\"\nname = \"王芳\"\nroles = [\"staff\"]\n\n";
    for (std::size_t i = 0; i < n; ++i)
        out << "[[people]]\nuserid = \"" << bench_handler(i) << "\"\nname = \"经办人" << i
            << "\"\nroles = [\"handler\"]\nunit = \"zjj\"\n\n";
    return path;
}

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace hotline::testing
