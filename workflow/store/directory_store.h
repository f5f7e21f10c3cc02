#pragma once
// The units and people of the directory, as last synchronised.
#include <optional>
#include <string>
#include <vector>

#include "workflow/procedure/directory.h"

namespace hotline::workflow {

class DirectoryStore {
public:
    virtual ~DirectoryStore() = default;

    virtual std::optional<Unit> unit(const std::string& code) = 0;  // active units only
    // Active units, by code.
    virtual std::vector<Unit> units() = 0;
    // Inserts or replaces, and makes the unit active again.
    virtual void upsert_unit(const Unit& u) = 0;
    virtual void deactivate_unit(const std::string& code) = 0;
    virtual std::optional<Person> person(const std::string& userid) = 0;  // active or not
    virtual std::vector<Person> people() = 0;
    virtual void upsert_person(const Person& p) = 0;
    // Active people holding a role; unit_code empty means any unit.
    virtual std::vector<Person> people_with_role(Role r, const std::string& unit_code) = 0;
};

}  // namespace hotline::workflow
