#include "bot/metrics.h"

#include <fmt/format.h>

#include "workflow/ticket.h"

namespace hotline::bot {

void Metrics::count_request(const std::string& route, int status) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
}

std::string Metrics::render() const {
    std::string out;
    out += "# HELP hotline_http_requests_total HTTP requests answered, by route and status.\n";
    out += "# TYPE hotline_http_requests_total counter\n";
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, n] : requests_)
            out += fmt::format("hotline_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first, key.second, n);
    }
    out += "# HELP hotline_tickets Tickets in the store, by state.\n";
    out += "# TYPE hotline_tickets gauge\n";
    std::map<std::string, std::int64_t> counts;
    if (ticket_counts_) counts = ticket_counts_();
    for (int s = static_cast<int>(workflow::State::received); s <= static_cast<int>(workflow::State::archived); ++s) {
        const auto name = std::string(workflow::to_string(static_cast<workflow::State>(s)));
        const auto it = counts.find(name);
        out += fmt::format("hotline_tickets{{state=\"{}\"}} {}\n", name, it == counts.end() ? 0 : it->second);
    }
    return out;
}

}  // namespace hotline::bot
