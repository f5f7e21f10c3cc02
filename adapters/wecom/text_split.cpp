#include "adapters/wecom/text_split.h"

namespace hotline::adapters::wecom {

namespace {
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

std::vector<std::string> split_utf8(std::string_view text, std::size_t max_bytes) {
    std::vector<std::string> parts;
    while (text.size() > max_bytes) {
        std::size_t cut = max_bytes;
        while (cut > 0 && is_continuation(text[cut])) --cut;  // text[cut] starts the next part
        const auto newline = text.rfind('\n', cut - 1);
        if (newline != std::string_view::npos && newline >= max_bytes / 2) cut = newline + 1;
        if (cut == 0) cut = max_bytes;  // not UTF-8 at all: cut anyway rather than loop forever
        parts.emplace_back(text.substr(0, cut));
        text.remove_prefix(cut);
    }
    if (!text.empty() || parts.empty()) parts.emplace_back(text);
    return parts;
}

}  // namespace hotline::adapters::wecom
