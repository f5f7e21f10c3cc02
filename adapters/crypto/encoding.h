#pragma once
// Byte encodings the providers' protocols use, through OpenSSL where it has them.
#include <optional>
#include <string>
#include <string_view>

namespace hotline::adapters {

std::string base64_encode(std::string_view bytes);
// Strict: length a multiple of 4, only the standard alphabet, padding only at the end.
std::optional<std::string> base64_decode(std::string_view text);
std::string hex_lower(std::string_view bytes);
std::optional<std::string> hex_decode(std::string_view hex);
// Percent-decoding of a query value. `plus_is_space` false keeps a literal '+' (WeCom's echostr).
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space);
// RFC 3986 percent-encoding of everything but unreserved characters.
std::string url_encode(std::string_view s);

}  // namespace hotline::adapters
