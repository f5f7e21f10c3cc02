#include "workflow/documents/chinese_punctuation.h"

#include <utf8proc.h>

#include <vector>

namespace hotline::workflow {

namespace {

using Text = std::vector<char32_t>;

Text decode(std::string_view s) {
    Text out;
    auto p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    auto left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {  // not UTF-8: the replacement character, as everywhere else
            out.push_back(0xFFFD);
            ++p, --left;
            continue;
        }
        out.push_back(static_cast<char32_t>(cp));
        p += n, left -= n;
    }
    return out;
}

std::string encode(const Text& t) {
    std::string out;
    utf8proc_uint8_t buf[4];
    for (char32_t c : t) {
        const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
        out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    }
    return out;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000; }

// Ideographs, CJK punctuation and full-width forms: the neighbours that make a half-width mark a
// typing slip rather than part of a number or an English name.
bool is_chinese(char32_t c) {
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x201C || c == 0x201D;
}

bool ends_sentence_mark(char32_t c) { return c == U'。' || c == U'！' || c == U'？' || c == U'…'; }
bool ends_clause_mark(char32_t c) { return c == U'，' || c == U'；' || c == U'、' || c == U'：'; }
bool is_closing(char32_t c) {
    return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）' || c == U'】' || c == U'》';
}
bool is_mark(char32_t c) { return ends_sentence_mark(c) || ends_clause_mark(c); }

char32_t full_width(char32_t c) {
    switch (c) {
        case ',': return U'，';
        case ';': return U'；';
        case ':': return U'：';
        case '!': return U'！';
        case '?': return U'？';
        case '.': return U'。';
        case '(': return U'（';
        case ')': return U'）';
        default: return 0;
    }
}

// Trimmed; half-width marks beside Chinese text and at the very end made full-width ("..." as
// ……); marks at the start dropped.
Text tidy(std::string_view typed) {
    Text t = decode(typed);
    std::size_t b = 0, e = t.size();
    while (b < e && is_space(t[b])) ++b;
    while (e > b && is_space(t[e - 1])) --e;
    Text out;
    for (std::size_t i = b; i < e; ++i) {
        const char32_t c = t[i];
        const char32_t wide = full_width(c);
        const bool prev_chinese = !out.empty() && is_chinese(out.back());
        const bool next_chinese = i + 1 < e && is_chinese(t[i + 1]);
        std::size_t run = i;  // a run of the same mark: "..." or "!!"
        while (run + 1 < e && t[run + 1] == c) ++run;
        const bool at_end = run + 1 == e;
        const bool convert = wide && (c == '(' ? next_chinese : prev_chinese || (at_end && !out.empty()));
        if (!convert) {
            out.push_back(c);
            continue;
        }
        if (c == '.' && run > i) {
            out.insert(out.end(), {U'…', U'…'});
        } else {
            for (std::size_t k = i; k <= run; ++k) out.push_back(wide);
        }
        i = run;
        while (i + 1 < e && t[i + 1] == ' ') ++i;  // "解决, 室温" -> "解决，室温"
    }
    std::size_t lead = 0;
    while (lead < out.size() && (is_mark(out[lead]) || is_space(out[lead]))) ++lead;
    out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(lead));
    return out;
}

bool ends_sentence(const Text& t) {
    if (t.empty()) return false;
    if (ends_sentence_mark(t.back())) return true;
    // "他说：“已修好。”" ends with the quote, after the 。.
    return t.size() >= 2 && is_closing(t.back()) && ends_sentence_mark(t[t.size() - 2]);
}

}  // namespace

std::string as_sentence(std::string_view text) {
    Text t = tidy(text);
    if (t.empty() || ends_sentence(t)) return encode(t);
    if (ends_clause_mark(t.back())) t.back() = U'。';
    else t.push_back(U'。');
    return encode(t);
}

std::string as_clause(std::string_view text) {
    Text t = tidy(text);
    if (t.empty() || ends_sentence(t) || t.back() == U'，' || t.back() == U'；') return encode(t);
    if (t.back() == U'、' || t.back() == U'：') t.back() = U'，';
    else t.push_back(U'，');
    return encode(t);
}

std::string without_final_mark(std::string_view text) {
    Text t = tidy(text);
    while (!t.empty() && (is_mark(t.back()) || is_space(t.back()))) t.pop_back();
    return encode(t);
}

std::string as_paragraph_text(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        lines.push_back(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
    std::vector<std::string> kept;
    for (auto line : lines)
        if (auto t = encode(tidy(line)); !t.empty()) kept.push_back(std::move(t));
    std::string out;
    for (std::size_t i = 0; i < kept.size(); ++i) out += i + 1 < kept.size() ? as_clause(kept[i]) : kept[i];
    return out;
}

}  // namespace hotline::workflow
