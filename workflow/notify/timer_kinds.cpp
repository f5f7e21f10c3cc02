#include "workflow/notify/timer_kinds.h"

#include <algorithm>
#include <stdexcept>

namespace hotline::workflow {

using namespace std::chrono_literals;

const std::vector<TimerKindInfo>& timer_kinds() {
    using K = TimerKind;
    using A = Audience;
    static const std::vector<TimerKindInfo> table{
        {K::unclaimed_reannounce, "unclaimed_reannounce", Anchor::received, 0h, 1, A::hotline_staff, false,
         "收到后（北京时间{}）仍无人认领，请尽快认领"},
        {K::unclaimed_escalate, "unclaimed_escalate", Anchor::received, 0h, 2, A::hotline_supervisors, false,
         "收到后（北京时间{}）长时间无人认领，请督促12345热线认领"},
        {K::report_24h, "report_24h", Anchor::report, -24h, 0, A::unit_handlers, false,
         "报告将于北京时间{}截止（还有24小时），请按时报送"},
        {K::report_2h, "report_2h", Anchor::report, -2h, 0, A::unit_handlers, false,
         "报告将于北京时间{}截止（还有2小时），请尽快报送"},
        {K::report_due, "report_due", Anchor::report, 0h, 0, A::unit_handlers, false,
         "报告已到截止时间（北京时间{}），请立即报送"},
        {K::feedback_due, "feedback_due", Anchor::feedback, 0h, 0, A::unit_handlers, false,
         "已到反馈期限（北京时间{}），现已超期"},
        {K::escalate_leader, "escalate_leader", Anchor::feedback, 24h, 0, A::unit_leaders, false,
         "超过反馈期限（北京时间{}）24小时仍未办结，请分管领导督促办理"},
        {K::escalate_staff, "escalate_staff", Anchor::feedback, 48h, 0, A::hotline_staff, true,
         "超过反馈期限（北京时间{}）48小时仍未办结，请热线督办"},
        {K::redo_24h, "redo_24h", Anchor::redo, -24h, 0, A::unit_handlers, false,
         "退回重办的办理结果须于北京时间{}前重新提交（还有24小时），请按时办理"},
        {K::redo_2h, "redo_2h", Anchor::redo, -2h, 0, A::unit_handlers, false,
         "退回重办的办理结果须于北京时间{}前重新提交（还有2小时），请尽快提交"},
        {K::redo_due, "redo_due", Anchor::redo, 0h, 0, A::unit_handlers, false, "已到重办期限（北京时间{}），现已超期"},
        {K::redo_escalate_leader, "redo_escalate_leader", Anchor::redo, 24h, 0, A::unit_leaders, false,
         "超过重办期限（北京时间{}）24小时仍未重新提交，请分管领导督促办理"},
        {K::redo_escalate_staff, "redo_escalate_staff", Anchor::redo, 48h, 0, A::hotline_staff, true,
         "超过重办期限（北京时间{}）48小时仍未重新提交，请热线督办"},
        {K::morning_digest, "morning_digest", Anchor::day, 0h, 0, A::unit_handlers, false, {}},
    };
    return table;
}

const TimerKindInfo& timer_kind(TimerKind k) {
    const auto& table = timer_kinds();
    const auto it = std::find_if(table.begin(), table.end(), [k](const TimerKindInfo& i) { return i.kind == k; });
    if (it == table.end()) throw std::logic_error("timer kind missing from the table");
    return *it;
}

std::string_view to_string(TimerKind k) { return timer_kind(k).id; }

std::optional<TimerKind> parse_timer_kind(std::string_view id) {
    for (const auto& i : timer_kinds())
        if (i.id == id) return i.kind;
    return std::nullopt;
}

std::vector<TimerKindInfo> timer_kinds_from(Anchor a) {
    std::vector<TimerKindInfo> out;
    for (const auto& i : timer_kinds())
        if (i.anchor == a) out.push_back(i);
    return out;
}

}  // namespace hotline::workflow
