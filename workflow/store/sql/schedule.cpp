// Claims of scheduled runs in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

namespace hotline::workflow {

bool SqlSchedule::claim_run(const std::string& key, Instant at) {
    auto& st = db_.prepare("INSERT INTO scheduled_runs(key, at) VALUES(?1, ?2) ON CONFLICT(key) DO NOTHING");
    st.bind(1, key).bind(2, to_unix(at)).run();
    return db_.changes() == 1;
}

bool SqlSchedule::run_done(const std::string& key) {
    auto& st = db_.prepare("SELECT 1 FROM scheduled_runs WHERE key = ?1");
    st.bind(1, key);
    const bool done = st.step();
    st.reset();
    return done;
}

}  // namespace hotline::workflow
