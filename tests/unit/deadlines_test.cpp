#include <gtest/gtest.h>

#include "tests/support/test_env.h"
#include "workflow/procedure/deadlines.h"

using namespace hotline::workflow;
using namespace std::chrono_literals;
using hotline::testing::official_calendar;

TEST(Deadlines, NaturalDaysByCategoryAndTheReportDue48HoursEarlier) {
    const Deadlines dl(official_calendar(), DeadlinePolicy{});
    const Instant dispatched = from_china_time(2026, 11, 2, 9, 30);
    EXPECT_EQ(dl.feedback_deadline(Category::consult, dispatched), from_china_time(2026, 11, 5, 9, 30));
    EXPECT_EQ(dl.feedback_deadline(Category::complaint, dispatched), from_china_time(2026, 11, 7, 9, 30));
    EXPECT_EQ(dl.feedback_deadline(Category::complex, dispatched), from_china_time(2026, 11, 9, 9, 30));
    EXPECT_EQ(dl.report_deadline(from_china_time(2026, 11, 7, 9, 30)), from_china_time(2026, 11, 5, 9, 30));
    EXPECT_EQ(dl.return_window_end(dispatched), from_china_time(2026, 11, 2, 15, 30));
}

TEST(Deadlines, AFiveDayComplaintOnWorkingDaysLandsAfterNationalDay) {
    DeadlinePolicy policy;
    policy.categories[Category::complaint] = {5, true};
    const Deadlines dl(official_calendar(), policy);
    const Instant dispatched = from_china_time(2026, 9, 30, 10, 0);
    // Oct 1-7 off; 8, 9, 10 (make-up Saturday), 12, 13.
    EXPECT_EQ(dl.feedback_deadline(Category::complaint, dispatched), from_china_time(2026, 10, 13, 10, 0));
    EXPECT_EQ(format_china_time(dl.feedback_deadline(Category::complaint, dispatched)), "2026-10-13 10:00");
}

TEST(Deadlines, WorkingDaysKeepTheChinaTimeOfDayAcrossTheUtcDateLine) {
    DeadlinePolicy policy;
    policy.categories[Category::consult] = {3, true};
    const Deadlines dl(official_calendar(), policy);
    // 07:30 CST on Friday is 23:30 UTC on Thursday: counting must use the China date.
    const Instant dispatched = from_china_time(2026, 11, 6, 7, 30);
    EXPECT_EQ(dl.feedback_deadline(Category::consult, dispatched), from_china_time(2026, 11, 11, 7, 30));
}

TEST(Deadlines, ExtensionsCountWorkingDaysFromTheCurrentDeadline) {
    const Deadlines dl(official_calendar(), DeadlinePolicy{});
    EXPECT_EQ(dl.add_working_days(from_china_time(2026, 9, 30, 10, 0), 3), from_china_time(2026, 10, 10, 10, 0));
    EXPECT_EQ(dl.add_working_days(from_china_time(2026, 11, 6, 17, 0), 2), from_china_time(2026, 11, 10, 17, 0));
}

TEST(Deadlines, UnknownCategoryHasNoDeadline) {
    const Deadlines dl(official_calendar(), DeadlinePolicy{});
    EXPECT_THROW(dl.feedback_deadline(Category::unknown, from_china_time(2026, 1, 5)), std::invalid_argument);
}

TEST(Clock, ChinaTimeFormattingAndConversion) {
    const Instant t = from_china_time(2026, 1, 1, 0, 30);
    EXPECT_EQ(format_utc(t), "2025-12-31T16:30:00Z");
    EXPECT_EQ(format_china_time(t), "2026-01-01 00:30");
    FakeClock clock(t);
    clock.advance(90min);
    EXPECT_EQ(format_china_time(clock.now()), "2026-01-01 02:00");
}

TEST(Clock, ChinaTimeReadsBackWhatItWrites) {
    EXPECT_EQ(parse_china_time("2026-01-01 00:30"), from_china_time(2026, 1, 1, 0, 30));
    EXPECT_EQ(format_china_time(*parse_china_time("2026-12-07 20:05")), "2026-12-07 20:05");
    for (const char* bad : {"2026-02-30 10:00", "2026-12-07 24:00", "2026-12-07 10:60", "2026-12-07", "2026-12-07 10:00x",
                            "2026-12-07T10:00", "明天 09:00", ""})
        EXPECT_FALSE(parse_china_time(bad)) << bad;
}
