#include "bot/background_loop.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <pthread.h>
#include <unistd.h>

namespace hotline::bot {

void lower_this_thread_priority() {
    // On Linux a nice value is per thread: PRIO_PROCESS with a thread id changes that thread only.
    if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10) != 0)
        spdlog::debug("background thread keeps its priority: setpriority refused");
}

void name_this_thread(const std::string& name) {
    // Shown by `top -H` and in core dumps; Linux keeps 15 bytes.
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

void BackgroundLoop::start() {
    thread_ = std::thread([this] {
        name_this_thread(name_);
        if (priority_ == LoopPriority::background) lower_this_thread_priority();
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            std::size_t done = 0;
            try {
                done = pass_();
                last_pass_unix_ = std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
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
