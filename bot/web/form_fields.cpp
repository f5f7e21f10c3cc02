#include "bot/web/form_fields.h"

#include <charconv>

#include "adapters/text/utf8.h"
#include "bot/http/query.h"

namespace hotline::bot::web {

Fields fields_of(std::string_view encoded) {
    auto fields = http::parse_query(encoded, true).value_or(Fields{});
    // Browsers send a UTF-8 page's forms in UTF-8; anything else is not a form of ours (and the
    // store and the JSON of drafts take only UTF-8).
    for (const auto& [name, value] : fields)
        if (!adapters::is_valid_utf8(name) || !adapters::is_valid_utf8(value)) return {};
    return fields;
}

std::optional<std::int64_t> ticket_id_of(const Fields& fields) {
    const auto it = fields.find("id");
    if (it == fields.end()) return std::nullopt;
    std::int64_t id = 0;
    const auto* end = it->second.data() + it->second.size();
    const auto [ptr, ec] = std::from_chars(it->second.data(), end, id);
    if (ec != std::errc{} || ptr != end || id <= 0) return std::nullopt;
    return id;
}

}  // namespace hotline::bot::web
