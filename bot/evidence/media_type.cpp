#include "bot/evidence/media_type.h"

namespace hotline::bot::evidence {

std::optional<MediaType> sniff_media_type(std::string_view b) {
    using namespace std::string_view_literals;
    if (b.substr(0, 3) == "\xFF\xD8\xFF"sv) return MediaType{"image/jpeg", "jpg", "image"};
    if (b.substr(0, 8) == "\x89PNG\r\n\x1A\n"sv) return MediaType{"image/png", "png", "image"};
    if (b.substr(0, 6) == "GIF87a"sv || b.substr(0, 6) == "GIF89a"sv) return MediaType{"image/gif", "gif", "image"};
    // ISO base media (MP4): a box size, then "ftyp" and a brand.
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp"sv) return MediaType{"video/mp4", "mp4", "video"};
    if (b.substr(0, 5) == "%PDF-"sv) return MediaType{"application/pdf", "pdf", "file"};
    return std::nullopt;
}

}  // namespace hotline::bot::evidence
