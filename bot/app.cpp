#include "bot/app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "bot/directory_import.h"
#include "bot/store/open_store.h"

namespace hotline::bot {

namespace {

void warn_about_missing_holiday_years(const App& app) {
    const int this_year = static_cast<int>(std::chrono::year_month_day{workflow::china_date(app.clock.now())}.year());
    for (int year : app.calendar.missing_years(this_year, this_year + 1))
        spdlog::warn("calendar: no holiday data for {} in {}; working days in {} count weekends only until {}.json "
                     "is added",
                     year, app.config.holidays_dir.string(), year, year);
}

}  // namespace

std::unique_ptr<App> open_app(const Config& config) {
    auto app = std::make_unique<App>();
    app->config = config;
    app->calendar = workflow::WorkCalendar::load_directory(config.holidays_dir);
    warn_about_missing_holiday_years(*app);
    app->store = open_store(config.store);
    app->deadlines = std::make_unique<workflow::Deadlines>(app->calendar, config.deadlines);
    app->engine = std::make_unique<workflow::Engine>(*app->store, app->clock, *app->deadlines, config.intake.keywords);
    if (!config.privacy_key.empty()) {
        app->cipher = adapters::CitizenDataCipher::from_base64(config.privacy_key);
        if (!app->cipher) throw std::runtime_error("privacy.key is not 32 bytes of base64");
    }
    return app;
}

std::function<std::string(const std::string& phone_enc)> phone_masker(const App& app) {
    return [&app](const std::string& enc) {
        const auto phone = app.cipher ? app.cipher->decrypt(enc) : std::nullopt;
        return phone ? adapters::mask_phone(*phone) : std::string("****");
    };
}

void sync_directory_file(App& app) {
    if (app.config.directory_file.empty()) return;
    auto parsed = read_directory_file(app.config.directory_file.string());
    if (!parsed.problems.empty()) {
        for (const auto& p : parsed.problems) spdlog::error("directory: {}: {}", app.config.directory_file.string(), p);
        throw std::runtime_error("the directory file has problems; the store's directory was left as it was");
    }
    SyncSummary summary;
    app.store->transact([&](workflow::StoreTx& tx) {
        summary = sync_directory(tx, parsed.directory, "system:directory_file", app.clock.now());
    });
    spdlog::info("directory: synced from {}: {}", app.config.directory_file.string(), summary.describe());
}

void reload_files(App& app) {
    try {
        app.calendar.replace_with(workflow::WorkCalendar::load_directory(app.config.holidays_dir));
        spdlog::info("calendar: holiday files in {} read again", app.config.holidays_dir.string());
        warn_about_missing_holiday_years(app);
    } catch (const std::exception& e) {
        spdlog::error("calendar: {}; the holiday data in use is kept", e.what());
    }
    try {
        sync_directory_file(app);
    } catch (const std::exception& e) {
        spdlog::error("directory: {}", e.what());
    }
}

}  // namespace hotline::bot
