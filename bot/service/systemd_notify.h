#pragma once
// Tells systemd (Type=notify) what the service is doing: ready, reloading, stopping, and alive
// (the watchdog). Without a service manager (NOTIFY_SOCKET unset) every call does nothing.
#include <functional>
#include <memory>
#include <string_view>

#include "bot/background_loop.h"

namespace hotline::bot::service {

void notify_ready(std::string_view status);
void notify_reloading();
void notify_stopping();

// Sends WATCHDOG=1 at half the interval systemd asks for (WatchdogSec=), but only while `alive`
// answers true: a service whose store no longer answers is restarted, not kept pinging. Without
// a watchdog set, it starts no thread.
class Watchdog {
public:
    explicit Watchdog(std::function<bool()> alive);

private:
    std::unique_ptr<BackgroundLoop> loop_;
};

}  // namespace hotline::bot::service
