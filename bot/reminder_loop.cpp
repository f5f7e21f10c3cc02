#include "bot/reminder_loop.h"

#include <spdlog/spdlog.h>

namespace hotline::bot {

void ReminderLoop::start() {
    scheduler_.arm_morning_digest();
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            try {
                const auto pass = scheduler_.run_once();
                if (pass.fired || pass.stale || pass.held)
                    spdlog::info("reminders: fired={} stale={} held={} messages={}", pass.fired, pass.stale, pass.held,
                                 pass.messages);
                if (pass.messages && after_pass_) after_pass_();
            } catch (const std::exception& e) {
                spdlog::error("reminders: pass failed: {}", e.what());
            }
            lock.lock();
            wake_.wait_for(lock, interval_, [this] { return stopping_; });
        }
    });
}

void ReminderLoop::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace hotline::bot
