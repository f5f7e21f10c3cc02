#pragma once
// A worker thread for `serve`: runs a pass, and when the pass found nothing to do, sleeps until
// poked or until the idle wait is over. Used by the inbox worker, the notifier and the reminders.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace hotline::bot {

// Bulk work (media downloads: hashing, fsync of large files) yields the CPU to the threads that
// acknowledge callbacks; on a 2-core county server it otherwise shows in the callback p99.
enum class LoopPriority { normal, background };

// Lowers the calling thread's scheduling priority (nice 10); a no-op where not permitted.
void lower_this_thread_priority();
// Names the calling thread for operators' tools (top -H, gdb); at most 15 bytes are kept.
void name_this_thread(const std::string& name);

class BackgroundLoop {
public:
    // `pass` returns how much it did; a name is for the log when a pass throws.
    BackgroundLoop(std::string name, std::function<std::size_t()> pass, std::chrono::milliseconds idle_wait,
                   LoopPriority priority = LoopPriority::normal)
        : name_(std::move(name)), pass_(std::move(pass)), idle_wait_(idle_wait), priority_(priority) {}
    ~BackgroundLoop() { stop(); }
    BackgroundLoop(const BackgroundLoop&) = delete;
    BackgroundLoop& operator=(const BackgroundLoop&) = delete;

    void start();
    void stop();
    void poke();
    // When the last pass finished without an error (Unix seconds; 0: none yet), for /metrics.
    std::int64_t last_pass_unix() const { return last_pass_unix_.load(); }

private:
    std::string name_;
    std::function<std::size_t()> pass_;
    std::chrono::milliseconds idle_wait_;
    LoopPriority priority_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool poked_ = false;
    bool stopping_ = false;
    std::atomic<std::int64_t> last_pass_unix_{0};
};

}  // namespace hotline::bot
