#include "bot/intake/intake_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

#include "adapters/text/utf8.h"
#include "bot/commands/normalize.h"

namespace hotline::bot::intake {

namespace {

using nlohmann::json;

// A fixed-width run of digits at s[pos..pos+n), or nullopt (no sign, no space, nothing else).
std::optional<int> digits_at(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// "2026-11-02T09:00:00+08:00", "…Z", or unix seconds.
std::optional<workflow::Instant> parse_time(const json& v) {
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return workflow::from_unix(v.get<std::int64_t>());
    }
    if (!v.is_string()) return std::nullopt;
    const std::string_view s = v.get_ref<const std::string&>();
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
    const auto y = digits_at(s, 0, 4), mo = digits_at(s, 5, 2), d = digits_at(s, 8, 2), h = digits_at(s, 11, 2),
               mi = digits_at(s, 14, 2), se = digits_at(s, 17, 2);
    if (!y || !mo || !d || !h || !mi || !se) return std::nullopt;
    const auto zone = s.substr(19);
    int offset_minutes = 0;
    if (zone != "Z") {
        const auto zh = digits_at(zone, 1, 2), zm = digits_at(zone, 4, 2);
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !zh || !zm || *zh > 14 || *zm > 59)
            return std::nullopt;
        offset_minutes = (*zh * 60 + *zm) * (zone[0] == '-' ? -1 : 1);
    }
    using namespace std::chrono;
    const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!ymd.ok() || *h > 23 || *mi > 59 || *se > 60) return std::nullopt;
    return workflow::Instant{sys_days{ymd}} + hours{*h} + minutes{*mi} + seconds{*se} - minutes{offset_minutes};
}

// Keeps only letters and digits: the two lines format the same text differently.
std::string content_key(const std::string& content) {
    const auto n = commands::normalize(content);
    std::string out;
    for (std::size_t i = 0; i < n.size(); ++i) {
        const auto c = static_cast<unsigned char>(n[i]);
        if (c < 0x80) {
            if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
            continue;
        }
        const std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        const std::string ch = n.substr(i, len);
        i += len - 1;
        // CJK punctuation (U+3000..U+303F) and full-width forms are not content.
        if (ch.size() == 3 && static_cast<unsigned char>(ch[0]) == 0xE3 && static_cast<unsigned char>(ch[1]) == 0x80)
            continue;
        out += ch;
    }
    return out;
}

}  // namespace

ParsedIntake parse_intake_json(const std::string& body, workflow::Instant now) {
    using L = IntakeLimits;
    ParsedIntake p;
    const auto j = json::parse(body, nullptr, false);
    auto fail = [&](const char* field, std::string why) {
        p.field = field;
        p.error = std::move(why);
        return p;
    };
    if (!j.is_object()) return fail("", "the body is not a JSON object");
    static const std::set<std::string> known{"source", "source_id", "title", "content", "category", "citizen_name",
                                             "citizen_phone", "received_at", "location", "attachments",
                                             "other_source_id"};
    for (const auto& [k, v] : j.items())
        if (!known.contains(k)) return fail(k.c_str(), "unknown field");
    // One-line fields hold no control characters; only the content may break lines.
    auto text = [&](const char* field, bool required, std::size_t max, std::string& out, bool multiline = false) -> bool {
        if (!j.contains(field)) {
            if (required) fail(field, "required");
            return !required;
        }
        if (!j[field].is_string()) return fail(field, "must be a string"), false;
        out = j[field].get<std::string>();
        if (required && out.empty()) return fail(field, "must not be empty"), false;
        if (out.size() > max) return fail(field, fmt::format("longer than {} bytes", max)), false;
        if (adapters::has_control_characters(out, multiline)) return fail(field, "must not contain control characters"), false;
        return true;
    };
    auto id = [&](const char* field, bool required, std::string& out) -> bool {
        if (!text(field, required, L::id_bytes, out)) return false;
        if (!out.empty() && (out.front() == ' ' || out.back() == ' '))
            return fail(field, "must not begin or end with a space"), false;
        return true;
    };
    auto& t = p.message.ticket;
    if (!text("source", true, 32, t.source)) return p;
    if (t.source != "renmin" && t.source != "hotline12345") return fail("source", "must be renmin or hotline12345");
    if (!id("source_id", true, t.source_id) || !text("title", true, L::title_bytes, t.title) ||
        !text("content", true, L::content_bytes, t.content, /*multiline=*/true) ||
        !text("citizen_phone", true, 32, p.citizen_phone) || !text("citizen_name", false, L::name_bytes, p.citizen_name) ||
        !text("location", false, L::location_bytes, t.location) || !id("other_source_id", false, p.message.other_source_id))
        return p;
    const auto digits = adapters::phone_digits(p.citizen_phone);
    if (digits.size() < 7 || digits.size() > 15) return fail("citizen_phone", "must hold 7 to 15 digits");
    if (!j.contains("received_at")) return fail("received_at", "required");
    const auto received = parse_time(j["received_at"]);
    if (!received) return fail("received_at", "must be unix seconds or ISO 8601 with a zone, e.g. 2026-11-02T09:00:00+08:00");
    // A time far outside the present would put deadlines and claim timers out of any range.
    if (*received < workflow::from_unix(kEarliestReceivedAt) || *received > now + L::max_future)
        return fail("received_at", "must lie between 2000-01-01 and one day from now");
    t.received_at = *received;
    if (j.contains("category")) {
        std::string c;
        if (!text("category", false, 32, c)) return p;
        const auto cat = workflow::parse_category(c);
        if (!cat || *cat == workflow::Category::unknown) return fail("category", "must be consult, complaint or complex");
        t.category = *cat;
    }
    if (j.contains("attachments")) {
        const auto& a = j["attachments"];
        if (!a.is_array()) return fail("attachments", "must be an array of URLs");
        if (a.size() > L::attachments) return fail("attachments", fmt::format("more than {} URLs", L::attachments));
        for (const auto& u : a) {
            if (!u.is_string() || (u.get<std::string>().rfind("https://", 0) != 0 && u.get<std::string>().rfind("http://", 0) != 0))
                return fail("attachments", "must be an array of http(s) URLs");
            const auto& url = u.get_ref<const std::string&>();
            if (url.size() > L::url_bytes) return fail("attachments", fmt::format("a URL is longer than {} bytes", L::url_bytes));
            if (adapters::has_control_characters(url, false) || url.find(' ') != std::string::npos)
                return fail("attachments", "a URL must not contain spaces or control characters");
        }
        t.attachments = a.dump();
    }
    t.content_key = content_key(t.content);
    return p;
}

void protect_citizen_data(ParsedIntake& parsed, const adapters::CitizenDataCipher& cipher) {
    auto& t = parsed.message.ticket;
    t.citizen_phone_enc = cipher.encrypt(adapters::phone_digits(parsed.citizen_phone));
    t.phone_hash = cipher.phone_hash(parsed.citizen_phone);
    if (!parsed.citizen_name.empty()) t.citizen_name_enc = cipher.encrypt(parsed.citizen_name);
}

}  // namespace hotline::bot::intake
