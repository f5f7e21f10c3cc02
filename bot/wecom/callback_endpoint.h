#pragma once
// GET /wecom/callback (URL check) and POST /wecom/callback (encrypted messages and card clicks).
// A POST is verified, decrypted, parsed and stored in the inbox under its dedup key, then
// answered; the workflow picks it up from the inbox afterwards. Nothing is sent from here.
#include <functional>

#include "adapters/wecom/callback_crypto.h"
#include "bot/http/http_types.h"
#include "bot/metrics.h"
#include "bot/wecom/replay_guard.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::bot::wecom {

class CallbackEndpoint {
public:
    CallbackEndpoint(const adapters::wecom::CallbackCrypto& crypto, workflow::Store& store,
                     const workflow::Clock& clock, Metrics& metrics)
        : crypto_(crypto), store_(store), clock_(clock), metrics_(metrics) {}

    http::Response verify_url(const http::Request& req);
    http::Response receive(const http::Request& req);
    // Called after a new entry is stored (to wake the inbox worker).
    void on_stored(std::function<void()> f) { on_stored_ = std::move(f); }

private:
    http::Response refuse(int status, const char* outcome, const std::string& why);

    const adapters::wecom::CallbackCrypto& crypto_;
    workflow::Store& store_;
    const workflow::Clock& clock_;
    Metrics& metrics_;
    ReplayGuard replay_;
    std::function<void()> on_stored_;
};

}  // namespace hotline::bot::wecom
