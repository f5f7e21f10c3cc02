#pragma once
// GET /wecom/callback (URL check) and POST /wecom/callback (encrypted messages and card clicks).
// A POST is verified, decrypted, parsed and stored in the inbox under its dedup key, then
// answered; the workflow picks it up from the inbox afterwards. Nothing is sent from here.
#include <functional>
#include <variant>

#include "adapters/wecom/callback_crypto.h"
#include "bot/http/router.h"
#include "bot/inbox_writer.h"
#include "bot/metrics.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::bot::wecom {

class CallbackEndpoint {
public:
    CallbackEndpoint(const adapters::wecom::CallbackCrypto& crypto, InboxWriter& inbox,
                     const workflow::Clock& clock, Metrics& metrics)
        : crypto_(crypto), inbox_(inbox), clock_(clock), metrics_(metrics) {}

    http::Response verify_url(const http::Request& req);
    // Answers once the message is stored (on the inbox writer's thread when it runs).
    void receive(const http::Request& req, http::Respond respond);

private:
    http::Response refuse(int status, const char* outcome, const std::string& why);
    // The inbox entry a valid callback carries, or the refusal.
    struct Accepted {
        workflow::InboxEntry entry;
        InboxWriter::Nonce nonce;
    };
    std::variant<Accepted, http::Response> read(const http::Request& req);

    const adapters::wecom::CallbackCrypto& crypto_;
    InboxWriter& inbox_;
    const workflow::Clock& clock_;
    Metrics& metrics_;
};

}  // namespace hotline::bot::wecom
