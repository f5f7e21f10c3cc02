// The per-person delivery record in SQL (both backends).
#include "workflow/store/sql/sql_tx.h"
#include "workflow/store/sql/sql_values.h"

namespace hotline::workflow {

void SqlDeliveries::record(const std::string& channel, const std::string& recipient, int count, Instant at) {
    auto& st = db_.prepare("INSERT INTO deliveries(channel, recipient, at) VALUES(?1, ?2, ?3)");
    for (int i = 0; i < count; ++i) st.reset().bind(1, channel).bind(2, recipient).bind(3, to_unix(at)).run();
}

std::vector<Instant> SqlDeliveries::since(const std::string& channel, const std::string& recipient, Instant since) {
    auto& st = db_.prepare(
        "SELECT at FROM deliveries WHERE channel = ?1 AND recipient = ?2 AND at > ?3 ORDER BY at");
    st.bind(1, channel).bind(2, recipient).bind(3, to_unix(since));
    std::vector<Instant> out;
    while (st.step()) out.push_back(from_unix(st.int64(0)));
    return out;
}

void SqlDeliveries::forget_before(Instant before) {
    auto& st = db_.prepare("DELETE FROM deliveries WHERE at < ?1");
    st.bind(1, to_unix(before)).run();
}

}  // namespace hotline::workflow
