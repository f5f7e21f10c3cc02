#include "workflow/notify/reminders.h"

#include "workflow/procedure/lifecycle.h"
#include "workflow/notify/notice.h"
#include "workflow/notify/timer_kinds.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

namespace hotline::workflow {

namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// The moment a timer is counted from, as the reminder names it.
std::string anchor_time(const Ticket& t, Anchor a) {
    const auto shown = [](const std::optional<Instant>& at) { return at ? format_china_time(*at) : std::string(); };
    switch (a) {
        case Anchor::received: return format_china_time(t.received_at);
        case Anchor::report: return shown(t.report_deadline);
        case Anchor::feedback: return shown(t.feedback_deadline);
        case Anchor::redo: return shown(t.redo_deadline);
        case Anchor::day: break;
    }
    return {};
}

std::string item_text(const Ticket& t, const Timer& timer, Instant now) {
    const auto& kind = timer_kind(timer.kind);
    std::string text = fmt::format("工单#{}「{}」{}", t.id, t.title,
                                   fmt::format(fmt::runtime(kind.text), anchor_time(t, kind.anchor)));
    // After downtime the reminder says when it was due, so nobody misreads it as news.
    if (now - timer.due_at > 10min) text += fmt::format("（原定提醒时间：北京时间{}）", format_china_time(timer.due_at));
    return text;
}

// Deadline reminders matter while the unit holds the ticket; claim reminders while nobody claimed it.
bool still_relevant(const Timer& timer, const Ticket& t) {
    if (timer_kind(timer.kind).anchor == Anchor::received) return t.state == State::received;
    return t.deadline_version == timer.deadline_version && with_unit(t.state);
}

// A reminder or digest to one person, once per key.
Notice text_notice(const std::string& userid, std::string key, std::string text, Instant now) {
    return {.to = userid, .key = std::move(key), .body = std::move(text), .at = now};
}

}  // namespace

bool in_quiet_hours(Instant t, const QuietHours& q) {
    if (!q.enabled || q.start == q.end) return false;
    const auto m = china_time_of_day(t);
    return q.start < q.end ? (m >= q.start && m < q.end) : (m >= q.start || m < q.end);
}

Instant end_of_quiet_hours(Instant t, const QuietHours& q) {
    if (!in_quiet_hours(t, q)) return t;
    const auto m = china_time_of_day(t);
    auto wait = q.end - m;
    if (wait <= 0min) wait += days{1};
    return t + wait;
}

void ReminderScheduler::arm_morning_digest() {
    if (!policy_.morning_digest) return;
    const Instant now = clock_.now();
    const auto local_day = floor<days>(now + kChinaOffset);
    Instant next = Instant{local_day} + policy_.morning_digest_at - kChinaOffset;
    if (next <= now) next += days{1};
    // One row per day: the version is the day number, so arming twice keeps one.
    const auto day = static_cast<int>(floor<days>(next + kChinaOffset).time_since_epoch().count());
    store_.transact([&](StoreTx& tx) { tx.timers().schedule(Timer{.kind = TimerKind::morning_digest, .due_at = next, .deadline_version = day}); });
}

ReminderPass ReminderScheduler::run_once(int limit) {
    ReminderPass pass;
    const Instant now = clock_.now();
    bool digest_fired = false;
    store_.transact([&](StoreTx& tx) {
        // (audience, unit) -> reminder lines, in due order
        std::map<std::pair<Audience, std::string>, std::vector<std::string>> buckets;
        std::map<std::pair<Audience, std::string>, std::int64_t> first_timer;
        std::map<std::int64_t, std::optional<Ticket>> tickets;

        for (const auto& timer : tx.timers().due(now, limit)) {
            if (timer.kind == TimerKind::morning_digest) {
                tx.timers().finish(timer.id, "fired", now);
                digest_fired = true;
                for (const auto& unit : tx.directory().units()) {
                    std::vector<Ticket> open;
                    for (State s : {State::dispatched, State::handling, State::unit_review})
                        for (auto& t : tx.tickets().in_state(s, unit.code, 50)) open.push_back(std::move(t));
                    if (open.empty()) continue;
                    std::string text = fmt::format("【每日待办】{}在办工单{}件：", unit.name, open.size());
                    for (const auto& t : open)
                        text += fmt::format("\n· #{} {}（反馈截止北京时间{}）", t.id, t.title,
                                            t.feedback_deadline ? format_china_time(*t.feedback_deadline) : "-");
                    for (const auto& p : tx.directory().people_with_role(Role::handler, unit.code)) {
                        if (write_notice(tx, text_notice(p.userid, fmt::format("digest:{}:{}", timer.id, p.userid),
                                                           text, now)))
                            ++pass.messages;
                    }
                }
                continue;
            }
            auto& cached = tickets[timer.ticket_id];
            if (!cached) cached = tx.tickets().find(timer.ticket_id);
            const auto& ticket = cached;
            if (!ticket || !still_relevant(timer, *ticket)) {
                tx.timers().finish(timer.id, "stale", now);
                ++pass.stale;
                continue;
            }
            // A pending return or extension decides what the deadline is: wait for it.
            if (tx.requests().pending_of(ticket->id, RequestKind::return_request) ||
                tx.requests().pending_of(ticket->id, RequestKind::extension)) {
                tx.timers().reschedule(timer.id, now + policy_.request_recheck);
                ++pass.held;
                continue;
            }
            const auto& info = timer_kind(timer.kind);
            const bool hotline = info.audience == Audience::hotline_staff || info.audience == Audience::hotline_supervisors;
            const auto& quiet = hotline ? policy_.hotline_people : policy_.unit_people;
            if (!(info.urgent && policy_.urgent_overrides_quiet) && in_quiet_hours(now, quiet)) {
                tx.timers().reschedule(timer.id, end_of_quiet_hours(now, quiet));
                ++pass.held;
                continue;
            }
            tx.timers().finish(timer.id, "fired", now);
            ++pass.fired;
            const auto key = std::make_pair(info.audience, hotline ? "" : ticket->unit_code);
            buckets[key].push_back(item_text(*ticket, timer, now));
            first_timer.emplace(key, timer.id);
        }

        for (const auto& [key, lines] : buckets) {
            const auto& [audience, unit] = key;
            std::vector<Person> people;
            if (audience == Audience::unit_handlers) people = tx.directory().people_with_role(Role::handler, unit);
            if (audience == Audience::unit_leaders) {
                people = tx.directory().people_with_role(Role::unit_leader, unit);
                for (auto& p : tx.directory().people_with_role(Role::handler, unit)) people.push_back(std::move(p));
            }
            if (audience == Audience::hotline_staff) people = tx.directory().people_with_role(Role::staff, "");
            if (audience == Audience::hotline_supervisors) {
                people = tx.directory().people_with_role(Role::center, "");
                for (auto& p : tx.directory().people_with_role(Role::leader, "")) people.push_back(std::move(p));
            }
            std::string text = lines.size() == 1 ? "【办理提醒】" + lines[0]
                                                 : fmt::format("【办理提醒】您有{}条提醒：", lines.size());
            if (lines.size() > 1)
                for (const auto& l : lines) text += "\n· " + l;
            std::set<std::string> sent;
            for (const auto& p : people) {
                if (!sent.insert(p.userid).second) continue;
                const auto key_text = fmt::format("reminder:{}:{}:{}", first_timer.at(key), lines.size(), p.userid);
                if (write_notice(tx, text_notice(p.userid, key_text, text, now))) ++pass.messages;
            }
        }
    });
    if (digest_fired) arm_morning_digest();
    return pass;
}

}  // namespace hotline::workflow
