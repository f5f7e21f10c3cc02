#pragma once
// Runs the survey's due steps (ask, remind, expire) in the background for `serve`.
#include <functional>

#include "bot/background_loop.h"
#include "workflow/survey/survey.h"

namespace hotline::bot {

class SurveyLoop {
public:
    SurveyLoop(workflow::Store& store, workflow::SurveyEngine& survey, std::function<void()> after_pass,
               std::chrono::seconds interval = std::chrono::seconds(30));
    std::size_t run_once();
    void start() { loop_.start(); }
    void stop() { loop_.stop(); }
    void poke() { loop_.poke(); }

private:
    workflow::Store& store_;
    workflow::SurveyEngine& survey_;
    std::function<void()> after_pass_;
    BackgroundLoop loop_;
};

}  // namespace hotline::bot
