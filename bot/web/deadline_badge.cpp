#include "bot/web/deadline_badge.h"

#include <fmt/format.h>

#include "workflow/procedure/lifecycle.h"

namespace hotline::bot::web {

namespace {
std::string span_text(std::chrono::seconds s) {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(s).count();
    if (hours < 1) return fmt::format("{}分钟", std::max<long long>(1, std::chrono::duration_cast<std::chrono::minutes>(s).count()));
    if (hours < 24) return fmt::format("{}小时", hours);
    return hours % 24 ? fmt::format("{}天{}小时", hours / 24, hours % 24) : fmt::format("{}天", hours / 24);
}
}  // namespace

DeadlineBadge deadline_badge(const workflow::Ticket& t, workflow::Instant now) {
    using workflow::State;
    DeadlineBadge b;
    std::optional<workflow::Instant> at;
    if (t.state == State::dispatched && t.report_deadline) {
        b.label = "报告截止";
        at = t.report_deadline;
    } else if (t.redo_deadline && (t.state == State::handling || t.state == State::unit_review)) {
        b.label = "重办截止";
        at = t.redo_deadline;
    } else if (t.feedback_deadline && workflow::with_unit(t.state)) {
        b.label = "反馈截止";
        at = t.feedback_deadline;
    }
    if (!at) {
        b.urgency = "green";
        b.label.clear();
        return b;
    }
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*at - now);
    b.at = "北京时间" + workflow::format_china_time(*at);
    if (left.count() < 0) {
        b.urgency = "red";
        b.left = "已超期" + span_text(-left);
    } else {
        b.urgency = left < std::chrono::hours(24) ? "amber" : "green";
        b.left = "剩余" + span_text(left);
    }
    return b;
}

}  // namespace hotline::bot::web
