#pragma once
// The scheduled three-rate reports: last week's ranking every Monday and last month's on the 1st,
// at a set China time, to the leaders and staff; with the monthly one, the supervision notice.
// A run is three steps: what is due is read in one transaction, its pictures and files are drawn
// outside any transaction (cairo must not hold the store's single writer), and the messages are
// queued in the transaction that claims the period. Each report is claimed in the store in the same
// transaction that queues its messages, so it goes out once, however often the process restarts,
// and a report missed while the service was down goes out on the next pass. A new installation
// starts with the next report due after its first start.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "workflow/statistics/statistics.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

// Drawn outside the transaction; the result is what to queue in the claiming one.
using Draw = std::function<std::string()>;
using Queue = std::function<void(StoreTx&, const std::string& key, Instant now)>;

struct ReportSchedule {
    bool weekly = true;
    bool monthly = true;
    std::chrono::minutes at{8 * 60 + 30};
    std::vector<std::string> recipients;  // empty: every leader and staff member
    StatsPolicy policy;
    // The weekly report's picture: reads what it needs, returns the drawing of the PNG (base64;
    // empty: no picture). None when unset.
    std::function<Draw(StoreTx&, const StatsReport&)> chart;
    // The supervision notice of the month before, at the monthly report's time, once per month:
    // reads the notice, returns its rendering, which returns the queueing. Not sent when unset.
    std::function<std::function<Queue()>(StoreTx&, const Period&, Instant now)> supervision;
};

class ReportScheduler {
public:
    ReportScheduler(Store& store, const Clock& clock, ReportSchedule schedule)
        : store_(store), clock_(clock), schedule_(std::move(schedule)) {}
    // Queues the reports that are due and not yet sent; returns how many.
    int run_once();

private:
    struct Due;
    // The once-per-period key when a run of `kind` for `period` is due and not yet sent; else empty.
    std::string due_key(StoreTx& tx, const std::string& kind, Instant due_at, const Period& period, Instant now);
    void queue_report(StoreTx& tx, const Due& d, Instant now);

    Store& store_;
    const Clock& clock_;
    ReportSchedule schedule_;
};

}  // namespace hotline::workflow
