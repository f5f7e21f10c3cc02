#pragma once
// Prometheus counters and gauges for /metrics, in the text exposition format. Counters are
// registered once with their help text; gauges are read from callbacks at scrape time.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace hotline::bot {

class Metrics {
public:
    Metrics();
    // labels: already formatted, e.g. route="/healthz",status="200" (empty for none).
    void inc(const std::string& family, const std::string& labels = "", std::uint64_t by = 1);
    void count_request(const std::string& route, int status);
    std::uint64_t value(const std::string& family, const std::string& labels = "") const;

    using GaugeSource = std::function<std::map<std::string, std::int64_t>()>;  // labels -> value
    void add_gauge(const std::string& family, const std::string& help, GaugeSource source);
    // Tickets by state, with every state listed (0 when absent).
    void set_ticket_source(std::function<std::map<std::string, std::int64_t>()> counts_by_state);

    std::string render() const;

private:
    struct Family {
        std::string help;
        std::map<std::string, std::uint64_t> values;
    };
    void describe(const std::string& family, const std::string& help);

    mutable std::mutex mutex_;
    std::map<std::string, Family> counters_;
    std::vector<std::pair<std::string, std::pair<std::string, GaugeSource>>> gauges_;
};

}  // namespace hotline::bot
