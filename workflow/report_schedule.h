#pragma once
// The scheduled three-rate reports: last week's ranking every Monday and last month's on the 1st,
// at a set China time, to the leaders and staff; with the monthly one, the supervision notice. Each report is claimed in the store in the same
// transaction that queues its messages, so it goes out once, however often the process restarts,
// and a report missed while the service was down goes out on the next pass. A new installation
// starts with the next report due after its first start.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "workflow/statistics.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

struct ReportSchedule {
    bool weekly = true;
    bool monthly = true;
    std::chrono::minutes at{8 * 60 + 30};
    std::vector<std::string> recipients;  // empty: every leader and staff member
    StatsPolicy policy;
    // The weekly report's picture (PNG, base64), drawn by the caller; none when empty.
    std::function<std::string(StoreTx&, const StatsReport&)> chart;
    // The supervision notice of the month before, at the monthly report's time, once per month:
    // queued by the caller (it renders the files); not sent when unset.
    std::function<void(StoreTx&, const Period&, const std::string& key, Instant now)> supervision;
};

class ReportScheduler {
public:
    ReportScheduler(Store& store, const Clock& clock, ReportSchedule schedule)
        : store_(store), clock_(clock), schedule_(std::move(schedule)) {}
    // Queues the reports that are due and not yet sent; returns how many.
    int run_once();

private:
    // The once-per-period key when a run of `kind` for `period` is due and now claimed; else empty.
    std::string claim_if_due(StoreTx& tx, const std::string& kind, Instant due_at, const Period& period, Instant now);
    bool send_if_due(StoreTx& tx, const std::string& kind, Instant due_at, const Period& period, Instant now);

    Store& store_;
    const Clock& clock_;
    ReportSchedule schedule_;
};

}  // namespace hotline::workflow
