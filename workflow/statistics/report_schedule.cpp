#include "workflow/statistics/report_schedule.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>

#include "workflow/notify/notice.h"
#include "workflow/statistics/report_text.h"

namespace hotline::workflow {


struct ReportScheduler::Due {
    std::string kind{};  // weekly | monthly | supervision
    Period period{};
    std::string key{};
    StatsReport report{};
    Draw draw_chart{};
    std::string chart_base64{};
    std::function<Queue()> render{};
    Queue queue{};
};

int ReportScheduler::run_once() {
    const Instant now = clock_.now();
    std::vector<Due> due;
    store_.transact([&](StoreTx& tx) {
        due.clear();  // the transaction may run again: hand out what this run found
        const Instant monday = week_of(now).from + schedule_.at, first = month_of(now).from + schedule_.at;
        const Period last_week = week_of(monday - std::chrono::days(7));
        const Period last_month = month_of(month_of(now).from - std::chrono::days(1));
        if (schedule_.weekly)
            if (auto key = due_key(tx, "weekly", monday, last_week, now); !key.empty()) {
                auto& d = due.emplace_back(Due{.kind = "weekly", .period = last_week, .key = std::move(key)});
                d.report = compute_stats(tx, d.period, schedule_.policy, now);
                if (schedule_.chart) d.draw_chart = schedule_.chart(tx, d.report);
            }
        if (schedule_.monthly)
            if (auto key = due_key(tx, "monthly", first, last_month, now); !key.empty()) {
                auto& d = due.emplace_back(Due{.kind = "monthly", .period = last_month, .key = std::move(key)});
                d.report = compute_stats(tx, d.period, schedule_.policy, now);
            }
        if (schedule_.supervision)
            if (auto key = due_key(tx, "supervision", first, last_month, now); !key.empty()) {
                auto& d = due.emplace_back(Due{.kind = "supervision", .period = last_month, .key = std::move(key)});
                d.render = schedule_.supervision(tx, d.period, now);
            }
    });
    if (due.empty()) return 0;
    // Outside the transaction: a failure here leaves nothing claimed, and the next pass tries again.
    for (auto& d : due) {
        if (d.draw_chart) d.chart_base64 = d.draw_chart();
        if (d.render) d.queue = d.render();
    }
    int sent = 0;
    store_.transact([&](StoreTx& tx) {
        sent = 0;
        for (const auto& d : due) {
            if (!tx.schedule().claim_run(d.key, now)) continue;  // another pass got there first
            ++sent;
            if (d.queue) d.queue(tx, d.key, now);
            else queue_report(tx, d, now);
        }
    });
    return sent;
}

std::string ReportScheduler::due_key(StoreTx& tx, const std::string& kind, Instant due_at, const Period& period,
                                     Instant now) {
    const std::string key = fmt::format("{}:{}", kind, format_utc(period.from));
    // A new installation starts with the next report, not with one about the time before it ran.
    const bool first_start = tx.schedule().claim_run(kind + ":installed", now);
    if (now < due_at) return "";
    if (first_start) {
        tx.schedule().claim_run(key, now);
        return "";
    }
    return tx.schedule().run_done(key) ? "" : key;
}

void ReportScheduler::queue_report(StoreTx& tx, const Due& d, Instant now) {
    const auto& report = d.report;
    const auto& kind = d.kind;
    const auto& key = d.key;
    std::vector<std::string> to = schedule_.recipients;
    if (to.empty()) {
        std::set<std::string> seen;
        for (Role r : {Role::leader, Role::staff})
            for (const auto& p : tx.directory().people_with_role(r, ""))
                if (seen.insert(p.userid).second) to.push_back(p.userid);
    }
    std::string chart_payload;
    if (!d.chart_base64.empty())
        chart_payload = nlohmann::json{{"filename", "weekly-ranking.png"}, {"png_base64", d.chart_base64}}.dump();
    const std::string text = fmt::format("{}\n{}", kind == "weekly" ? "【周报】" : "【月报】", report_chat(report, ""));
    for (const auto& userid : to) {
        const auto message_key = fmt::format("report:{}:{}", key, userid);
        write_notice(tx, {.to = userid, .key = message_key, .body = text, .form = NoticeForm::markdown, .at = now});
        if (chart_payload.empty()) continue;
        write_notice(tx, {.to = userid, .key = message_key + ":chart", .body = chart_payload, .form = NoticeForm::image, .at = now});
    }
}

}  // namespace hotline::workflow
