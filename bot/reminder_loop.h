#pragma once
// Runs the reminder scheduler in the background for `serve`: a pass every interval; each pass
// handles whatever is due, so a late or restarted process catches up on its first pass.
#include <chrono>
#include <functional>

#include "bot/background_loop.h"
#include "workflow/notify/reminders.h"

namespace hotline::bot {

class ReminderLoop {
public:
    ReminderLoop(workflow::ReminderScheduler& scheduler, std::function<void()> after_pass,
                 std::chrono::seconds interval = std::chrono::seconds(30));

    void start();
    void stop() { loop_.stop(); }
    void poke() { loop_.poke(); }  // a pass now (the sandbox moved its clock)
    std::int64_t last_pass_unix() const { return loop_.last_pass_unix(); }

private:
    std::size_t pass();

    workflow::ReminderScheduler& scheduler_;
    std::function<void()> after_pass_;
    BackgroundLoop loop_;
};

}  // namespace hotline::bot
