#pragma once
// The reads behind the period statistics ([from, to) periods).
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "workflow/procedure/clock.h"
#include "workflow/store/records.h"

namespace hotline::workflow {

class StatisticsStore {
public:
    virtual ~StatisticsStore() = default;

    // Tickets of a unit whose feedback deadline falls in the period, by id.
    virtual std::vector<DueTicketFacts> tickets_due_between(Instant from, Instant to) = 0;
    // (unit, action) -> audit events in the period.
    virtual std::map<std::pair<std::string, std::string>, std::int64_t> audit_counts_between(Instant from,
                                                                                            Instant to) = 0;
    virtual std::int64_t tickets_received_between(Instant from, Instant to) = 0;
};

}  // namespace hotline::workflow
