#include "bot/service/systemd_notify.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <string>

namespace hotline::bot::service {

namespace {

void notify(const std::string& state) {
    if (const int rc = sd_notify(0, state.c_str()); rc < 0)
        spdlog::warn("systemd: notify \"{}\" failed: {}", state.substr(0, state.find('\n')), -rc);
}

}  // namespace

void notify_ready(std::string_view status) { notify(fmt::format("READY=1\nSTATUS={}", status)); }

void notify_reloading() { notify("RELOADING=1\nSTATUS=reloading the directory and the holiday files"); }

void notify_stopping() { notify("STOPPING=1\nSTATUS=stopping"); }

Watchdog::Watchdog(std::function<bool()> alive) {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    const auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(usec / 2));
    spdlog::info("systemd: watchdog every {} ms", interval.count());
    // A pass that throws is logged by the loop and, like a false answer, feeds nothing.
    loop_ = std::make_unique<BackgroundLoop>(
        "watchdog",
        [alive = std::move(alive)]() -> std::size_t {
            if (alive()) notify("WATCHDOG=1");
            else spdlog::error("systemd: the store did not answer; watchdog not fed (systemd restarts the service)");
            return 0;
        },
        interval);
    loop_->start();
}

}  // namespace hotline::bot::service
