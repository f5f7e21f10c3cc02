#include "workflow/procedure/clock.h"

#include <fmt/format.h>

#include <cstdio>
#include <limits>

namespace hotline::workflow {

Instant SystemClock::now() const {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Instant MovableClock::now() const { return SystemClock{}.now() + offset(); }

Instant from_china_time(int year, unsigned month, unsigned day, int hour, int minute) {
    using namespace std::chrono;
    const sys_days date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
    return Instant{date} + hours{hour} + minutes{minute} - kChinaOffset;
}

std::string format_china_date(Instant t) {
    using namespace std::chrono;
    const year_month_day ymd{floor<days>(t + kChinaOffset)};
    return fmt::format("{}年{}月{}日", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

std::string format_china_time(Instant t) {
    using namespace std::chrono;
    const auto local = t + kChinaOffset;
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{local - day};
    return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count());
}

std::optional<Instant> parse_china_time(const std::string& text) {
    int y = 0, h = 0, m = 0;
    unsigned mo = 0, d = 0;
    char tail = 0;
    if (text.size() != 16 || std::sscanf(text.c_str(), "%4d-%2u-%2u %2d:%2d%c", &y, &mo, &d, &h, &m, &tail) != 5)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{y} / std::chrono::month{mo} / std::chrono::day{d}};
    if (!date.ok() || h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return from_china_time(y, mo, d, h, m);
}

std::string format_utc(Instant t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count());
}

std::chrono::sys_days china_date(Instant t) { return std::chrono::floor<std::chrono::days>(t + kChinaOffset); }

Instant china_midnight(std::chrono::sys_days date) { return Instant{date.time_since_epoch()} - kChinaOffset; }

std::chrono::minutes china_time_of_day(Instant t) {
    return std::chrono::duration_cast<std::chrono::minutes>(t - china_midnight(china_date(t)));
}

std::int64_t to_unix(Instant t) { return t.time_since_epoch().count(); }
Instant from_unix(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

Instant add_saturating(Instant t, std::chrono::seconds d) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(t.time_since_epoch().count(), d.count(), &out))
        out = d.count() > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return from_unix(out);
}

}  // namespace hotline::workflow
