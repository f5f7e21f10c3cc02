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

Watchdog::Watchdog(std::function<bool()> alive) : alive_(std::move(alive)) {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    interval_ = std::chrono::microseconds(usec / 2);
    spdlog::info("systemd: watchdog every {} ms", interval_.count() / 1000);
    thread_ = std::thread([this] { run(); });
}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Watchdog::run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        lock.unlock();
        bool ok = false;
        try {
            ok = alive_();
        } catch (const std::exception& e) {
            spdlog::error("systemd: watchdog check failed: {}", e.what());
        }
        if (ok) notify("WATCHDOG=1");
        else spdlog::error("systemd: the store did not answer; watchdog not fed (systemd restarts the service)");
        lock.lock();
    }
}

}  // namespace hotline::bot::service
