#include "workflow/survey/survey_reply.h"

#include "workflow/procedure/names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

namespace hotline::workflow {

namespace {

std::string upper_ascii_letters(const std::string& s) {
    std::string out;
    for (char c : s)
        if (std::isalpha(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out;
}

bool only_ascii_letters(const std::string& s) {
    bool any = false;
    for (unsigned char c : s) {
        if (c == ' ' || c == '.' || c == '!' || c == ',') continue;
        if (!std::isalpha(c)) return false;
        any = true;
    }
    return any;
}

// Finds phrases longest first, blanking each match so that 满意 is not found again inside
// 不满意 or 基本满意.
template <typename T, std::size_t N>
std::vector<T> take_phrases(std::string& text, const std::array<std::pair<std::string_view, T>, N>& phrases) {
    std::vector<T> found;
    for (const auto& [phrase, value] : phrases) {
        for (auto p = text.find(phrase); p != std::string::npos; p = text.find(phrase, p)) {
            found.push_back(value);
            text.replace(p, phrase.size(), std::string(phrase.size(), ' '));
        }
    }
    return found;
}

}  // namespace

namespace {
constexpr Name<Satisfaction> kSatisfaction[] = {
    {Satisfaction::satisfied, "satisfied", "满意"},
    {Satisfaction::basically_satisfied, "basically_satisfied", "基本满意"},
    {Satisfaction::dissatisfied, "dissatisfied", "不满意"},
};
constexpr Name<Resolution> kResolution[] = {
    {Resolution::solved, "solved", "已解决"},
    {Resolution::unsolved, "unsolved", "未解决"},
};
}  // namespace

std::string_view to_string(Satisfaction s) { return id_in(kSatisfaction, s); }
std::string_view chinese_name(Satisfaction s) { return chinese_in(kSatisfaction, s); }
std::optional<Satisfaction> parse_satisfaction(std::string_view s) { return parse_in(kSatisfaction, s); }
std::string_view to_string(Resolution r) { return id_in(kResolution, r); }
std::string_view chinese_name(Resolution r) { return chinese_in(kResolution, r); }
std::optional<Resolution> parse_resolution(std::string_view s) { return parse_in(kResolution, s); }

std::string answer_text(std::optional<Satisfaction> s, std::optional<Resolution> r) {
    std::string out;
    if (s) out += chinese_name(*s);
    if (r) out += (out.empty() ? "" : "，") + std::string(chinese_name(*r));
    return out;
}

bool citizen_content(const SurveyAnswer& a) {
    return a.satisfaction != Satisfaction::dissatisfied && a.resolution == Resolution::solved;
}

SurveyReply parse_survey_reply(const std::string& normalized) {
    SurveyReply r;
    std::string text = normalized;
    // Opt-out: 退订 anywhere, or a message that is only TD / T / R / N.
    if (text.find("退订") != std::string::npos) {
        r.opt_out = true;
        return r;
    }
    if (only_ascii_letters(text)) {
        const auto letters = upper_ascii_letters(text);
        if (letters == "TD" || letters == "T" || letters == "R" || letters == "N") {
            r.opt_out = true;
            return r;
        }
    }
    // Longest first, so each phrase is read once and the shorter ones cannot match inside it.
    static const std::array<std::pair<std::string_view, Satisfaction>, 10> satisfaction{{
        {"非常不满意", Satisfaction::dissatisfied},
        {"不太满意", Satisfaction::dissatisfied},
        {"基本满意", Satisfaction::basically_satisfied},
        {"比较满意", Satisfaction::basically_satisfied},
        {"还算满意", Satisfaction::basically_satisfied},
        {"不满意", Satisfaction::dissatisfied},
        {"非常满意", Satisfaction::satisfied},
        {"很满意", Satisfaction::satisfied},
        {"没意见", Satisfaction::satisfied},
        {"满意", Satisfaction::satisfied},
    }};
    static const std::array<std::pair<std::string_view, Resolution>, 9> resolution{{
        {"没有解决", Resolution::unsolved},
        {"没解决", Resolution::unsolved},
        {"未解决", Resolution::unsolved},
        {"不解决", Resolution::unsolved},
        {"还没好", Resolution::unsolved},
        {"已经解决", Resolution::solved},
        {"已解决", Resolution::solved},
        {"解决了", Resolution::solved},
        {"问题解决", Resolution::solved},
    }};
    // Words that contain a keyword without being an answer ("满意度：基本满意").
    static const std::array<std::pair<std::string_view, int>, 2> neutral{{{"满意度", 0}, {"解决方案", 0}}};
    (void)take_phrases(text, neutral);
    auto sat = take_phrases(text, satisfaction);
    auto res = take_phrases(text, resolution);
    // The digits of the survey text, wherever they stand ("1满意", "２", "1 4").
    for (char c : text) {
        if (c == '1') sat.push_back(Satisfaction::satisfied);
        if (c == '2') sat.push_back(Satisfaction::basically_satisfied);
        if (c == '3') sat.push_back(Satisfaction::dissatisfied);
        if (c == '4') res.push_back(Resolution::solved);
        if (c == '5') res.push_back(Resolution::unsolved);
    }
    auto single = [&](auto& v, auto& out) {
        if (v.empty()) return;
        if (std::all_of(v.begin(), v.end(), [&](auto x) { return x == v.front(); })) out = v.front();
        else r.contradictory = true;
    };
    single(sat, r.satisfaction);
    single(res, r.resolution);
    return r;
}

}  // namespace hotline::workflow
