#include "bot/sandbox/sandbox_sms.h"

#include <cstdlib>

#include "adapters/crypto/citizen_data.h"
#include "workflow/survey/survey_messages.h"

namespace hotline::bot::sandbox {

adapters::sms::SmsResult SandboxSms::send(const adapters::sms::SmsRequest& r) {
    std::string text = r.template_key;
    for (const auto t : workflow::all_survey_texts())
        if (workflow::to_string(t) == r.template_key)
            text = workflow::render_sms(signature_, t, r.params.empty() ? 0 : std::strtoll(r.params.front().c_str(), nullptr, 10));
    std::lock_guard lock(mutex_);
    sent_.push_back({clock_.now(), adapters::mask_phone(r.phone), std::move(text)});
    return {adapters::sms::SmsResultKind::accepted, "", "", {}, "sandbox-" + r.reference};
}

std::vector<SentSms> SandboxSms::sent() const {
    std::lock_guard lock(mutex_);
    return {sent_.rbegin(), sent_.rend()};
}

}  // namespace hotline::bot::sandbox
