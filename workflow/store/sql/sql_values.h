#pragma once
// Values as the store keeps them (instants: unix seconds, NULL for "none"), and reading rows.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/procedure/clock.h"
#include "workflow/store/sql/sql_connection.h"

namespace hotline::workflow {

inline std::optional<Instant> opt_instant(const sql::Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return from_unix(st.int64(col));
}

inline std::optional<std::int64_t> opt_unix(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return to_unix(*t);
}

// A stored name this version does not know (written by a newer release, or damaged) is an error,
// not a silent default. The message names the column and, when the query has one, the row's id.
template <class E, class Parse>
E stored_enum(const std::string& text, Parse parse, const char* column, std::int64_t row = 0) {
    const std::optional<E> value = parse(text);
    if (!value)
        throw std::runtime_error(std::string(column) + ": unknown value \"" + text + "\"" +
                                 (row > 0 ? " in row " + std::to_string(row) : std::string()));
    return *value;
}

// The same for a column where '' means "none yet".
template <class E, class Parse>
std::optional<E> stored_optional_enum(const std::string& text, Parse parse, const char* column, std::int64_t row = 0) {
    if (text.empty()) return std::nullopt;
    return stored_enum<E>(text, parse, column, row);
}

inline std::int64_t first_int64(const sql::Statement& st) { return st.int64(0); }

// The id an INSERT … RETURNING id gave the new row.
inline std::int64_t inserted_id(sql::Statement& st) {
    if (!st.step()) throw std::runtime_error("insert returned no id");
    const std::int64_t id = st.int64(0);
    st.reset();
    return id;
}

template <typename Row, typename Read>
std::vector<Row> all_rows(sql::Statement& st, Read read) {
    std::vector<Row> out;
    while (st.step()) out.push_back(read(st));
    return out;
}

template <typename Row, typename Read>
std::optional<Row> one_row(sql::Statement& st, Read read) {
    std::optional<Row> out;
    if (st.step()) out = read(st);
    st.reset();
    return out;
}

}  // namespace hotline::workflow
