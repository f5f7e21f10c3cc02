#pragma once
// Units and people, as synced from the directory file into the store.
#include <algorithm>
#include <string>
#include <vector>

#include "workflow/procedure/roles.h"

namespace hotline::workflow {

struct Unit {
    std::string code;
    std::string name;
    std::vector<std::string> aliases;  // short names people type, e.g. 住建局
};

struct Person {
    std::string userid;  // WeCom userid
    std::string name;
    std::string unit_code;  // empty for hotline staff and leaders
    std::vector<Role> roles;
    bool active = true;

    bool has_role(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }
    // Unit people (handlers, unit leaders) without a hotline role see only their unit's tickets,
    // and never the leaders' instructions on another unit's.
    bool unit_scoped() const {
        return std::all_of(roles.begin(), roles.end(), [](Role r) { return r == Role::handler || r == Role::unit_leader; });
    }
};

}  // namespace hotline::workflow
