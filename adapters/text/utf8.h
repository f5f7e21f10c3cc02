#pragma once
// Bytes from outside that are meant to be UTF-8 text. What a client sends may not be (a broken
// client, a hostile one): it is stored and shown with each invalid sequence replaced by U+FFFD,
// never allowed to fail later in a JSON writer or a log line.
#include <cstdint>
#include <string>
#include <string_view>

namespace hotline::adapters {

bool is_valid_utf8(std::string_view s);
// The text with every invalid sequence replaced by U+FFFD (the replacement character).
std::string scrub_utf8(std::string_view s);

// C0 controls, DEL, C1 controls (U+0080..U+009F) and the Unicode line and paragraph separators.
bool is_control(std::int32_t code_point);
// Does the text hold a control character (or an invalid sequence)? Line breaks (also U+2028,
// U+2029) and tabs are allowed where `multiline`.
bool has_control_characters(std::string_view s, bool multiline);

// A value from outside made safe for one log line: control characters (C0, DEL, C1, and the
// Unicode line and paragraph separators) shown escaped as \n, \r, \t or \xNN / \u2028, invalid
// UTF-8 as \xNN, everything else as it is.
std::string escape_for_log(std::string_view s);

}  // namespace hotline::adapters
