#pragma once
// Prometheus counters and gauges for /metrics, in the text exposition format.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace hotline::bot {

class Metrics {
public:
    void count_request(const std::string& route, int status);
    // Gauges read at scrape time (e.g. tickets by state from the store).
    using TicketCounts = std::function<std::map<std::string, std::int64_t>()>;
    void set_ticket_source(TicketCounts source) { ticket_counts_ = std::move(source); }
    std::string render() const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    TicketCounts ticket_counts_;
};

}  // namespace hotline::bot
