#pragma once
// The composition root: what every subcommand that acts is built on, made once from the
// configuration (the store, the calendar, the deadline rules, the clock, the workflow engine and
// the citizens' data key). `serve`, `say` and the CLI commands all start here.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "adapters/crypto/citizen_data.h"

#include "bot/config/config.h"
#include "bot/service_hooks.h"
#include "workflow/procedure/calendar.h"
#include "workflow/procedure/clock.h"
#include "workflow/procedure/deadlines.h"
#include "workflow/procedure/engine.h"
#include "workflow/store/store.h"

namespace hotline::bot {

struct App {
    Config config;
    workflow::MovableClock clock;  // the system clock; only the sandbox moves it
    workflow::WorkCalendar calendar;
    std::unique_ptr<workflow::Store> store;
    std::unique_ptr<workflow::Deadlines> deadlines;
    std::unique_ptr<workflow::Engine> engine;
    std::optional<adapters::CitizenDataCipher> cipher;  // none when [privacy] has no key
};

// Opens (and migrates) the store and loads the calendar; warns about years without holiday data.
// Throws when the privacy key is not 32 bytes of base64.
std::unique_ptr<App> open_app(const Config& config);

// A citizen's stored (encrypted) number as people may read it: 138****5678, or **** when there is
// no key or it does not open. The App must outlive the function.
std::function<std::string(const std::string& phone_enc)> phone_masker(const App& app);

// Makes the store's directory match [directory] file, when one is configured. Throws, changing
// nothing, when the file has problems.
void sync_directory_file(App& app);

// SIGHUP: reads the holiday files and the directory file again. A file with problems is reported
// and the one in use kept, so a typo never stops the service.
void reload_files(App& app);

// Runs the service until SIGTERM or SIGINT. Returns the process exit code.
int serve(App& app, const ServiceHooks& hooks = {});

}  // namespace hotline::bot
