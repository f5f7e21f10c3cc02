#include "workflow/survey/survey_state.h"

#include "workflow/procedure/names.h"

namespace hotline::workflow {

namespace {
constexpr Name<SurveyState> kSurveyState[] = {
    {SurveyState::waiting, "waiting", "待发送"},       {SurveyState::asked, "asked", "已发短信，待答复"},
    {SurveyState::recorded, "recorded", "已回访"},     {SurveyState::phone_task, "phone_task", "待电话回访"},
    {SurveyState::skipped, "skipped", "本期不再回访"}, {SurveyState::cancelled, "cancelled", "已取消"},
};
constexpr Name<SurveyStep> kSurveyStep[] = {
    {SurveyStep::ask, "ask"},
    {SurveyStep::remind, "remind"},
    {SurveyStep::expire, "expire"},
};
}  // namespace

std::string_view to_string(SurveyState s) { return id_in(kSurveyState, s); }
std::string_view chinese_name(SurveyState s) { return chinese_in(kSurveyState, s); }
std::optional<SurveyState> parse_survey_state(std::string_view id) { return parse_in(kSurveyState, id); }
std::string_view to_string(SurveyStep s) { return id_in(kSurveyStep, s); }
std::optional<SurveyStep> parse_survey_step(std::string_view id) { return parse_in(kSurveyStep, id); }

}  // namespace hotline::workflow
