#include "workflow/procedure/calendar.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <spdlog/spdlog.h>
#include <sstream>

namespace hotline::workflow {

using namespace std::chrono;

Date parse_iso_date(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        throw std::invalid_argument("not a YYYY-MM-DD date: " + s);
    const year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) throw std::invalid_argument("no such date: " + s);
    return sys_days{ymd};
}

std::string format_date(Date d) {
    const year_month_day ymd{d};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

WorkCalendar WorkCalendar::load_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw CalendarError(dir.string() + ": holiday directory does not exist or is not readable");
    std::vector<std::filesystem::path> files;
    static const std::regex year_file(R"(\d{4}\.json)");
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (std::regex_match(entry.path().filename().string(), year_file)) files.push_back(entry.path());
    }
    if (ec) throw CalendarError(dir.string() + ": " + ec.message());
    if (files.empty()) throw CalendarError(dir.string() + ": no YYYY.json holiday files found");
    std::sort(files.begin(), files.end());  // later years override earlier ones
    WorkCalendar cal;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw CalendarError(f.string() + ": cannot be read");
        std::stringstream ss;
        ss << in.rdbuf();
        cal.add_document(ss.str(), f.string());
    }
    return cal;
}

void WorkCalendar::add_document(const std::string& json_text, const std::string& origin) {
    nlohmann::json doc;
    auto table = std::make_shared<Table>(*table_.load());
    try {
        doc = nlohmann::json::parse(json_text);
        const int doc_year = doc.at("year").get<int>();
        const auto& days = doc.at("days");
        if (!days.is_array()) throw CalendarError(origin + ": \"days\" is not an array");
        for (const auto& d : days) {
            const Date date = parse_iso_date(d.at("date").get<std::string>());
            table->days[date] = d.at("isOffDay").get<bool>();
        }
        // A year counts as known only when its own file lists days; 2027.json is empty today.
        if (!days.empty()) table->years_with_data.insert(doc_year);
    } catch (const CalendarError&) {
        throw;
    } catch (const std::exception& e) {
        throw CalendarError(origin + ": " + e.what());
    }
    table_.store(std::move(table));
}

void WorkCalendar::set_day(Date d, bool off_day) {
    auto table = std::make_shared<Table>(*table_.load());
    table->days[d] = off_day;
    table_.store(std::move(table));
}

void WorkCalendar::replace_with(const WorkCalendar& fresh) {
    table_.store(fresh.table_.load());
    std::lock_guard lock(warned_mutex_);
    warned_years_.clear();  // a year still missing is worth one more warning
}

bool WorkCalendar::is_working_day(const Table& t, Date d) const {
    if (auto it = t.days.find(d); it != t.days.end()) return !it->second;
    const int y = static_cast<int>(year_month_day{d}.year());
    if (!t.years_with_data.contains(y)) warn_missing_once(y);
    const weekday wd{d};
    return wd != Saturday && wd != Sunday;
}

bool WorkCalendar::is_working_day(Date d) const { return is_working_day(*table_.load(), d); }

Date WorkCalendar::add_working_days(Date start, int n) const {
    const auto t = table_.load();  // one table for the whole count, even across a reload
    Date d = start;
    while (n > 0) {
        d += days{1};
        if (is_working_day(*t, d)) --n;
    }
    return d;
}

std::vector<int> WorkCalendar::missing_years(int from, int to) const {
    const auto t = table_.load();
    std::vector<int> out;
    for (int y = from; y <= to; ++y)
        if (!t->years_with_data.contains(y)) out.push_back(y);
    return out;
}

void WorkCalendar::warn_missing_once(int year) const {
    std::lock_guard lock(warned_mutex_);
    if (warned_years_.insert(year).second)
        spdlog::warn("calendar: no holiday data for {}, counting weekends only for that year", year);
}

}  // namespace hotline::workflow
