#pragma once
// The directory file (units and people) is the source of truth; importing it makes the store
// match it. Re-importing an unchanged file changes nothing and writes no audit event.
#include <string>
#include <vector>

#include "workflow/procedure/clock.h"
#include "workflow/procedure/directory.h"
#include "workflow/store/store.h"

namespace hotline::bot {

struct DirectoryFile {
    std::vector<workflow::Unit> units;
    std::vector<workflow::Person> people;
};

struct DirectoryParse {
    DirectoryFile directory;
    std::vector<std::string> problems;  // "people[3] (zhangwei): unknown role \"hanlder\""
};

DirectoryParse parse_directory(const std::string& toml_text, const std::string& origin);
DirectoryParse read_directory_file(const std::string& path);

struct SyncSummary {
    int units_added = 0, units_updated = 0, units_deactivated = 0;
    int people_added = 0, people_updated = 0, people_deactivated = 0;
    bool changed() const {
        return units_added + units_updated + units_deactivated + people_added + people_updated + people_deactivated > 0;
    }
    std::string describe() const;
};

// Units and people missing from the file are deactivated, not deleted: the audit trail keeps
// referring to them.
SyncSummary sync_directory(workflow::StoreTx& tx, const DirectoryFile& dir, const std::string& actor,
                           workflow::Instant now);

}  // namespace hotline::bot
