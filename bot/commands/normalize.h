#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::bot::commands {

// What people type in chat, made comparable: NFKC (full-width digits, letters, spaces and
// punctuation become their ASCII forms: "签收　１２" -> "签收 12"), runs of white space folded to one
// space, trimmed. Text that is not valid UTF-8 comes back empty. For reading commands only: free
// text (reasons, results) is kept as typed, see typed_from.
std::string normalize(std::string_view text);

// Same, but keeps line breaks (for multi-line results): only spaces within a line are folded.
std::string normalize_keep_lines(std::string_view text);

// The normalised text with, for every byte, the offset of the typed byte it came from.
struct MappedText {
    std::string text;
    std::vector<std::size_t> origin;
};
MappedText normalize_mapped(std::string_view text, bool keep_lines);

// Free text as stored: exactly as typed, trimmed of white space (also the ideographic space).
std::string as_typed(std::string_view text);
// The typed text from where normalised byte `offset` came from to the end, as stored.
std::string typed_from(const MappedText& normalized, std::string_view typed, std::size_t offset);

}  // namespace hotline::bot::commands
