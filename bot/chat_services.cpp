#include "bot/chat_services.h"

#include <memory>
#include <optional>

#include "adapters/crypto/citizen_data.h"

namespace hotline::bot {

workflow::NoticePhoneMasker document_phone_masker(const Config& config) {
    auto cipher = std::make_shared<std::optional<adapters::CitizenDataCipher>>();
    if (!config.privacy_key.empty()) *cipher = adapters::CitizenDataCipher::from_base64(config.privacy_key);
    return [cipher](const std::string& enc) {
        const auto phone = *cipher ? (*cipher)->decrypt(enc) : std::nullopt;
        return phone ? adapters::mask_phone(*phone) : std::string("****");
    };
}

ChatServices::ChatServices(App& app, workflow::SurveyEngine* survey)
    : attachments(app.config.attachments.dir),
      report_versions(attachments),
      supervision(attachments, app.config.supervision.issuer, app.config.statistics, document_phone_masker(app.config)),
      executor(*app.engine, {.survey = survey,
                             .stats_policy = app.config.statistics,
                             .attachments = &attachments,
                             .report_versions = &report_versions,
                             .supervision = &supervision}) {}

}  // namespace hotline::bot
