#include "workflow/roles.h"

#include <array>
#include <utility>

namespace hotline::workflow {

namespace {
struct RoleName {
    Role role;
    std::string_view id;
    std::string_view chinese;
};
constexpr std::array kRoles{
    RoleName{Role::staff, "staff", "12345热线工作人员"},
    RoleName{Role::center, "center", "旗接诉即办中心"},
    RoleName{Role::handler, "handler", "承办单位经办人"},
    RoleName{Role::unit_leader, "unit_leader", "承办单位分管领导"},
    RoleName{Role::signer1, "signer1", "12345热线负责人"},
    RoleName{Role::signer2, "signer2", "分管副局长"},
    RoleName{Role::signer3, "signer3", "局长"},
    RoleName{Role::leader, "leader", "领导"},
    RoleName{Role::admin, "admin", "系统管理员"},
};
}  // namespace

std::string_view to_string(Role r) {
    for (const auto& n : kRoles)
        if (n.role == r) return n.id;
    return "?";
}

std::string_view chinese_name(Role r) {
    for (const auto& n : kRoles)
        if (n.role == r) return n.chinese;
    return "?";
}

std::optional<Role> parse_role(std::string_view s) {
    for (const auto& n : kRoles)
        if (n.id == s) return n.role;
    return std::nullopt;
}

const std::vector<Role>& all_roles() {
    static const std::vector<Role> roles = [] {
        std::vector<Role> v;
        for (const auto& n : kRoles) v.push_back(n.role);
        return v;
    }();
    return roles;
}

}  // namespace hotline::workflow
