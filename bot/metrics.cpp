#include "bot/metrics.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "workflow/procedure/ticket.h"

namespace hotline::bot {

Metrics::Metrics() {
    describe("hotline_http_requests_total", "HTTP requests answered, by route and status.");
    describe("hotline_wecom_callbacks_total", "WeCom callbacks, by outcome.");
    describe("hotline_outbox_sends_total", "Outbox messages sent, by channel.");
    describe("hotline_outbox_retries_total", "Outbox send attempts to be retried, by channel and reason.");
    describe("hotline_outbox_dead_letters_total", "Outbox messages given up on, by channel.");
    describe("hotline_intake_requests_total", "Intake requests, by outcome.");
    describe("hotline_sms_callbacks_total", "SMS provider callbacks, by provider, kind and result.");
    describe("hotline_sms_sends_total", "SMS send attempts, by provider and result.");
    describe("hotline_inbox_yields_total",
             "Times the inbox worker rested so that a flood of callbacks is acknowledged first.");
}

void Metrics::describe(const std::string& family, const std::string& help) {
    std::lock_guard lock(mutex_);
    counters_[family].help = help;
}

void Metrics::inc(const std::string& family, const std::string& labels, std::uint64_t by) {
    std::lock_guard lock(mutex_);
    counters_[family].values[labels] += by;
}

void Metrics::count_request(const std::string& route, int status) {
    inc("hotline_http_requests_total", fmt::format("route=\"{}\",status=\"{}\"", route, status));
}

std::uint64_t Metrics::value(const std::string& family, const std::string& labels) const {
    std::lock_guard lock(mutex_);
    const auto f = counters_.find(family);
    if (f == counters_.end()) return 0;
    const auto v = f->second.values.find(labels);
    return v == f->second.values.end() ? 0 : v->second;
}

void Metrics::add_gauge(const std::string& family, const std::string& help, GaugeSource source) {
    std::lock_guard lock(mutex_);
    gauges_.push_back({family, {help, std::move(source)}});
}

void Metrics::set_ticket_source(std::function<std::map<std::string, std::int64_t>()> counts_by_state) {
    add_gauge("hotline_tickets", "Tickets in the store, by state.", [counts = std::move(counts_by_state)] {
        const auto by_state = counts();
        std::map<std::string, std::int64_t> out;
        for (int s = static_cast<int>(workflow::State::received); s <= static_cast<int>(workflow::State::archived);
             ++s) {
            const auto name = std::string(workflow::to_string(static_cast<workflow::State>(s)));
            const auto it = by_state.find(name);
            out[fmt::format("state=\"{}\"", name)] = it == by_state.end() ? 0 : it->second;
        }
        return out;
    });
}

namespace {
std::string sample(const std::string& family, const std::string& labels) {
    return labels.empty() ? family : family + "{" + labels + "}";
}
}  // namespace

std::string Metrics::render() const {
    std::string out;
    decltype(gauges_) gauges;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [family, f] : counters_) {
            out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", family, f.help, family);
            for (const auto& [labels, v] : f.values) out += fmt::format("{} {}\n", sample(family, labels), v);
        }
        gauges = gauges_;
    }
    // Gauge sources may query the store: call them without holding the lock.
    for (const auto& [family, g] : gauges) {
        out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", family, g.first, family);
        try {
            for (const auto& [labels, v] : g.second()) out += fmt::format("{} {}\n", sample(family, labels), v);
        } catch (const std::exception& e) {
            // The store is unreachable: the other families (the pool's among them) still show.
            spdlog::debug("metrics: {}: {}", family, e.what());
        }
    }
    return out;
}

}  // namespace hotline::bot
