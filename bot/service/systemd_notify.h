#pragma once
// Tells systemd (Type=notify) what the service is doing: ready, reloading, stopping, and alive
// (the watchdog). Without a service manager (NOTIFY_SOCKET unset) every call does nothing.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

namespace hotline::bot::service {

void notify_ready(std::string_view status);
void notify_reloading();
void notify_stopping();

// Sends WATCHDOG=1 at half the interval systemd asks for (WatchdogSec=), but only while `alive`
// answers true: a service whose store no longer answers is restarted, not kept pinging.
class Watchdog {
public:
    explicit Watchdog(std::function<bool()> alive);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    bool enabled() const { return interval_.count() > 0; }

private:
    void run();

    std::function<bool()> alive_;
    std::chrono::microseconds interval_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace hotline::bot::service
