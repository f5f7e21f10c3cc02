#include "workflow/procedure/roles.h"

#include "workflow/procedure/names.h"

namespace hotline::workflow {

namespace {
constexpr Name<Role> kRoles[] = {
    {Role::staff, "staff", "12345热线工作人员"},
    {Role::center, "center", "旗接诉即办中心"},
    {Role::handler, "handler", "承办单位经办人"},
    {Role::unit_leader, "unit_leader", "承办单位分管领导"},
    {Role::signer1, "signer1", "12345热线负责人"},
    {Role::signer2, "signer2", "分管副局长"},
    {Role::signer3, "signer3", "局长"},
    {Role::leader, "leader", "领导"},
    {Role::admin, "admin", "系统管理员"},
};
}  // namespace

std::string_view to_string(Role r) { return id_in(kRoles, r); }
std::string_view chinese_name(Role r) { return chinese_in(kRoles, r); }
std::optional<Role> parse_role(std::string_view s) { return parse_in(kRoles, s); }

const std::vector<Role>& all_roles() {
    static const std::vector<Role> roles = [] {
        std::vector<Role> v;
        for (const auto& n : kRoles) v.push_back(n.value);
        return v;
    }();
    return roles;
}

}  // namespace hotline::workflow
