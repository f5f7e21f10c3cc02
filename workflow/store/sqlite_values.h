#pragma once
// Instants as the store keeps them: unix seconds, NULL for "none".
#include <optional>

#include "workflow/clock.h"
#include "workflow/store/sqlite_db.h"

namespace hotline::workflow {

inline std::optional<Instant> opt_instant(const sqlite::Stmt& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return from_unix(st.int64(col));
}

inline std::optional<std::int64_t> opt_unix(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return to_unix(*t);
}

}  // namespace hotline::workflow
