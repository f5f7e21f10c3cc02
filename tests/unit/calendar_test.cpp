#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "tests/support/test_env.h"
#include "workflow/procedure/calendar.h"

using namespace hotline::workflow;
using hotline::testing::official_calendar;
using hotline::testing::TempDir;

namespace {
Date d(const char* s) { return parse_iso_date(s); }
}  // namespace

TEST(Calendar, NationalDay2026IsOffAndTheMakeUpSaturdayIsAWorkingDay) {
    const auto& cal = official_calendar();
    EXPECT_TRUE(cal.is_working_day(d("2026-09-30")));
    for (const char* off : {"2026-10-01", "2026-10-04", "2026-10-07"}) EXPECT_FALSE(cal.is_working_day(d(off))) << off;
    EXPECT_TRUE(cal.is_working_day(d("2026-10-10")));   // Saturday, 调休 working day
    EXPECT_FALSE(cal.is_working_day(d("2026-10-11")));  // ordinary Sunday
    EXPECT_TRUE(cal.is_working_day(d("2026-09-20")));   // Sunday, 调休 working day
}

TEST(Calendar, OrdinaryWeekendsAndWeekdays) {
    const auto& cal = official_calendar();
    EXPECT_TRUE(cal.is_working_day(d("2026-11-02")));   // Monday
    EXPECT_FALSE(cal.is_working_day(d("2026-11-07")));  // Saturday
    EXPECT_FALSE(cal.is_working_day(d("2026-11-08")));  // Sunday
}

TEST(Calendar, ADecemberDateIsTakenFromTheNextYearsFile) {
    // 2022.json has nothing for 2022-12-31; 2023.json lists it as 元旦 off.
    EXPECT_FALSE(official_calendar().is_working_day(d("2022-12-31")));

    WorkCalendar cal;
    cal.add_document(R"({"year":2030,"papers":[],"days":[{"name":"x","date":"2030-12-30","isOffDay":false}]})", "2030");
    cal.add_document(R"({"year":2031,"papers":[],"days":[{"name":"元旦","date":"2030-12-30","isOffDay":true}]})",
                     "2031");
    EXPECT_FALSE(cal.is_working_day(d("2030-12-30")));  // a Monday, moved off by 2031's file
}

TEST(Calendar, AYearWithoutDataIsReportedAndFallsBackToWeekends) {
    const auto& cal = official_calendar();
    EXPECT_TRUE(cal.has_data_for(2026));
    EXPECT_FALSE(cal.has_data_for(2027));  // 2027.json is empty today
    EXPECT_EQ(cal.missing_years(2025, 2028), (std::vector<int>{2027, 2028}));
    EXPECT_TRUE(cal.is_working_day(d("2027-01-01")));   // a Friday: no holiday known
    EXPECT_FALSE(cal.is_working_day(d("2027-01-02")));  // Saturday
}

TEST(Calendar, AddWorkingDaysSkipsHolidaysAndCountsMakeUpDays) {
    const auto& cal = official_calendar();
    // 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up), 10-12 Mon, 10-13 Tue
    EXPECT_EQ(cal.add_working_days(d("2026-09-30"), 5), d("2026-10-13"));
    EXPECT_EQ(cal.add_working_days(d("2026-09-30"), 0), d("2026-09-30"));
    EXPECT_EQ(cal.add_working_days(d("2026-11-06"), 1), d("2026-11-09"));  // Friday -> Monday
}

TEST(Calendar, UnreadableOrBrokenDataIsRefusedWithTheFileName) {
    EXPECT_THROW(WorkCalendar::load_directory("/nonexistent/holidays"), CalendarError);
    TempDir dir;
    EXPECT_THROW(WorkCalendar::load_directory(dir.path()), CalendarError);  // no files
    std::ofstream(dir / "2026.json") << "{ not json";
    try {
        WorkCalendar::load_directory(dir.path());
        FAIL() << "expected CalendarError";
    } catch (const CalendarError& e) {
        EXPECT_NE(std::string(e.what()).find("2026.json"), std::string::npos) << e.what();
    }
    std::ofstream(dir / "2026.json") << R"({"year":2026,"papers":[],"days":[{"name":"x","date":"2026-02-30","isOffDay":true}]})";
    EXPECT_THROW(WorkCalendar::load_directory(dir.path()), CalendarError);
}

TEST(Calendar, ReplacingTheDataWhileOthersReadGivesEachReaderOneWholeTable) {
    WorkCalendar cal = official_calendar();
    WorkCalendar with_2027 = official_calendar();
    with_2027.add_document(R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})",
                           "2027.json");
    EXPECT_FALSE(cal.has_data_for(2027));
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        while (!stop) {
            // 2026-12-31 (Thursday) + 1 working day: 2027-01-01 with the old table, 2027-01-04 with the new.
            const auto next = cal.add_working_days(d("2026-12-31"), 1);
            EXPECT_TRUE(next == d("2027-01-01") || next == d("2027-01-04")) << format_date(next);
        }
    });
    cal.replace_with(with_2027);
    stop = true;
    reader.join();
    EXPECT_TRUE(cal.has_data_for(2027));
    EXPECT_FALSE(cal.is_working_day(d("2027-01-01")));
    EXPECT_EQ(cal.add_working_days(d("2026-12-31"), 1), d("2027-01-04"));
}
