#include "bot/chat_services.h"

namespace hotline::bot {

ChatServices::ChatServices(App& app, workflow::SurveyEngine* survey)
    : attachments(app.config.attachments.dir),
      report_versions(attachments),
      supervision(attachments, app.config.supervision.issuer, app.config.statistics, phone_masker(app)),
      executor(*app.engine, {.survey = survey,
                             .stats_policy = app.config.statistics,
                             .attachments = &attachments,
                             .report_versions = &report_versions,
                             .supervision = &supervision}) {}

}  // namespace hotline::bot
