#include "workflow/store/postgresql/pg_conninfo.h"

#include <libpq-fe.h>

#include <map>

namespace hotline::workflow::pg {

std::string describe_conninfo(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        if (error) PQfreemem(error);
        return "postgresql (a connection string libpq cannot read)";
    }
    std::map<std::string, std::string> values;
    for (PQconninfoOption* o = options; o->keyword; ++o)
        if (o->val && *o->val) values[o->keyword] = o->val;
    PQconninfoFree(options);
    const auto value = [&](const char* key, const char* fallback) {
        const auto it = values.find(key);
        return it == values.end() ? std::string(fallback) : it->second;
    };
    return "postgresql://" + value("host", "localhost") + ":" + value("port", "5432") + "/" + value("dbname", "(default)");
}

}  // namespace hotline::workflow::pg
