#pragma once
// A platform export read as UTF-8, a buffer at a time: the file is UTF-8 (a BOM is skipped) or
// GB18030, decided by one pass over the whole file before the first byte is handed out, then
// decoded as it is read. Memory stays at the buffers whatever the file's size.
#include <iconv.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>

namespace hotline::bot::intake {

// Checks bytes fed in pieces for being UTF-8; a sequence may be split between pieces.
class Utf8Check {
public:
    bool feed(std::string_view bytes);
    // True if everything fed was UTF-8 and no sequence was left unfinished.
    bool finish() const { return ok_ && carry_.empty(); }

private:
    bool ok_ = true;
    std::string carry_;  // the start of a sequence the last piece did not finish (at most 3 bytes)
};

// GB18030 to UTF-8 in pieces; a character split between pieces is kept for the next one.
class Gb18030Decoder {
public:
    Gb18030Decoder();
    ~Gb18030Decoder();
    Gb18030Decoder(const Gb18030Decoder&) = delete;
    Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;
    // Appends the UTF-8 of `bytes` to out; false on bytes that are not GB18030.
    bool feed(std::string_view bytes, std::string& out);
    bool finish() const { return carry_.empty(); }

private:
    iconv_t cd_;
    std::string carry_;
};

class Utf8File : public std::streambuf {
public:
    // Throws std::runtime_error when the file cannot be read or is neither UTF-8 nor GB18030.
    explicit Utf8File(const std::string& path);
    const std::string& encoding() const { return encoding_; }
    std::uint64_t size() const { return size_; }
    std::uint64_t bytes_read() const { return read_; }

protected:
    int_type underflow() override;

private:
    std::string path_;
    std::ifstream in_;
    std::string encoding_;
    std::uint64_t size_ = 0, read_ = 0;
    std::string raw_, text_;
    std::unique_ptr<Gb18030Decoder> gb_;
};

}  // namespace hotline::bot::intake
