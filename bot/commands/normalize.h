#pragma once
#include <string>
#include <string_view>

namespace hotline::bot::commands {

// What people type in chat, made comparable: NFKC (full-width digits, letters, spaces and
// punctuation become their ASCII forms: "签收　１２" -> "签收 12"), runs of white space folded to one
// space, trimmed. Text that is not valid UTF-8 comes back empty.
std::string normalize(std::string_view text);

// Same, but keeps line breaks (for multi-line results): only spaces within a line are folded.
std::string normalize_keep_lines(std::string_view text);

}  // namespace hotline::bot::commands
