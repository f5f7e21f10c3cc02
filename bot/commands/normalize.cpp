#include "bot/commands/normalize.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace hotline::bot::commands {

namespace {

std::string nfkc(std::string_view text) {
    utf8proc_uint8_t* out = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &out,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
    if (n < 0) return {};
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, std::free);
    return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
}

std::string fold_spaces(const std::string& s, bool keep_lines) {
    std::string out;
    bool pending_space = false;
    for (char c : s) {
        const bool newline = c == '\n';
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || (newline && !keep_lines);
        if (space) {
            pending_space = !out.empty() && out.back() != '\n';
            continue;
        }
        if (newline) {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out.push_back('\n');
            pending_space = false;
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace

std::string normalize(std::string_view text) { return fold_spaces(nfkc(text), false); }
std::string normalize_keep_lines(std::string_view text) { return fold_spaces(nfkc(text), true); }

}  // namespace hotline::bot::commands
