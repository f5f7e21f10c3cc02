#include "bot/intake/csv_reader.h"

#include <sstream>
#include <stdexcept>

#include "bot/intake/utf8_file.h"

namespace hotline::bot::intake {

std::optional<CsvRecord> CsvReader::next() {
    using traits = std::streambuf::traits_type;
    const auto eof = traits::eof();
    while (true) {
        CsvRecord rec{.line = line_, .fields = {}};
        std::string field;
        bool quoted = false, field_started = false, any = false;
        auto end_field = [&] {
            rec.fields.push_back(std::move(field));
            field.clear();
            field_started = false;
        };
        for (auto c = text_.sbumpc();; c = text_.sbumpc()) {
            if (c == eof) {
                if (quoted)
                    throw std::runtime_error("line " + std::to_string(rec.line) + ": a quoted field is never closed");
                if (!any) return std::nullopt;
                end_field();
                break;
            }
            any = true;
            const char ch = traits::to_char_type(c);
            if (quoted) {
                if (ch != '"') {
                    if (ch == '\n') ++line_;
                    field.push_back(ch);
                } else if (text_.sgetc() == '"') {  // a doubled quote inside quotes
                    text_.sbumpc();
                    field.push_back('"');
                } else {
                    quoted = false;
                }
                continue;
            }
            if (ch == '"' && !field_started) {
                quoted = field_started = true;
            } else if (ch == ',') {
                end_field();
            } else if (ch == '\r' && text_.sgetc() == '\n') {
                continue;
            } else if (ch == '\n') {
                ++line_;
                end_field();
                break;
            } else {
                field.push_back(ch);
                field_started = true;
            }
        }
        const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
        if (!blank) return rec;
    }
}

std::optional<std::vector<CsvRecord>> read_csv(std::string_view text, std::string& error) {
    std::stringbuf buffer{std::string(text)};
    CsvReader reader(buffer);
    std::vector<CsvRecord> out;
    try {
        while (auto rec = reader.next()) out.push_back(std::move(*rec));
    } catch (const std::runtime_error& e) {
        error = e.what();
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> to_utf8(std::string_view bytes, std::string& encoding_used) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // BOM from spreadsheet exports
    Utf8Check check;
    if (check.feed(bytes) && check.finish()) {
        encoding_used = "UTF-8";
        return std::string(bytes);
    }
    Gb18030Decoder decoder;
    std::string out;
    if (!decoder.feed(bytes, out) || !decoder.finish()) return std::nullopt;
    encoding_used = "GB18030";
    return out;
}

}  // namespace hotline::bot::intake
