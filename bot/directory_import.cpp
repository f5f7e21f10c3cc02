#include "bot/directory_import.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace hotline::bot {

using workflow::Person;
using workflow::Role;
using workflow::Unit;

namespace {

std::vector<std::string> string_list(const toml::node_view<const toml::node>& n, const std::string& where,
                                     std::vector<std::string>& problems) {
    std::vector<std::string> out;
    if (!n) return out;
    const auto* arr = n.as_array();
    if (!arr) {
        problems.push_back(where + ": expected a list of strings");
        return out;
    }
    for (const auto& item : *arr) {
        if (auto s = item.value<std::string>())
            out.push_back(*s);
        else
            problems.push_back(where + ": expected a list of strings");
    }
    return out;
}

bool same_unit(const Unit& a, const Unit& b) { return a.name == b.name && a.aliases == b.aliases; }
bool same_person(const Person& a, const Person& b) {
    return a.name == b.name && a.unit_code == b.unit_code && a.roles == b.roles && a.active == b.active;
}

}  // namespace

DirectoryParse parse_directory(const std::string& toml_text, const std::string& origin) {
    DirectoryParse out;
    toml::table root;
    try {
        root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& e) {
        out.problems.push_back(fmt::format("line {}: {}", e.source().begin.line, e.description()));
        return out;
    }
    for (auto&& [key, node] : root)
        if (key.str() != "units" && key.str() != "people")
            out.problems.push_back(fmt::format("unknown key \"{}\" (expected [[units]] and [[people]])", key.str()));

    std::set<std::string> codes;
    if (const auto* units = root["units"].as_array()) {
        for (std::size_t i = 0; i < units->size(); ++i) {
            const auto where = fmt::format("units[{}]", i + 1);
            const auto* t = (*units)[i].as_table();
            if (!t) {
                out.problems.push_back(where + ": expected a table");
                continue;
            }
            Unit u;
            u.code = (*t)["code"].value_or(std::string{});
            u.name = (*t)["name"].value_or(std::string{});
            if (u.code.empty()) out.problems.push_back(where + ": missing code");
            if (u.name.empty()) out.problems.push_back(where + ": missing name");
            u.aliases = string_list((*t)["aliases"], where + ".aliases", out.problems);
            if (!u.code.empty() && !codes.insert(u.code).second)
                out.problems.push_back(where + ": duplicate unit code \"" + u.code + "\"");
            out.directory.units.push_back(std::move(u));
        }
    }
    std::set<std::string> userids;
    if (const auto* people = root["people"].as_array()) {
        for (std::size_t i = 0; i < people->size(); ++i) {
            const auto* t = (*people)[i].as_table();
            Person p;
            if (t) {
                p.userid = (*t)["userid"].value_or(std::string{});
                p.name = (*t)["name"].value_or(std::string{});
                p.unit_code = (*t)["unit"].value_or(std::string{});
            }
            const auto where = fmt::format("people[{}]{}", i + 1, p.userid.empty() ? "" : " (" + p.userid + ")");
            if (!t) {
                out.problems.push_back(where + ": expected a table");
                continue;
            }
            if (p.userid.empty()) out.problems.push_back(where + ": missing userid");
            if (p.name.empty()) out.problems.push_back(where + ": missing name");
            if (!p.userid.empty() && !userids.insert(p.userid).second)
                out.problems.push_back(where + ": duplicate userid");
            if (!p.unit_code.empty() && !codes.contains(p.unit_code))
                out.problems.push_back(where + ": unknown unit \"" + p.unit_code + "\"");
            for (const auto& r : string_list((*t)["roles"], where + ".roles", out.problems)) {
                if (auto role = workflow::parse_role(r))
                    p.roles.push_back(*role);
                else
                    out.problems.push_back(where + ": unknown role \"" + r + "\"");
            }
            if (p.roles.empty()) out.problems.push_back(where + ": no roles");
            if ((p.has_role(Role::handler) || p.has_role(Role::unit_leader)) && p.unit_code.empty())
                out.problems.push_back(where + ": handler and unit_leader need a unit");
            out.directory.people.push_back(std::move(p));
        }
    }
    return out;
}

DirectoryParse read_directory_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        DirectoryParse out;
        out.problems.push_back("cannot read the file");
        return out;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_directory(ss.str(), path);
}

std::string SyncSummary::describe() const {
    return fmt::format("units: {} added, {} updated, {} deactivated; people: {} added, {} updated, {} deactivated",
                       units_added, units_updated, units_deactivated, people_added, people_updated,
                       people_deactivated);
}

SyncSummary sync_directory(workflow::StoreTx& tx, const DirectoryFile& dir, const std::string& actor,
                           workflow::Instant now) {
    SyncSummary s;
    std::map<std::string, Unit> existing_units;
    for (auto& u : tx.directory().units()) existing_units.emplace(u.code, u);
    for (const auto& u : dir.units) {
        auto it = existing_units.find(u.code);
        if (it == existing_units.end()) {
            // It may exist inactive; upsert reactivates it either way.
            ++s.units_added;
            tx.directory().upsert_unit(u);
        } else {
            if (!same_unit(it->second, u)) {
                ++s.units_updated;
                tx.directory().upsert_unit(u);
            }
            existing_units.erase(it);
        }
    }
    for (const auto& [code, u] : existing_units) {
        ++s.units_deactivated;
        tx.directory().deactivate_unit(code);
    }

    std::map<std::string, Person> existing_people;
    for (auto& p : tx.directory().people()) existing_people.emplace(p.userid, p);
    for (Person p : dir.people) {
        p.active = true;
        auto it = existing_people.find(p.userid);
        if (it == existing_people.end()) {
            ++s.people_added;
            tx.directory().upsert_person(p);
            continue;
        }
        if (!same_person(it->second, p)) {
            ++s.people_updated;
            tx.directory().upsert_person(p);
        }
        existing_people.erase(it);
    }
    for (auto& [userid, p] : existing_people) {
        if (!p.active) continue;
        p.active = false;
        ++s.people_deactivated;
        tx.directory().upsert_person(p);
    }

    if (s.changed()) {
        workflow::AuditEvent ev;
        ev.actor = actor;
        ev.action = "directory_import";
        ev.note = s.describe();
        ev.at = now;
        tx.audit().append(ev);
    }
    return s;
}

}  // namespace hotline::bot
