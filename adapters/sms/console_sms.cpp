#include "adapters/sms/console_sms.h"

#include <spdlog/spdlog.h>

#include "adapters/crypto/citizen_data.h"

namespace hotline::adapters::sms {

SmsResult ConsoleSms::send(const SmsRequest& r) {
    const long long n = ++sent_;
    spdlog::info("sms(console): would send template {} to {} (ref {})", r.template_key, mask_phone(r.phone), r.reference);
    return SmsResult{SmsResultKind::accepted, "console", {}, {}, "console-" + std::to_string(n)};
}

}  // namespace hotline::adapters::sms
