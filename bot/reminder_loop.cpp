#include "bot/reminder_loop.h"

#include <spdlog/spdlog.h>

namespace hotline::bot {

ReminderLoop::ReminderLoop(workflow::ReminderScheduler& scheduler, std::function<void()> after_pass,
                           std::chrono::seconds interval)
    : scheduler_(scheduler), after_pass_(std::move(after_pass)), loop_("reminders", [this] { return pass(); }, interval) {}

void ReminderLoop::start() {
    scheduler_.arm_morning_digest();
    loop_.start();
}

std::size_t ReminderLoop::pass() {
    const auto p = scheduler_.run_once();
    if (p.fired || p.stale || p.held)
        spdlog::info("reminders: fired={} stale={} held={} messages={}", p.fired, p.stale, p.held, p.messages);
    if (p.messages && after_pass_) after_pass_();
    return static_cast<std::size_t>(p.fired + p.stale);  // held ones wait for their new time
}

}  // namespace hotline::bot
