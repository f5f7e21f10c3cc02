#pragma once
// What a citizen's SMS answer to the callback survey (回访) says. The survey asks, worded as a
// notification: 满意回复1，基本满意回复2，不满意回复3；问题已解决回复4，未解决回复5. People answer with
// those digits, with the words, or both, in any mix; keywords are matched longest first (不满意
// before 满意). The text must already be NFKC-normalised (full-width digits become ASCII).
#include <optional>
#include <string>

namespace hotline::workflow {

enum class Satisfaction { satisfied, basically_satisfied, dissatisfied };
enum class Resolution { solved, unsolved };

struct SurveyAnswer {
    Satisfaction satisfaction;
    Resolution resolution;
};
// Content: (basically) satisfied and solved. Anything else goes back to the unit as 督办 (规程 二(四)、二(八)).
bool citizen_content(const SurveyAnswer& a);

struct SurveyReply {
    bool opt_out = false;  // 退订, TD, T, R, N: no more SMS to this number
    std::optional<Satisfaction> satisfaction;
    std::optional<Resolution> resolution;
    bool contradictory = false;  // e.g. both 满意 and 不满意: ask once more
    bool clear() const { return !contradictory && (satisfaction || resolution); }
};

SurveyReply parse_survey_reply(const std::string& normalized);

// What a citizen has answered so far, as staff read it: "基本满意，已解决", or "" for nothing yet.
std::string answer_text(std::optional<Satisfaction> s, std::optional<Resolution> r);

std::string_view to_string(Satisfaction s);
std::string_view chinese_name(Satisfaction s);
std::optional<Satisfaction> parse_satisfaction(std::string_view s);
std::string_view to_string(Resolution r);
std::string_view chinese_name(Resolution r);
std::optional<Resolution> parse_resolution(std::string_view s);

}  // namespace hotline::workflow
