#include "bot/sms/survey_loop.h"

#include <spdlog/spdlog.h>

namespace hotline::bot {

SurveyLoop::SurveyLoop(workflow::Store& store, workflow::SurveyEngine& survey, std::function<void()> after_pass,
                       std::chrono::seconds interval)
    : store_(store), survey_(survey), after_pass_(std::move(after_pass)),
      loop_("survey", [this] { return run_once(); }, interval) {}

std::size_t SurveyLoop::run_once() {
    std::size_t n = 0;
    store_.transact([&](workflow::StoreTx& tx) { n = survey_.run_due_in(tx); });
    if (n) {
        spdlog::info("survey: {} step(s) ran", n);
        if (after_pass_) after_pass_();
    }
    return n;
}

}  // namespace hotline::bot
