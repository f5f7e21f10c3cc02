#include "workflow/documents/supervision_notice.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "workflow/procedure/engine.h"
#include "workflow/procedure/lifecycle.h"
#include "workflow/procedure/names.h"
#include "workflow/survey/survey.h"
#include "workflow/survey/survey_reply.h"

namespace hotline::workflow {

namespace {

using std::chrono::duration_cast;
using std::chrono::minutes;

bool is_redo(const std::string& action) {
    const auto a = parse_action(action);
    return a && transition_for(*a).tally == Tally::redone;
}

bool is(const AuditEvent& e, Action a) { return e.action == to_string(a); }

// The notice leaves the hotline: a mobile number typed into a title or a reason (1 and ten more
// digits, not inside a longer number) is masked like the citizen's own, 138****5678.
std::string mask_mobile_numbers(const std::string& text) {
    std::string out = text;
    auto digit = [&](std::size_t i) { return i < out.size() && out[i] >= '0' && out[i] <= '9'; };
    for (std::size_t i = 0; i + 11 <= out.size(); ++i) {
        if (out[i] != '1' || (i > 0 && digit(i - 1))) continue;
        std::size_t n = 0;
        while (digit(i + n)) ++n;
        if (n == 11) out.replace(i + 3, 4, "****");
        i += n ? n - 1 : 0;
    }
    return out;
}

// A reason or opinion as the notice quotes it: one line, at most 80 characters, without the
// machine-readable parts the engine adds to a note (redo_deadline=…, level=…).
std::string quoted(std::string note) {
    std::replace(note.begin(), note.end(), '\n', ' ');
    std::string human;
    std::size_t at = 0;
    while (at < note.size()) {
        auto end = note.find(' ', at);
        if (end == std::string::npos) end = note.size();
        const auto word = note.substr(at, end - at);
        const auto eq = word.find('=');
        const bool machine = eq != std::string::npos && eq > 0 &&
                             std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(eq),
                                         [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
        if (!machine && !word.empty()) human += (human.empty() ? "" : " ") + word;
        at = end + 1;
    }
    note = human;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < note.size(); ++i) {
        const bool starts_char = (static_cast<unsigned char>(note[i]) & 0xC0) != 0x80;
        if (starts_char && chars++ == 80) return mask_mobile_numbers(note.substr(0, i)) + "……";
    }
    return mask_mobile_numbers(note);
}

class CaseBuilder {
public:
    CaseBuilder(StoreTx& tx, const NoticePhoneMasker& mask) : tx_(tx), mask_(mask) {}

    NoticeCase& of(std::int64_t ticket_id, const std::string& unit_code) {
        auto [it, fresh] = cases_.try_emplace(ticket_id);
        NoticeCase& c = it->second;
        if (!fresh) return c;
        c.ticket_id = ticket_id;
        const auto t = tx_.tickets().find(ticket_id);
        if (t) {
            c.title = mask_mobile_numbers(t->title);
            if (!t->citizen_phone_enc.empty() && mask_) c.citizen_phone = mask_(t->citizen_phone_enc);
        }
        c.unit_code = !unit_code.empty() ? unit_code : (t ? t->unit_code : "");
        const auto u = tx_.directory().unit(c.unit_code);
        c.unit_name = u ? u->name : c.unit_code;
        fill_trail(c);
        return c;
    }

    // A ticket's whole trail, read once per notice.
    const std::vector<AuditEvent>& history_of(std::int64_t ticket_id) {
        auto it = history_.find(ticket_id);
        if (it == history_.end()) it = history_.emplace(ticket_id, tx_.audit().of(ticket_id)).first;
        return it->second;
    }
    std::map<std::int64_t, NoticeCase>& cases() { return cases_; }

    // "张伟（旗住房和城乡建设局）" for unit people, the name alone for the hotline's.
    std::string who(const std::string& userid) {
        if (userid.empty() || userid == "system") return "系统";
        const auto p = tx_.directory().person(userid);
        std::string out = p ? p->name : userid;
        if (p && !p->unit_code.empty())
            if (const auto u = tx_.directory().unit(p->unit_code)) out += "（" + u->name + "）";
        return out;
    }

private:
    void fill_trail(NoticeCase& c) {
        bool dispatched = false;
        for (const auto& e : history_of(c.ticket_id)) {
            if (is(e, Action::instruct)) {
                c.instructions.push_back({e.at, who(e.actor), quoted(e.note)});
                continue;
            }
            if (is(e, Action::dispatch)) dispatched = true;
            if (!dispatched) continue;  // the hotline's own intake steps are not the unit's handling
            if (const auto what = describe(e); !what.empty()) c.trail.push_back({e.at, who(e.actor), what});
        }
    }

    std::string describe(const AuditEvent& e) {
        if (e.action == kLateReturnAction) {
            if (const auto late = parse_late_return(e.note))
                return fmt::format("申请退单，已超出派单后{}小时的时限{}，未受理：{}", late->window_hours,
                                   chinese_duration(minutes(late->late_minutes)), quoted(late->reason));
            return "申请退单，已超出时限，未受理";
        }
        const auto action = parse_action(e.action);
        if (!action) return "";  // evidence, report files: listed in the archive, not facts of the handling
        const auto& t = transition_for(*action);
        if (*action == Action::dispatch) {
            const auto u = tx_.directory().unit(e.unit_code);
            return fmt::format("派单至{}", u ? u->name : e.unit_code);
        }
        if (*action == Action::request_extension) {
            int days = 0, used = 0;
            if (std::sscanf(e.note.c_str(), "days=%d %n", &days, &used) >= 1)
                return fmt::format("申请延期{}个工作日：{}", days, quoted(e.note.substr(static_cast<std::size_t>(used))));
        }
        // The survey's answer is the citizen's; the notice gives the outcome, never the text.
        if (!t.needs_reason || *action == Action::record_survey || e.note.empty()) return std::string(t.chinese);
        return fmt::format("{}：{}", t.chinese, quoted(e.note));
    }

    StoreTx& tx_;
    const NoticePhoneMasker& mask_;
    std::map<std::int64_t, NoticeCase> cases_;
    std::map<std::int64_t, std::vector<AuditEvent>> history_;
};

constexpr Name<BadCaseKind> kBadCaseKinds[] = {
    {BadCaseKind::overdue, "overdue", "超期未办结"},
    {BadCaseKind::redone_repeatedly, "redone_repeatedly", "两次以上退回重办"},
    {BadCaseKind::late_return, "late_return", "超时申请退单"},
    {BadCaseKind::unsatisfied_after_supervision, "unsatisfied_after_supervision", "督办后仍未解决或不满意"},
};

void add_kind(NoticeCase& c, BadCaseKind k, std::string finding) { c.findings.try_emplace(k, std::move(finding)); }

}  // namespace

std::string_view chinese_name(BadCaseKind k) { return chinese_in(kBadCaseKinds, k); }

std::string chinese_duration(std::chrono::seconds d) {
    const auto total = std::max<std::int64_t>(duration_cast<minutes>(d).count(), 1);
    const auto days = total / (24 * 60), hours = total / 60 % 24, mins = total % 60;
    std::string out;
    if (days) out += fmt::format("{}天", days);
    if (hours) out += fmt::format("{}小时", hours);
    if (mins && !days) out += fmt::format("{}分钟", mins);
    return out.empty() ? fmt::format("{}天", days) : out;
}

bool SupervisionNotice::has_instructions() const {
    return std::any_of(cases.begin(), cases.end(), [](const NoticeCase& c) { return !c.instructions.empty(); });
}

SupervisionNotice compute_supervision_notice(StoreTx& tx, const Period& period, const StatsPolicy& policy,
                                             Instant now, const NoticePhoneMasker& mask) {
    SupervisionNotice n;
    n.period = period;
    n.made_at = now;
    CaseBuilder cases(tx, mask);

    // Overdue: exactly the tickets the three rates count as late, so the notice and the ranking agree.
    for (const auto& f : compute_stats(tx, period, policy, now).tickets) {
        if (f.delivered_at && *f.delivered_at <= f.feedback_deadline) continue;
        auto& c = cases.of(f.ticket_id, f.unit_code);
        const auto deadline = format_china_time(f.feedback_deadline);
        add_kind(c, BadCaseKind::overdue,
                 f.delivered_at
                     ? fmt::format("反馈期限为北京时间{}，单位领导于{}审核报送，超期{}", deadline,
                                   format_china_time(*f.delivered_at), chinese_duration(*f.delivered_at - f.feedback_deadline))
                     : fmt::format("反馈期限为北京时间{}，截至{}仍未报送，已超期{}", deadline, format_china_time(now),
                                   chinese_duration(now - f.feedback_deadline)));
    }

    std::set<std::int64_t> redone, surveyed;
    for (const auto& e : tx.audit().between(period.from, period.to)) {
        if (e.action == kLateReturnAction) {
            const auto late = parse_late_return(e.note).value_or(LateReturnNote{});
            add_kind(cases.of(e.ticket_id, e.unit_code), BadCaseKind::late_return,
                     fmt::format("北京时间{}申请退单，已超出派单后{}小时的退单时限{}", format_china_time(e.at),
                                 late.window_hours, chinese_duration(minutes(late.late_minutes))));
        } else if (is_redo(e.action)) {
            redone.insert(e.ticket_id);
        } else if (is(e, Action::record_survey)) {
            surveyed.insert(e.ticket_id);
        }
    }
    for (const auto id : redone) {
        int total = 0, in_period = 0;
        std::string unit;
        for (const auto& e : cases.history_of(id)) {
            if (!is_redo(e.action) || e.at >= period.to) continue;
            ++total;
            if (e.at >= period.from) ++in_period;
            unit = e.unit_code.empty() ? unit : e.unit_code;
        }
        // A second redo or more in the period: the first one alone is the procedure working.
        if (total < 2 || in_period == 0) continue;
        auto& c = cases.of(id, unit);
        add_kind(c, BadCaseKind::redone_repeatedly,
                 in_period == total ? fmt::format("本期被退回重办{}次", total)
                                    : fmt::format("累计被退回重办{}次，其中本期{}次", total, in_period));
    }

    // Unsatisfied after supervision: a survey answered in the period (every answer, by SMS or by
    // staff, is a 回访结果 event) after a 督办, 未解决 or 不满意.
    for (const auto id : surveyed) {
        for (const auto& s : tx.surveys().of(id)) {
            if (s.state != SurveyState::recorded || !s.finished_at || *s.finished_at < period.from || *s.finished_at >= period.to)
                continue;
            const bool unsolved = s.resolution == Resolution::unsolved;
            const bool unhappy = s.satisfaction == Satisfaction::dissatisfied;
            if (!unsolved && !unhappy) continue;
            // The latest 督办 before this answer (a bad answer itself starts a new one at its own time).
            std::optional<AuditEvent> supervised;
            for (const auto& e : cases.history_of(id))
                if (is(e, Action::supervise) && e.at < *s.finished_at) supervised = e;
            if (!supervised) continue;
            std::string answer;
            if (s.resolution) answer += chinese_name(*s.resolution);
            if (s.satisfaction) answer += (answer.empty() ? "" : "、") + std::string(chinese_name(*s.satisfaction));
            auto& c = cases.of(id, supervised->unit_code);
            add_kind(c, BadCaseKind::unsatisfied_after_supervision,
                     fmt::format("北京时间{}督办后，{}回访结果仍为{}", format_china_time(supervised->at),
                                 format_china_time(*s.finished_at), answer));
        }
    }

    for (auto& [id, c] : cases.cases()) {
        for (const auto& [k, finding] : c.findings) ++n.counts[k];
        n.cases.push_back(std::move(c));
    }
    return n;
}

std::string kinds_text(const NoticeCase& c) {
    std::string out;
    for (const auto& [k, finding] : c.findings) out += (out.empty() ? "" : "、") + std::string(chinese_name(k));
    return out;
}

SupervisionNotice without_instructions(SupervisionNotice n) {
    for (auto& c : n.cases) c.instructions.clear();
    return n;
}

std::string supervision_chat_summary(const SupervisionNotice& n) {
    std::string out = fmt::format("【督办通报】{}", n.period.label);
    if (n.cases.empty()) return out + "\n本期没有超期、反复重办、超时退单或督办后仍不满意的工单。";
    out += fmt::format("\n共{}件：", n.cases.size());
    bool first = true;
    for (const auto& [k, count] : n.counts) {
        out += fmt::format("{}{}{}件", first ? "" : "，", chinese_name(k), count);
        first = false;
    }
    out += "。";
    for (const auto& c : n.cases)
        out += fmt::format("\n· 工单#{} {}（{}）：{}", c.ticket_id, c.unit_name, kinds_text(c), c.findings.begin()->second);
    return out;
}

}  // namespace hotline::workflow
