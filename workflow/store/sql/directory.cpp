// The directory (units, people) in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

#include <nlohmann/json.hpp>

namespace hotline::workflow {

namespace {
Unit read_unit(const sql::Statement& st) {
    Unit u;
    u.code = st.text(0);
    u.name = st.text(1);
    u.aliases = nlohmann::json::parse(st.text(2)).get<std::vector<std::string>>();
    return u;
}

std::string join_roles(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) {
        if (!out.empty()) out += ',';
        out += to_string(r);
    }
    return out;
}

std::vector<Role> split_roles(const std::string& s) {
    std::vector<Role> roles;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = s.find(',', start);
        const auto part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (auto r = parse_role(part)) roles.push_back(*r);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return roles;
}

Person read_person(const sql::Statement& st) {
    Person p;
    p.userid = st.text(0);
    p.name = st.text(1);
    p.unit_code = st.text(2);
    p.roles = split_roles(st.text(3));
    p.active = st.int64(4) != 0;
    return p;
}
}  // namespace

std::optional<Unit> SqlDirectory::unit(const std::string& code) {
    auto& st = db_.prepare("SELECT code, name, aliases FROM units WHERE code = ?1 AND active = 1");
    st.bind(1, code);
    return one_row<Unit>(st, read_unit);
}

std::vector<Unit> SqlDirectory::units() {
    auto& st = db_.prepare("SELECT code, name, aliases FROM units WHERE active = 1 ORDER BY code");
    return all_rows<Unit>(st, read_unit);
}

void SqlDirectory::upsert_unit(const Unit& u) {
    auto& st = db_.prepare(
        "INSERT INTO units(code, name, aliases, active) VALUES(?1, ?2, ?3, 1) "
        "ON CONFLICT(code) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, active = 1");
    st.bind(1, u.code).bind(2, u.name).bind(3, nlohmann::json(u.aliases).dump());
    st.run();
}

void SqlDirectory::deactivate_unit(const std::string& code) {
    auto& st = db_.prepare("UPDATE units SET active = 0 WHERE code = ?1");
    st.bind(1, code);
    st.run();
}

std::optional<Person> SqlDirectory::person(const std::string& userid) {
    auto& st = db_.prepare("SELECT userid, name, unit_code, roles, active FROM people WHERE userid = ?1");
    st.bind(1, userid);
    return one_row<Person>(st, read_person);
}

std::vector<Person> SqlDirectory::people() {
    auto& st = db_.prepare("SELECT userid, name, unit_code, roles, active FROM people ORDER BY userid");
    return all_rows<Person>(st, read_person);
}

void SqlDirectory::upsert_person(const Person& p) {
    auto& st = db_.prepare(
        "INSERT INTO people(userid, name, unit_code, roles, active) VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(userid) DO UPDATE SET name = excluded.name, unit_code = excluded.unit_code, "
        "roles = excluded.roles, active = excluded.active");
    st.bind(1, p.userid).bind(2, p.name).bind(3, p.unit_code).bind(4, join_roles(p.roles)).bind(5, p.active ? 1 : 0);
    st.run();
}

std::vector<Person> SqlDirectory::people_with_role(Role r, const std::string& unit_code) {
    // Roles are few per person; filter in code rather than parse the list in SQL.
    auto& st = db_.prepare(
        "SELECT userid, name, unit_code, roles, active FROM people "
        "WHERE active = 1 AND (?1 = '' OR unit_code = ?1) ORDER BY userid");
    st.bind(1, unit_code);
    std::vector<Person> out;
    while (st.step()) {
        Person p = read_person(st);
        if (p.has_role(r)) out.push_back(std::move(p));
    }
    return out;
}

}  // namespace hotline::workflow
