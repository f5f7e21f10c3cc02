#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace hotline::adapters::wecom {

// WeCom text and markdown are limited to 2048 bytes. Splits into parts of at most max_bytes,
// preferring a line break, and never cutting a UTF-8 character.
std::vector<std::string> split_utf8(std::string_view text, std::size_t max_bytes = 2048);

}  // namespace hotline::adapters::wecom
