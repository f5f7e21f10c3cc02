#pragma once
// What a downloaded file really is, read from its first bytes (never from a name or a header the
// sender controls). Only the types evidence may have: photos and videos from chat, and PDF files
// uploaded on the workbench (WeCom apps cannot receive files in chat).
#include <optional>
#include <string>
#include <string_view>

namespace hotline::bot::evidence {

struct MediaType {
    std::string mime;       // image/jpeg, image/png, image/gif, video/mp4, application/pdf
    std::string extension;  // jpg, png, gif, mp4, pdf
    std::string kind;       // the evidence kind it may be: image | video | file
};

std::optional<MediaType> sniff_media_type(std::string_view bytes);

}  // namespace hotline::bot::evidence
