#pragma once
// Time is injected everywhere: the domain never calls the system clock directly, so deadline
// tests advance a FakeClock instead of sleeping.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hotline::workflow {

// An instant in UTC, whole seconds since the Unix epoch.
using Instant = std::chrono::sys_seconds;

constexpr std::chrono::hours kChinaOffset{8};  // China Standard Time, no DST

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
public:
    Instant now() const override;
};

// The system clock moved forward by what the training sandbox's "+1 天" added; nothing moves it in
// `serve`, where it is the system clock.
class MovableClock final : public Clock {
public:
    Instant now() const override;
    void advance(std::chrono::seconds d) { offset_ += d.count(); }
    std::chrono::seconds offset() const { return std::chrono::seconds{offset_.load()}; }

private:
    std::atomic<std::int64_t> offset_{0};
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(Instant start) : now_(start.time_since_epoch().count()) {}
    Instant now() const override { return Instant{std::chrono::seconds{now_.load()}}; }
    void set(Instant t) { now_ = t.time_since_epoch().count(); }
    void advance(std::chrono::seconds d) { now_ += d.count(); }

private:
    std::atomic<std::int64_t> now_;
};

// "2026-09-30 10:00" in China Standard Time.
Instant from_china_time(int year, unsigned month, unsigned day, int hour = 0, int minute = 0);
// Formats an instant in China Standard Time as "2026-10-13 10:00".
std::string format_china_time(Instant t);
// Reads what format_china_time writes; nothing for anything else (a date that does not exist too).
std::optional<Instant> parse_china_time(const std::string& text);
// "2026年12月1日", as documents date themselves.
std::string format_china_date(Instant t);
// ISO 8601 UTC, e.g. "2026-10-13T02:00:00Z", for logs and machine-readable output.
std::string format_utc(Instant t);
std::int64_t to_unix(Instant t);
// The calendar date in China of an instant, the instant a China date begins, and the China
// time of day: the three conversions every "daytime", "per day" and "per week" rule needs.
std::chrono::sys_days china_date(Instant t);
Instant china_midnight(std::chrono::sys_days date);
std::chrono::minutes china_time_of_day(Instant t);
Instant from_unix(std::int64_t s);
// t + d, held at the ends of the representable range instead of overflowing: a time that came
// from outside can never wrap a timer around to the past.
Instant add_saturating(Instant t, std::chrono::seconds d);

}  // namespace hotline::workflow
