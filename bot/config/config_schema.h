#pragma once
// Every key the configuration file may contain, with its type. The loader refuses unknown keys
// (usually a typo that would otherwise be silently ignored) and missing required ones.
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "bot/config/config.h"

namespace hotline::bot {

enum class KeyKind { string, integer, number, boolean, table, string_list };  // number: integer or decimal

struct KeySpec {
    std::string_view path;  // dotted, e.g. "deadlines.categories.consult.days"
    KeyKind kind;
    bool required;
    bool secret;  // may come from HOTLINE_<PATH_WITH_UNDERSCORES>, never logged
};

const std::vector<KeySpec>& config_keys();

// The environment variable that overrides a secret key: wecom.secret -> HOTLINE_WECOM_SECRET.
std::string env_name_for(std::string_view path);

// Unknown keys, wrong types, missing required keys, in file order.
void check_shape(const toml::table& root, std::vector<ConfigProblem>& problems);

}  // namespace hotline::bot
