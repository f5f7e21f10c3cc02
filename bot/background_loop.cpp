#include "bot/background_loop.h"

#include <spdlog/spdlog.h>

namespace hotline::bot {

void BackgroundLoop::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            std::size_t done = 0;
            try {
                done = pass_();
            } catch (const std::exception& e) {
                spdlog::error("{}: pass failed: {}", name_, e.what());
            }
            lock.lock();
            if (done == 0 && !poked_) wake_.wait_for(lock, idle_wait_, [this] { return stopping_ || poked_; });
            poked_ = false;
        }
    });
}

void BackgroundLoop::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BackgroundLoop::poke() {
    {
        std::lock_guard lock(mutex_);
        poked_ = true;
    }
    wake_.notify_all();
}

}  // namespace hotline::bot
