#pragma once
// What `hotline-bot sandbox` adds to the service `serve` runs: a channel in place of WeCom that
// keeps what each person was sent, the workbench without WeCom sign-in, and its own routes, given
// the running parts. `serve` itself runs with none of it.
#include <functional>

namespace hotline::adapters::sms {
class SmsProvider;
}

namespace hotline::bot {

class Channel;
namespace http {
class Router;
}
namespace web {
struct WebContext;
}

struct RunningParts {
    http::Router& router;
    web::WebContext* workbench;            // none when [web] is off
    std::function<void()> wake_schedulers;  // reminders, reports and the notifier take a pass now
    std::function<void()> poke_inbox;       // an inbox entry was stored
};

struct ServiceHooks {
    Channel* person_channel = nullptr;   // none: WeCom when enabled, else the console
    adapters::sms::SmsProvider* sms_provider = nullptr;  // none: the one [sms] provider names
    bool workbench_without_wecom = false;  // people reach the workbench another way (the sandbox)
    std::function<void(RunningParts&)> add_routes;
};

}  // namespace hotline::bot
