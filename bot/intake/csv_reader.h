#pragma once
// RFC 4180 CSV: comma-separated, fields optionally in double quotes (which may hold commas, line
// breaks and doubled quotes), CRLF or LF line ends. Records come with their starting line number,
// one at a time, so a file of any size is read in constant memory.
#include <optional>
#include <streambuf>
#include <string>
#include <vector>

namespace hotline::bot::intake {

struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

class CsvReader {
public:
    explicit CsvReader(std::streambuf& text) : text_(text) {}
    // The next record (blank lines are skipped), or nothing at the end. Throws std::runtime_error
    // with the line when a quote is never closed.
    std::optional<CsvRecord> next();

private:
    std::streambuf& text_;
    std::size_t line_ = 1;
};

}  // namespace hotline::bot::intake
