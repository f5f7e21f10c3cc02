#include "bot/intake/csv_reader.h"

#include <stdexcept>


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

}  // namespace hotline::bot::intake
