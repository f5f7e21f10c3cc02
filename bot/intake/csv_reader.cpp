#include "bot/intake/csv_reader.h"

#include <iconv.h>

#include <memory>

namespace hotline::bot::intake {

std::optional<std::vector<CsvRecord>> read_csv(std::string_view text, std::string& error) {
    std::vector<CsvRecord> out;
    CsvRecord rec;
    std::string field;
    bool quoted = false, field_started = false;
    std::size_t line = 1;
    rec.line = 1;
    auto end_field = [&] {
        rec.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
        if (!blank) out.push_back(std::move(rec));
        rec = CsvRecord{};
        rec.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field.push_back(c);
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == ',') {
            end_field();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;
        } else if (c == '\n') {
            ++line;
            end_record();
        } else {
            field.push_back(c);
            field_started = true;
        }
    }
    if (quoted) {
        error = "line " + std::to_string(rec.line) + ": a quoted field is never closed";
        return std::nullopt;
    }
    if (field_started || !rec.fields.empty()) end_record();
    return out;
}

namespace {
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}
}  // namespace

std::optional<std::string> to_utf8(std::string_view bytes, std::string& encoding_used) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // BOM from spreadsheet exports
    if (valid_utf8(bytes)) {
        encoding_used = "UTF-8";
        return std::string(bytes);
    }
    const iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* dst = out.data();
    std::size_t out_left = out.size();
    if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - out_left);
    encoding_used = "GB18030";
    return out;
}

}  // namespace hotline::bot::intake
