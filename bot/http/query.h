#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hotline::bot::http {

// Splits a raw query string into decoded parameters; nullopt when an escape is malformed.
// `plus_is_space` false keeps '+' literal, as WeCom's echostr needs.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query, bool plus_is_space);

}  // namespace hotline::bot::http
