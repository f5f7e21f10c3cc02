// Bytes from outside as text: validation, replacement, and escaping for one log line; instants
// that cannot overflow.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "adapters/text/utf8.h"
#include "workflow/procedure/clock.h"

using namespace hotline;

TEST(Utf8, InvalidSequencesAreReplacedSoAJsonWriterNeverFails) {
    const std::string bad = "\xFF\xFE\xC3\x28\xE2\x82";
    EXPECT_FALSE(adapters::is_valid_utf8(bad));
    const auto clean = adapters::scrub_utf8(bad);
    EXPECT_TRUE(adapters::is_valid_utf8(clean));
    EXPECT_EQ(clean, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_NO_THROW(nlohmann::json(clean).dump());
    for (const std::string s : {"\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "签收\xE5\x8F"}) {  // surrogate, overlong, > U+10FFFF, cut
        EXPECT_FALSE(adapters::is_valid_utf8(s)) << s;
        EXPECT_NO_THROW(nlohmann::json(adapters::scrub_utf8(s)).dump()) << s;
    }
    EXPECT_EQ(adapters::scrub_utf8("签收 12，好的😀"), "签收 12，好的😀");
}

TEST(Utf8, ALogValueCannotEndTheLine) {
    EXPECT_EQ(adapters::escape_for_log("a\nb\rc\td"), "a\\nb\\rc\\td");
    EXPECT_EQ(adapters::escape_for_log("\x1b[31mred\x7f"), "\\x1b[31mred\\x7f");
    EXPECT_EQ(adapters::escape_for_log("x\u2028y\u0085z"), "x\\u2028y\\u0085z");
    EXPECT_EQ(adapters::escape_for_log("\xFF ok"), "\\xff ok");
    EXPECT_EQ(adapters::escape_for_log("工单#12 status=200"), "工单#12 status=200");
}

TEST(Instants, AdditionSaturatesInsteadOfWrapping) {
    using namespace std::chrono;
    const auto max = workflow::from_unix(std::numeric_limits<std::int64_t>::max());
    const auto min = workflow::from_unix(std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(workflow::add_saturating(max, hours(2)), max);
    EXPECT_EQ(workflow::add_saturating(min, -hours(2)), min);
    EXPECT_EQ(workflow::add_saturating(workflow::from_unix(100), seconds(20)), workflow::from_unix(120));
}
