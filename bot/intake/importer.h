#pragma once
// `hotline-bot import`: exports from the two platforms (CSV or JSON, UTF-8 or GB18030) through
// the same validation and merge path as POST /intake/tickets. Importing the same file again
// changes nothing (every row is then "already known").
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
    std::function<void(std::size_t done, std::size_t total)> progress;
};

// CSV header (any order): source_id,title,content,citizen_phone,received_at and optionally
// category,citizen_name,location,other_source_id. Throws std::runtime_error for a file that cannot
// be read at all (missing, bad encoding, no header, unclosed quote).
ImportSummary import_file(const std::string& path, const ImportOptions& options, const adapters::CitizenDataCipher& cipher,
                          workflow::Store& store, workflow::Engine& engine, const workflow::IntakePolicy& policy);

}  // namespace hotline::bot::intake
