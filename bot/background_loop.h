#pragma once
// A worker thread for `serve`: runs a pass, and when the pass found nothing to do, sleeps until
// poked or until the idle wait is over. Used by the inbox worker, the notifier and the reminders.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace hotline::bot {

class BackgroundLoop {
public:
    // `pass` returns how much it did; a name is for the log when a pass throws.
    BackgroundLoop(std::string name, std::function<std::size_t()> pass, std::chrono::milliseconds idle_wait)
        : name_(std::move(name)), pass_(std::move(pass)), idle_wait_(idle_wait) {}
    ~BackgroundLoop() { stop(); }
    BackgroundLoop(const BackgroundLoop&) = delete;
    BackgroundLoop& operator=(const BackgroundLoop&) = delete;

    void start();
    void stop();
    void poke();

private:
    std::string name_;
    std::function<std::size_t()> pass_;
    std::chrono::milliseconds idle_wait_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool poked_ = false;
    bool stopping_ = false;
};

}  // namespace hotline::bot
