#pragma once
// Where one callback survey (回访) stands, and what it does next. A survey is waiting until its
// question goes out, asked until the citizen answers, and ends recorded (an answer, by SMS or by
// phone), as a phone task for staff, skipped (the number was surveyed within the period) or
// cancelled (the ticket moved on before the first SMS).
#include <optional>
#include <string_view>

namespace hotline::workflow {

enum class SurveyState { waiting, asked, recorded, phone_task, skipped, cancelled };
// What happens at the survey's next_at: send the question, send the reminder, give up.
enum class SurveyStep { ask, remind, expire };

std::string_view to_string(SurveyState s);
std::string_view chinese_name(SurveyState s);
std::optional<SurveyState> parse_survey_state(std::string_view id);
std::string_view to_string(SurveyStep s);
std::optional<SurveyStep> parse_survey_step(std::string_view id);

// Staff may still record an answer by phone: the survey has not ended with one or been dropped.
constexpr bool awaits_answer(SurveyState s) {
    return s == SurveyState::waiting || s == SurveyState::asked || s == SurveyState::phone_task;
}
// An SMS of the survey may still be sent.
constexpr bool may_send_sms(SurveyState s) { return s == SurveyState::waiting || s == SurveyState::asked; }
// The citizen could not be surveyed by SMS, and no answer came by phone either.
constexpr bool unreachable(SurveyState s) { return s == SurveyState::phone_task || s == SurveyState::skipped; }

}  // namespace hotline::workflow
