#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::workflow {

// The people of 规程 二(一)–(八): hotline staff, the centre, units' handlers and leaders, the three
// signers (二(六)), leaders. A person may hold several roles; handler and unit_leader are unit-scoped.
enum class Role { staff, center, handler, unit_leader, signer1, signer2, signer3, leader, admin };

std::string_view to_string(Role r);
std::string_view chinese_name(Role r);
std::optional<Role> parse_role(std::string_view s);
const std::vector<Role>& all_roles();

}  // namespace hotline::workflow
