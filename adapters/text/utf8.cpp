#include "adapters/text/utf8.h"

#include <fmt/format.h>
#include <utf8proc.h>

namespace hotline::adapters {

namespace {

// Decodes one code point at s[i]; returns its length, or a negative value for an invalid sequence.
utf8proc_ssize_t next(std::string_view s, std::size_t i, utf8proc_int32_t& cp) {
    return utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                            static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        utf8proc_int32_t cp = 0;
        const auto n = next(s, i, cp);
        if (n <= 0) return false;
        i += static_cast<std::size_t>(n);
    }
    return true;
}

std::string scrub_utf8(std::string_view s) {
    if (is_valid_utf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        utf8proc_int32_t cp = 0;
        const auto n = next(s, i, cp);
        if (n <= 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD for the one offending byte; decoding resumes after it
            ++i;
            continue;
        }
        out.append(s.substr(i, static_cast<std::size_t>(n)));
        i += static_cast<std::size_t>(n);
    }
    return out;
}

bool is_control(std::int32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029; }

bool has_control_characters(std::string_view s, bool multiline) {
    for (std::size_t i = 0; i < s.size();) {
        utf8proc_int32_t cp = 0;
        const auto n = next(s, i, cp);
        if (n <= 0) return true;
        const bool line_break = cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029;
        if (is_control(cp) && !(multiline && line_break)) return true;
        i += static_cast<std::size_t>(n);
    }
    return false;
}

std::string escape_for_log(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n') { out += "\\n"; ++i; continue; }
        if (c == '\r') { out += "\\r"; ++i; continue; }
        if (c == '\t') { out += "\\t"; ++i; continue; }
        if (c < 0x20 || c == 0x7F) { out += fmt::format("\\x{:02x}", c); ++i; continue; }
        if (c < 0x80) { out.push_back(static_cast<char>(c)); ++i; continue; }
        utf8proc_int32_t cp = 0;
        const auto n = next(s, i, cp);
        if (n <= 0) { out += fmt::format("\\x{:02x}", c); ++i; continue; }
        if (is_control(cp))
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
        else
            out.append(s.substr(i, static_cast<std::size_t>(n)));
        i += static_cast<std::size_t>(n);
    }
    return out;
}

}  // namespace hotline::adapters
