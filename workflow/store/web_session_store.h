#pragma once
// Signed-in sessions of the workbench (the web pages inside WeCom). Kept in the store, not in one
// process, so any instance behind the load balancer knows them. Only a digest of the session id
// is stored: a copy of the database does not sign anyone in.
#include <optional>
#include <string>

#include "workflow/procedure/clock.h"

namespace hotline::workflow {

struct WebSession {
    std::string id_digest;  // SHA-256 of the cookie's random id, hex
    std::string userid;     // the WeCom member signed in
    std::string csrf;       // the token every form of this session posts back
    Instant created_at{};
    Instant expires_at{};
};

class WebSessionStore {
public:
    virtual ~WebSessionStore() = default;

    virtual void create(const WebSession& s) = 0;
    // The session when it exists and has not expired at `now`.
    virtual std::optional<WebSession> find(const std::string& id_digest, Instant now) = 0;
    virtual void end(const std::string& id_digest) = 0;
    virtual void forget_expired(Instant now) = 0;
};

}  // namespace hotline::workflow
