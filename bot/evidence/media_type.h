#pragma once
// What a downloaded file really is, read from its first bytes (never from a name or a header the
// sender controls). Only the types evidence may have.
#include <optional>
#include <string>
#include <string_view>

namespace hotline::bot::evidence {

struct MediaType {
    std::string mime;       // image/jpeg, image/png, image/gif, video/mp4
    std::string extension;  // jpg, png, gif, mp4
    bool image = false;
};

std::optional<MediaType> sniff_media_type(std::string_view bytes);

}  // namespace hotline::bot::evidence
