#pragma once
// Hashes and MACs through OpenSSL's EVP interface. Raw bytes in, raw bytes out (hex_lower for text).
#include <string>
#include <string_view>

namespace hotline::adapters {

std::string sha1(std::string_view data);
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);
// Constant-time comparison of two equal-length secrets; false when lengths differ.
bool constant_time_equal(std::string_view a, std::string_view b);
std::string random_bytes(std::size_t n);

}  // namespace hotline::adapters
