#pragma once
// What the workbench's pages share: the store, the clock, WeCom (to learn who signed in), the chat
// executor (every decision on a page is the chat command, under the chat's rules) and [web].
#include <functional>
#include <string>

#include "adapters/wecom/api_client.h"
#include "bot/commands/executor.h"
#include "bot/config/config.h"
#include "bot/evidence/attachment_store.h"
#include "bot/web/rate_limit.h"
#include "workflow/procedure/clock.h"
#include "workflow/statistics/statistics.h"
#include "workflow/store/store.h"

namespace hotline::bot::web {

struct WebContext {
    workflow::Store& store;
    workflow::Clock& clock;
    adapters::wecom::WecomApi* api;  // none: no sign-in through WeCom (the sandbox signs people in)
    commands::Executor& executor;
    WebConfig config;
    std::string corp_id;
    std::string agent_id;
    std::function<void()> after_commit;  // a decision wrote notices: wake the notifier
    SessionRateLimit* rate_limit;        // none: no limit
    workflow::StatsPolicy stats_policy;  // [statistics]: the weights of the 三率 page
    const evidence::AttachmentStore* attachments = nullptr;  // none: uploads refused, files not shown
    std::int64_t max_upload_bytes = 20 * 1024 * 1024;         // [attachments] max_mb
    std::string local_sign_in;  // without WeCom: the page that signs people in (the sandbox's)

    // Cookies go out Secure unless the bot is reached over plain http on a loopback address.
    bool secure_cookies() const { return config.public_url.rfind("https://", 0) == 0; }
};

}  // namespace hotline::bot::web
