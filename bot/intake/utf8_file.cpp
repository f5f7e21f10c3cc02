#include "bot/intake/utf8_file.h"

#include <cerrno>
#include <filesystem>
#include <stdexcept>

#include "adapters/text/utf8.h"

namespace hotline::bot::intake {

namespace {
constexpr std::size_t kBuffer = 64 * 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";  // spreadsheet exports start with it

// How many bytes at the end of `s` begin a sequence that `s` does not finish (0 to 3).
std::size_t unfinished_tail(std::string_view s) {
    for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
        const auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte: its lead is further back
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}
}  // namespace

bool Utf8Check::feed(std::string_view bytes) {
    if (!ok_) return false;
    std::string joined;
    if (!carry_.empty()) {
        joined = carry_;
        joined.append(bytes);
        bytes = joined;
    }
    const std::size_t tail = unfinished_tail(bytes);
    ok_ = adapters::is_valid_utf8(bytes.substr(0, bytes.size() - tail));
    carry_.assign(bytes.substr(bytes.size() - tail));
    return ok_;
}

Gb18030Decoder::Gb18030Decoder() : cd_(iconv_open("UTF-8", "GB18030")) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("GB18030 is not available (iconv)");
}

Gb18030Decoder::~Gb18030Decoder() { iconv_close(cd_); }

bool Gb18030Decoder::feed(std::string_view bytes, std::string& out) {
    std::string input = std::move(carry_);
    input.append(bytes);
    carry_.clear();
    char* in = input.data();
    std::size_t in_left = input.size();
    while (in_left > 0) {
        char buffer[16 * 1024];
        char* dst = buffer;
        std::size_t out_left = sizeof buffer;
        const auto r = iconv(cd_, &in, &in_left, &dst, &out_left);
        out.append(buffer, sizeof buffer - out_left);
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) continue;
        if (errno == EINVAL) {  // a character split at the end: wait for the rest
            carry_.assign(in, in_left);
            break;
        }
        return false;
    }
    return true;
}

Utf8File::Utf8File(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw std::runtime_error(path + ": cannot be read");
    std::error_code ec;
    size_ = std::filesystem::file_size(path, ec);
    // First pass: the encoding is decided by the whole file, not by its first lines.
    Utf8Check check;
    raw_.resize(kBuffer);
    bool first = true, bom = false;
    while (in_) {
        in_.read(raw_.data(), static_cast<std::streamsize>(raw_.size()));
        std::string_view piece(raw_.data(), static_cast<std::size_t>(in_.gcount()));
        if (first && piece.substr(0, kBom.size()) == kBom) {
            piece.remove_prefix(kBom.size());
            bom = true;
        }
        first = false;
        if (!check.feed(piece)) break;
    }
    if (check.finish()) {
        encoding_ = "UTF-8";
    } else {
        encoding_ = "GB18030";
        gb_ = std::make_unique<Gb18030Decoder>();
    }
    read_ = bom && !gb_ ? kBom.size() : 0;  // a UTF-8 BOM is not text
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(read_));
}

Utf8File::int_type Utf8File::underflow() {
    while (gptr() == egptr()) {
        in_.read(raw_.data(), static_cast<std::streamsize>(raw_.size()));
        const auto n = static_cast<std::size_t>(in_.gcount());
        read_ += n;
        if (n == 0) {
            if (gb_ && !gb_->finish()) throw std::runtime_error(path_ + ": neither UTF-8 nor GB18030");
            return traits_type::eof();
        }
        if (gb_) {
            text_.clear();
            if (!gb_->feed({raw_.data(), n}, text_)) throw std::runtime_error(path_ + ": neither UTF-8 nor GB18030");
            setg(text_.data(), text_.data(), text_.data() + text_.size());
        } else {
            setg(raw_.data(), raw_.data(), raw_.data() + n);
        }
    }
    return traits_type::to_int_type(*gptr());
}

}  // namespace hotline::bot::intake
