#pragma once
// The deadline a ticket is racing now, and how close it is: green, amber (< 24 h) or red
// (overdue), with the time left in words.
#include <optional>
#include <string>

#include "workflow/procedure/ticket.h"

namespace hotline::bot::web {

struct DeadlineBadge {
    std::string label;    // 报告截止 | 重办截止 | 反馈截止; empty: no deadline runs
    std::string urgency;  // green | amber | red (a CSS class)
    std::string left;     // 剩余3天5小时 | 已超期2小时
    std::string at;       // 北京时间 …
};

DeadlineBadge deadline_badge(const workflow::Ticket& t, workflow::Instant now);

}  // namespace hotline::bot::web
