#pragma once
// The pieces every subcommand needs, built from one configuration: the store, the calendar,
// the deadline rules, the clock and the workflow engine.
#include <memory>

#include "bot/config/config.h"
#include "workflow/procedure/calendar.h"
#include "workflow/procedure/clock.h"
#include "workflow/procedure/deadlines.h"
#include "workflow/procedure/engine.h"
#include "workflow/store/store.h"

namespace hotline::bot {

struct App {
    Config config;
    workflow::SystemClock clock;
    workflow::WorkCalendar calendar;
    std::unique_ptr<workflow::Store> store;
    std::unique_ptr<workflow::Deadlines> deadlines;
    std::unique_ptr<workflow::Engine> engine;
};

// Opens (and migrates) the store and loads the calendar; warns about years without holiday data.
std::unique_ptr<App> open_app(const Config& config);

// Makes the store's directory match [directory] file, when one is configured. Throws, changing
// nothing, when the file has problems.
void sync_directory_file(App& app);

// Runs the service until SIGTERM or SIGINT. Returns the process exit code.
int serve(App& app);

}  // namespace hotline::bot
