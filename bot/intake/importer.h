#pragma once
// `hotline-bot import`: exports from the two platforms (CSV or JSON, UTF-8 or GB18030) through
// the same validation and merge path as POST /intake/tickets. Importing the same file again
// changes nothing (every row is then "already known").
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/crypto/citizen_data.h"
#include "workflow/procedure/engine.h"
#include "workflow/intake/intake.h"

namespace hotline::bot::intake {

struct ImportSummary {
    std::string encoding;
    std::size_t rows = 0;
    int created = 0, merged = 0, known = 0, flagged = 0;
    std::vector<std::pair<std::size_t, std::string>> rejected;  // line (CSV) or index (JSON), reason
};

struct ImportOptions {
    std::string source;  // renmin | hotline12345
    bool dry_run = false;
    // Called after each committed batch with the bytes of the file read so far and its size.
    std::function<void(std::uint64_t bytes_read, std::uint64_t bytes_total)> progress;
};

// The file is read as it is imported (a batch of 500 rows at a time), so its size does not matter.
// CSV header (any order): source_id,title,content,citizen_phone,received_at and optionally
// category,citizen_name,location,other_source_id. Throws std::runtime_error for a file that cannot
// be read at all (missing, bad encoding, no header, unclosed quote).
ImportSummary import_file(const std::string& path, const ImportOptions& options, const adapters::CitizenDataCipher& cipher,
                          workflow::Store& store, workflow::Engine& engine, const workflow::IntakePolicy& policy);

}  // namespace hotline::bot::intake
