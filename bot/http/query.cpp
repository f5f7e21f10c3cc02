#include "bot/http/query.h"

#include "adapters/crypto/encoding.h"

namespace hotline::bot::http {

std::optional<std::map<std::string, std::string>> parse_query(std::string_view query, bool plus_is_space) {
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = adapters::url_decode(pair.substr(0, eq), plus_is_space);
        auto value = adapters::url_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), plus_is_space);
        if (!key || !value) return std::nullopt;
        out.emplace(std::move(*key), std::move(*value));
    }
    return out;
}

}  // namespace hotline::bot::http
