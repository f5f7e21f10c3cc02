#include "workflow/survey/survey_messages.h"

#include <stdexcept>

namespace hotline::workflow {

std::string_view to_string(SurveyText t) {
    switch (t) {
        case SurveyText::ask: return "ask";
        case SurveyText::follow_up_satisfaction: return "follow_up_satisfaction";
        case SurveyText::follow_up_resolution: return "follow_up_resolution";
        case SurveyText::clarify: return "clarify";
        case SurveyText::remind: return "remind";
    }
    return "?";
}

std::string_view template_text(SurveyText t) {
    switch (t) {
        case SurveyText::ask:
            return "您反映的问题（编号{1}）已办结。满意回1，基本满意回2，不满意回3；已解决回4，未解决回5。回T退订";
        case SurveyText::follow_up_satisfaction:
            return "感谢回复。请再告知满意程度：满意回1，基本满意回2，不满意回3。回T退订";
        case SurveyText::follow_up_resolution:
            return "感谢回复。请再告知问题是否解决：已解决回4，未解决回5。回T退订";
        case SurveyText::clarify:
            return "抱歉未能识别您的回复。满意回1，基本满意回2，不满意回3；已解决回4，未解决回5。回T退订";
        case SurveyText::remind:
            return "编号{1}的留言已办结，盼您评价：满意回1，基本满意回2，不满意回3；已解决回4，未解决回5。";
    }
    throw std::logic_error("unknown survey text");
}

const std::vector<SurveyText>& all_survey_texts() {
    static const std::vector<SurveyText> all{SurveyText::ask, SurveyText::follow_up_satisfaction,
                                             SurveyText::follow_up_resolution, SurveyText::clarify,
                                             SurveyText::remind};
    return all;
}

std::vector<std::string> template_params(SurveyText t, std::int64_t ticket_id) {
    if (template_text(t).find("{1}") == std::string_view::npos) return {};
    return {std::to_string(ticket_id)};
}

std::string render_sms(std::string_view signature, SurveyText t, std::int64_t ticket_id) {
    std::string body(template_text(t));
    if (const auto p = body.find("{1}"); p != std::string::npos) body.replace(p, 3, std::to_string(ticket_id));
    return "【" + std::string(signature) + "】" + body;
}

std::size_t sms_length(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;  // count lead bytes only
    return n;
}

}  // namespace hotline::workflow
