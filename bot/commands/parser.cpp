#include "bot/commands/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "bot/commands/normalize.h"

namespace hotline::bot::commands {

namespace {


std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        char32_t cp = len == 1 ? c : (c & (0x7F >> len));
        for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

bool is_ascii_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '?'; }

std::string lower_ascii(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The verb the message starts with: the longest name that matches. English names must end at a
// word boundary; Chinese ones may run straight into the number ("签收12").
const VerbSpec* match_verb(const std::string& msg, std::size_t& consumed) {
    const VerbSpec* best = nullptr;
    std::size_t best_len = 0;
    const std::string lowered = lower_ascii(msg);
    for (const auto& spec : command_table()) {
        std::vector<std::string_view> names{spec.name};
        names.insert(names.end(), spec.aliases.begin(), spec.aliases.end());
        for (auto name : names) {
            if (name.size() <= best_len || lowered.compare(0, name.size(), name) != 0) continue;
            const bool ascii = static_cast<unsigned char>(name[0]) < 0x80;
            if (ascii && lowered.size() > name.size() && is_ascii_word_char(lowered[name.size()])) continue;
            best = &spec;
            best_len = name.size();
        }
    }
    consumed = best_len;
    return best;
}

std::string first_word(const std::string& msg) {
    // Up to the first space or digit: "签shou12" -> "签shou".
    std::size_t end = 0;
    while (end < msg.size() && msg[end] != ' ' && !std::isdigit(static_cast<unsigned char>(msg[end])) && msg[end] != '#')
        ++end;
    return msg.substr(0, end);
}

std::string suggestion_for(const std::string& word) {
    // "签shou": the input method left pinyin after the first character. The Chinese part
    // decides when it starts exactly one verb.
    std::size_t chinese_end = 0;
    while (chinese_end < word.size() && static_cast<unsigned char>(word[chinese_end]) >= 0x80) ++chinese_end;
    if (chinese_end > 0 && chinese_end < word.size()) {
        const std::string prefix = word.substr(0, chinese_end);
        std::string_view only;
        int count = 0;
        for (const auto& spec : command_table())
            if (spec.name.rfind(prefix, 0) == 0) only = spec.name, ++count;
        if (count == 1) return std::string(only);
    }
    std::size_t best = 3;  // suggest only close matches
    std::string_view name;
    for (const auto& spec : command_table()) {
        std::vector<std::string_view> names{spec.name};
        names.insert(names.end(), spec.aliases.begin(), spec.aliases.end());
        for (auto n : names) {
            const auto d = edit_distance(lower_ascii(word), n);
            if (d < best) {
                best = d;
                name = spec.name;
            }
        }
    }
    return std::string(name);
}

std::string ltrim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return std::string(s);
}

// Takes the ticket reference off the front: "#12", "12", "工单12", "工单#12" or a source id.
bool take_ticket(std::string& rest, std::string& ref) {
    rest = ltrim(rest);
    for (std::string_view prefix : {"工单", "单号"})
        if (rest.rfind(prefix, 0) == 0) rest = rest.substr(prefix.size());
    if (!rest.empty() && rest[0] == '#') rest = rest.substr(1);
    rest = ltrim(rest);
    std::size_t end = 0;
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) {
        while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
        // "12号" is also 12
        if (rest.compare(end, 3, "号") == 0) {
            ref = rest.substr(0, end);
            rest = ltrim(rest.substr(end + 3));
            return true;
        }
        // A source id may start with digits and go on with letters or dashes.
        if (end < rest.size() && rest[end] != ' ' && static_cast<unsigned char>(rest[end]) < 0x80) {
            while (end < rest.size() && rest[end] != ' ') ++end;
        }
    } else {
        while (end < rest.size() && rest[end] != ' ' && static_cast<unsigned char>(rest[end]) < 0x80) ++end;
    }
    if (end == 0) return false;
    ref = rest.substr(0, end);
    rest = ltrim(rest.substr(end));
    return true;
}

std::string take_word(std::string& rest) {
    rest = ltrim(rest);
    const auto space = rest.find(' ');
    std::string word = rest.substr(0, space);
    rest = space == std::string::npos ? "" : ltrim(rest.substr(space + 1));
    return word;
}

// "5", "5天", "5个工作日", "5日"
std::optional<int> parse_days(const std::string& word) {
    std::size_t end = 0;
    while (end < word.size() && std::isdigit(static_cast<unsigned char>(word[end]))) ++end;
    if (end == 0 || end > 3) return std::nullopt;
    const std::string tail = word.substr(end);
    if (!tail.empty() && tail != "天" && tail != "日" && tail != "个工作日" && tail != "工作日") return std::nullopt;
    return std::stoi(word.substr(0, end));
}

std::string usage_error(const VerbSpec& spec, std::string_view what) {
    return fmt::format("{}。用法：{}，例如：{}", what, spec.usage, spec.example);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto x = code_points(a), y = code_points(b);
    std::vector<std::size_t> prev(y.size() + 1), cur(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[y.size()];
}

std::optional<workflow::Category> parse_category_word(std::string_view word) {
    using workflow::Category;
    for (std::string_view w : {"咨询", "建议", "咨询建议", "咨询类", "建议类", "consult"})
        if (word == w) return Category::consult;
    for (std::string_view w : {"投诉", "反映", "投诉反映", "一般", "投诉类", "complaint"})
        if (word == w) return Category::complaint;
    for (std::string_view w : {"复杂", "复杂类", "complex"})
        if (word == w) return Category::complex;
    return std::nullopt;
}

ParseResult parse_command(std::string_view message) {
    // Results span lines; everything else is one line.
    // The verb and its arguments are read from the normalised text; free text is taken as typed
    // (a full-width ， stays one), from the same place on.
    const MappedText mapped = normalize_mapped(message, true);
    const std::string& msg = mapped.text;
    const auto first_line_end = msg.find('\n');
    std::string line = msg.substr(0, first_line_end);
    auto typed_rest = [&](const std::string& rest) {
        return typed_from(mapped, message, line.size() - ltrim(rest).size());
    };
    if (line.empty()) return {std::nullopt, "请发送指令，例如「帮助」。"};

    std::size_t consumed = 0;
    const VerbSpec* spec = match_verb(line, consumed);
    if (!spec) {
        const auto word = first_word(line);
        const auto suggestion = suggestion_for(word);
        if (!suggestion.empty())
            return {std::nullopt, fmt::format("没有「{}」这个指令，您是不是要「{}」？发送「帮助」查看可用指令。", word, suggestion)};
        return {std::nullopt, fmt::format("没有「{}」这个指令，发送「帮助」查看可用指令。", word)};
    }
    Command cmd;
    cmd.verb = spec->verb;
    std::string rest = line.substr(consumed);
    if (spec->args == Args::none) return {cmd, {}};
    if (spec->args == Args::optional_unit) {
        cmd.unit = take_word(rest);
        cmd.text = ltrim(rest);  // 统计 单位 期间: the period, if any
        return {cmd, {}};
    }
    if (spec->args == Args::optional_period) {
        cmd.text = ltrim(rest);
        return {cmd, {}};
    }
    if (!take_ticket(rest, cmd.ticket_ref)) return {std::nullopt, usage_error(*spec, "请写明工单号")};

    switch (spec->args) {
        case Args::none:
        case Args::optional_unit:
        case Args::optional_period:
        case Args::ticket:
            break;
        case Args::two_tickets:
            if (!take_ticket(rest, cmd.second_ref)) return {std::nullopt, usage_error(*spec, "请写明两个工单号")};
            break;
        case Args::ticket_reason:
            cmd.text = typed_rest(rest);
            if (cmd.text.empty()) return {std::nullopt, usage_error(*spec, "请写明理由或意见")};
            break;
        case Args::ticket_text:
            cmd.text = typed_rest(rest);
            break;
        case Args::ticket_days_reason: {
            const auto days = parse_days(take_word(rest));
            if (!days) return {std::nullopt, usage_error(*spec, "请写明延期的工作日天数")};
            cmd.days = *days;
            cmd.text = typed_rest(rest);
            if (cmd.text.empty()) return {std::nullopt, usage_error(*spec, "请写明延期理由")};
            break;
        }
        case Args::ticket_unit_category: {
            cmd.unit = take_word(rest);
            if (cmd.unit.empty()) return {std::nullopt, usage_error(*spec, "请写明承办单位")};
            const auto word = take_word(rest);
            if (!word.empty()) {
                cmd.category = parse_category_word(word);
                if (!cmd.category) return {std::nullopt, usage_error(*spec, fmt::format("类别「{}」无法识别（可写咨询、投诉或复杂）", word))};
            }
            break;
        }
        case Args::ticket_decision: {
            const auto word = take_word(rest);
            if (word == "同意" || word == "approve") {
                cmd.approve = true;
            } else if (word == "退回" || word == "reject") {
                cmd.approve = false;
            } else {
                return {std::nullopt, usage_error(*spec, "请写明同意或退回")};
            }
            cmd.text = typed_rest(rest);
            if (!cmd.approve && cmd.text.empty()) return {std::nullopt, usage_error(*spec, "退回请写明意见")};
            break;
        }
    }
    return {cmd, {}};
}

}  // namespace hotline::bot::commands
