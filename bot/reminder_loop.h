#pragma once
// Runs the reminder scheduler in the background for `serve`: a pass every interval; each pass
// handles what is due, so a late or restarted process catches up on its first pass.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "workflow/reminders.h"

namespace hotline::bot {

class ReminderLoop {
public:
    ReminderLoop(workflow::ReminderScheduler& scheduler, std::function<void()> after_pass,
                 std::chrono::seconds interval = std::chrono::seconds(30))
        : scheduler_(scheduler), after_pass_(std::move(after_pass)), interval_(interval) {}
    ~ReminderLoop() { stop(); }

    void start();
    void stop();

private:
    workflow::ReminderScheduler& scheduler_;
    std::function<void()> after_pass_;
    std::chrono::seconds interval_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace hotline::bot
