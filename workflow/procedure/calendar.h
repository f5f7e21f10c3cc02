#pragma once
// The official working-day calendar: weekends off, State Council holidays off, make-up working
// days (调休) on. Data comes from the holiday-cn files, one per year.
#include <chrono>
#include <filesystem>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotline::workflow {

using Date = std::chrono::sys_days;

class CalendarError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Readers may run on any thread while `replace_with` swaps in newly read files (SIGHUP): each
// call works on one immutable day table.
class WorkCalendar {
public:
    WorkCalendar() : table_(std::make_shared<const Table>()) {}
    // Copies the data, not the warn-once bookkeeping (which holds a mutex).
    WorkCalendar(const WorkCalendar& o) : table_(o.table_.load()) {}
    WorkCalendar& operator=(const WorkCalendar& o) {
        table_.store(o.table_.load());
        return *this;
    }

    // Reads every YYYY.json in dir. A later year's file may override a December date of the
    // year before, so all files are merged into one day table. Throws CalendarError naming the
    // file and the reason when a file cannot be read or parsed.
    static WorkCalendar load_directory(const std::filesystem::path& dir);

    // Parses one holiday-cn document; `origin` names it in errors.
    void add_document(const std::string& json_text, const std::string& origin);
    void set_day(Date d, bool off_day);

    bool is_working_day(Date d) const;
    // The date of the n-th working day after `start` (start itself not counted), n >= 0.
    Date add_working_days(Date start, int n) const;
    bool has_data_for(int year) const { return table_.load()->years_with_data.contains(year); }
    std::vector<int> missing_years(int from, int to) const;
    // Takes the days of `fresh` (the holiday files read again); calls in progress finish on the
    // old table.
    void replace_with(const WorkCalendar& fresh);

private:
    struct Table {
        std::map<Date, bool> days;  // date -> is off day
        std::set<int> years_with_data;
    };
    void warn_missing_once(int year) const;
    bool is_working_day(const Table& t, Date d) const;

    std::atomic<std::shared_ptr<const Table>> table_;
    mutable std::mutex warned_mutex_;
    mutable std::set<int> warned_years_;
};

Date parse_iso_date(const std::string& s);  // "2026-10-01"; throws std::invalid_argument
std::string format_date(Date d);

}  // namespace hotline::workflow
