#pragma once
// The documents and chat commands built on the App: the executor with everything its commands
// reach (the attachments folder, the report PDFs, the supervision notices, the statistics weights,
// the survey), built one way for `serve`, `say` and the CLI's document commands, so a command
// behaves the same from WeCom and from the terminal.
#include "bot/app.h"
#include "bot/commands/executor.h"
#include "bot/documents/report_versions.h"
#include "bot/documents/supervision_delivery.h"
#include "bot/evidence/attachment_store.h"
#include "workflow/documents/supervision_notice.h"

namespace hotline::bot {

struct ChatServices {
    // survey: the one `serve` runs (回访结果 closes it); none for a survey of default policy.
    explicit ChatServices(App& app, workflow::SurveyEngine* survey = nullptr);
    ChatServices(const ChatServices&) = delete;
    ChatServices& operator=(const ChatServices&) = delete;

    evidence::AttachmentStore attachments;
    documents::ReportVersions report_versions;
    documents::SupervisionDelivery supervision;
    commands::Executor executor;
};

}  // namespace hotline::bot
