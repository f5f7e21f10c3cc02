#pragma once
// Runs the scheduled reports in the background for `serve`: a look every minute.
#include <functional>

#include "bot/background_loop.h"
#include "workflow/statistics/report_schedule.h"

namespace hotline::bot {

class ReportLoop {
public:
    ReportLoop(workflow::ReportScheduler& scheduler, std::function<void()> after_send)
        : scheduler_(scheduler), after_send_(std::move(after_send)),
          loop_("reports", [this] { return pass(); }, std::chrono::seconds(60)) {}
    void start() { loop_.start(); }
    void stop() { loop_.stop(); }
    void poke() { loop_.poke(); }  // a pass now (the sandbox moved its clock)

private:
    std::size_t pass() {
        const int n = scheduler_.run_once();
        if (n && after_send_) after_send_();
        return 0;  // nothing more to do until the next minute
    }

    workflow::ReportScheduler& scheduler_;
    std::function<void()> after_send_;
    BackgroundLoop loop_;
};

}  // namespace hotline::bot
