#include "bot/app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "workflow/store/sqlite_store.h"

namespace hotline::bot {

std::unique_ptr<App> open_app(const Config& config) {
    auto app = std::make_unique<App>();
    app->config = config;
    app->calendar = workflow::WorkCalendar::load_directory(config.holidays_dir);
    const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(app->clock.now() +
                                                                                          workflow::kChinaOffset)};
    const int this_year = static_cast<int>(today.year());
    for (int year : app->calendar.missing_years(this_year, this_year + 1))
        spdlog::warn("calendar: no holiday data for {} in {}; working days in {} count weekends only until {}.json "
                     "is added",
                     year, config.holidays_dir.string(), year, year);
    std::filesystem::create_directories(config.store.path.parent_path());
    app->store = std::make_unique<workflow::SqliteStore>(config.store.path.string());
    app->deadlines = std::make_unique<workflow::Deadlines>(app->calendar, config.deadlines);
    app->engine = std::make_unique<workflow::Engine>(*app->store, app->clock, *app->deadlines);
    return app;
}

}  // namespace hotline::bot
