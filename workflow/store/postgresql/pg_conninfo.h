#pragma once
#include <string>

namespace hotline::workflow::pg {

// postgresql://host:port/database of a libpq connection string, for logs: never the user or the
// password. A string libpq cannot parse is described as such, not echoed (it may hold a password).
std::string describe_conninfo(const std::string& conninfo);

}  // namespace hotline::workflow::pg
