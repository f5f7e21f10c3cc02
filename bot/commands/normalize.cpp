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

// NFKC, one starter and its combining marks at a time, so that every output byte knows which
// typed bytes it came from.
std::optional<MappedText> nfkc_mapped(std::string_view text) {
    MappedText out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    const auto size = static_cast<utf8proc_ssize_t>(text.size());
    utf8proc_ssize_t at = 0;
    while (at < size) {
        const utf8proc_ssize_t start = at;
        bool first = true;
        while (at < size) {
            utf8proc_int32_t cp = 0;
            const auto n = utf8proc_iterate(p + at, size - at, &cp);
            if (n <= 0) return std::nullopt;
            if (!first && utf8proc_get_property(cp)->combining_class == 0) break;
            first = false;
            at += n;
        }
        const auto piece = nfkc(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(at - start)));
        out.text += piece;
        out.origin.insert(out.origin.end(), piece.size(), static_cast<std::size_t>(start));
    }
    return out;
}

MappedText fold_spaces(const MappedText& in, bool keep_lines) {
    MappedText out;
    bool pending_space = false;
    std::size_t space_origin = 0;
    auto push = [&](char c, std::size_t origin) {
        out.text.push_back(c);
        out.origin.push_back(origin);
    };
    auto pop = [&] {
        out.text.pop_back();
        out.origin.pop_back();
    };
    for (std::size_t i = 0; i < in.text.size(); ++i) {
        const char c = in.text[i];
        const bool newline = c == '\n';
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || (newline && !keep_lines);
        if (space) {
            if (!pending_space) space_origin = in.origin[i];
            pending_space = !out.text.empty() && out.text.back() != '\n';
            continue;
        }
        if (newline) {
            while (!out.text.empty() && out.text.back() == ' ') pop();
            push('\n', in.origin[i]);
            pending_space = false;
            continue;
        }
        if (pending_space) push(' ', space_origin);
        pending_space = false;
        push(c, in.origin[i]);
    }
    while (!out.text.empty() && (out.text.back() == '\n' || out.text.back() == ' ')) pop();
    return out;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

}  // namespace

MappedText normalize_mapped(std::string_view text, bool keep_lines) {
    const auto mapped = nfkc_mapped(text);
    if (!mapped) return {};
    return fold_spaces(*mapped, keep_lines);
}

std::string normalize(std::string_view text) { return normalize_mapped(text, false).text; }
std::string normalize_keep_lines(std::string_view text) { return normalize_mapped(text, true).text; }

std::string as_typed(std::string_view text) {
    constexpr std::string_view ideographic_space = "\u3000";
    for (bool trimmed = true; trimmed;) {
        trimmed = false;
        while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1), trimmed = true;
        while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1), trimmed = true;
        if (text.substr(0, ideographic_space.size()) == ideographic_space)
            text.remove_prefix(ideographic_space.size()), trimmed = true;
        if (text.size() >= ideographic_space.size() && text.substr(text.size() - ideographic_space.size()) == ideographic_space)
            text.remove_suffix(ideographic_space.size()), trimmed = true;
    }
    return std::string(text);
}

std::string typed_from(const MappedText& normalized, std::string_view typed, std::size_t offset) {
    if (offset >= normalized.text.size()) return {};
    return as_typed(typed.substr(normalized.origin[offset]));
}

}  // namespace hotline::bot::commands
