#pragma once
// The wording of the survey SMS. Providers only send registered templates, so the texts are fixed
// here (and listed in the README for registration); {1} is the ticket number. Each is worded as a
// notification, not a questionnaire, and fits one SMS (70 characters including 【signature】).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::workflow {

enum class SurveyText { ask, follow_up_satisfaction, follow_up_resolution, clarify, remind };

std::string_view to_string(SurveyText t);
// The template as registered with the provider ({1} for Tencent; Alibaba's ${p1} is the same slot).
std::string_view template_text(SurveyText t);
const std::vector<SurveyText>& all_survey_texts();
// The template's parameters for a ticket (the ticket number where the text has {1}).
std::vector<std::string> template_params(SurveyText t, std::int64_t ticket_id);
// What the citizen reads: 【signature】 and the template with its parameters.
std::string render_sms(std::string_view signature, SurveyText t, std::int64_t ticket_id);
// Characters as the carriers count them: every code point is one, Chinese or not.
std::size_t sms_length(std::string_view text);
inline constexpr std::size_t kSmsMaxChars = 70;
// The longest ticket number the length check allows for (99,999,999).
inline constexpr std::int64_t kLongestTicketNumber = 99999999;

}  // namespace hotline::workflow
