#include "workflow/report_schedule.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>

#include "workflow/report_text.h"

namespace hotline::workflow {


int ReportScheduler::run_once() {
    const Instant now = clock_.now();
    int sent = 0;
    store_.transact([&](StoreTx& tx) {
        if (schedule_.weekly) {
            const Instant due = week_of(now).from + schedule_.at;
            sent += send_if_due(tx, "weekly", due, week_of(due - std::chrono::days(7)), now);
        }
        if (schedule_.monthly) {
            const Instant due = month_of(now).from + schedule_.at;
            sent += send_if_due(tx, "monthly", due, month_of(month_of(now).from - std::chrono::days(1)), now);
        }
        if (schedule_.supervision) {
            const Instant due = month_of(now).from + schedule_.at;
            const Period last_month = month_of(month_of(now).from - std::chrono::days(1));
            if (const auto key = claim_if_due(tx, "supervision", due, last_month, now); !key.empty()) {
                schedule_.supervision(tx, last_month, key, now);
                ++sent;
            }
        }
    });
    return sent;
}

std::string ReportScheduler::claim_if_due(StoreTx& tx, const std::string& kind, Instant due_at, const Period& period,
                                          Instant now) {
    const std::string key = fmt::format("{}:{}", kind, format_utc(period.from));
    // A new installation starts with the next report, not with one about the time before it ran.
    const bool first_start = tx.claim_scheduled_run(kind + ":installed", now);
    if (now < due_at) return "";
    if (first_start) {
        tx.claim_scheduled_run(key, now);
        return "";
    }
    return tx.claim_scheduled_run(key, now) ? key : "";
}

bool ReportScheduler::send_if_due(StoreTx& tx, const std::string& kind, Instant due_at, const Period& period,
                                  Instant now) {
    const std::string key = claim_if_due(tx, kind, due_at, period, now);
    if (key.empty()) return false;
    const auto report = compute_stats(tx, period, schedule_.policy, now);
    std::vector<std::string> to = schedule_.recipients;
    if (to.empty()) {
        std::set<std::string> seen;
        for (Role r : {Role::leader, Role::staff})
            for (const auto& p : tx.people_with_role(r, ""))
                if (seen.insert(p.userid).second) to.push_back(p.userid);
    }
    std::string chart_payload;
    if (kind == "weekly" && schedule_.chart) {
        const std::string png_base64 = schedule_.chart(tx, report);
        if (!png_base64.empty())
            chart_payload = nlohmann::json{{"filename", "weekly-ranking.png"}, {"png_base64", png_base64}}.dump();
    }
    const std::string text = fmt::format("{}\n{}", kind == "weekly" ? "【周报】" : "【月报】", report_chat(report, ""));
    for (const auto& userid : to) {
        OutboxMessage m;
        m.channel = "wecom";
        m.recipient = userid;
        m.dedup_key = fmt::format("report:{}:{}", key, userid);
        m.kind = "markdown";
        m.payload = text;
        m.next_attempt_at = now;
        tx.enqueue_outbox(m);
        if (chart_payload.empty()) continue;
        m.dedup_key += ":chart";
        m.kind = "image";
        m.payload = chart_payload;
        tx.enqueue_outbox(m);
    }
    return true;
}

}  // namespace hotline::workflow
