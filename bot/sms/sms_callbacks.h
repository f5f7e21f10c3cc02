#pragma once
// The SMS providers' pushes (read by adapters/sms/push): citizens' replies and delivery receipts.
// Each item is stored in the inbox first (number encrypted, keyed by what makes a retried push
// identical) and answered with the body the provider expects; the inbox worker applies it to the
// survey. A shared secret in the query
// (?key=…) keeps strangers out, because these providers do not sign their pushes.
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "adapters/crypto/citizen_data.h"
#include "adapters/sms/push.h"
#include "bot/inbox_payload.h"
#include "bot/http/router.h"
#include "bot/inbox_writer.h"
#include "bot/metrics.h"
#include "workflow/store/store.h"

namespace hotline::bot::sms {

class SmsCallbacks {
public:
    SmsCallbacks(std::string secret, const adapters::CitizenDataCipher& cipher, InboxWriter& inbox,
                 const workflow::Clock& clock, Metrics& metrics);

    // Each answers once the push's items are stored.
    void tencent_reply(const http::Request& r, http::Respond respond);
    void tencent_status(const http::Request& r, http::Respond respond);
    void aliyun_up(const http::Request& r, http::Respond respond);
    void aliyun_report(const http::Request& r, http::Respond respond);

private:
    using Provider = adapters::sms::PushProvider;
    struct Item {
        std::string dedup_key;
        std::string payload;
    };
    // The push's items for the inbox, or why the push is refused.
    using Items = std::variant<std::vector<Item>, std::string>;
    Items reply_items(Provider p, const std::string& body) const;
    Items receipt_items(Provider p, const std::string& body) const;
    // The number encrypted, hashed and masked: never stored or logged in the clear.
    inbox::CitizenNumber number_of(const std::string& phone) const;
    void handle(const http::Request& r, Provider p, const std::string& kind, http::Respond respond);
    http::Response answer(Provider p, int status, bool ok, const std::string& why) const;

    std::string secret_;
    const adapters::CitizenDataCipher& cipher_;
    InboxWriter& inbox_;
    const workflow::Clock& clock_;
    Metrics& metrics_;
};

}  // namespace hotline::bot::sms
