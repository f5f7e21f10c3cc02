#include "workflow/procedure/engine.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include <cstdio>

#include "workflow/notify/notice.h"
#include "workflow/notify/notifications.h"
#include "workflow/documents/reply_template.h"

namespace hotline::workflow {

namespace {

using namespace std::chrono_literals;

std::string ticket_ref(std::int64_t id) { return "工单#" + std::to_string(id); }

Refusal refuse(Rule rule, std::string message) { return Refusal{rule, std::move(message)}; }

// A person may have several tickets open: every refusal of an action on one names it.
Refusal naming_ticket(Refusal r, std::int64_t id) {
    const std::string ref = ticket_ref(id);
    for (auto at = r.message.find(ref); at != std::string::npos; at = r.message.find(ref, at + 1)) {
        const auto after = at + ref.size();
        if (after == r.message.size() || !std::isdigit(static_cast<unsigned char>(r.message[after]))) return r;
    }
    r.message = ref + "：" + r.message;
    return r;
}

std::string roles_text(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) {
        if (!out.empty()) out += "或";
        out += chinese_name(r);
    }
    return out;
}

Role signer_role(int level) {
    switch (level) {
        case 1: return Role::signer1;
        case 2: return Role::signer2;
        default: return Role::signer3;
    }
}

Instant deadline_in_force(const Ticket& t) { return t.redo_deadline.value_or(*t.feedback_deadline); }

// What an action changes, computed by the checks before anything is written.
struct Effect {
    std::string audit_note;
    bool rearm_timers = false;
    bool cancel_timers = false;
    std::optional<Request> new_request;
    std::optional<Request> decided_request;
};

class ActionContext {
public:
    ActionContext(StoreTx& tx, const ActionRequest& req, const Deadlines& deadlines, Instant now,
                  const Engine::RepliedHook* on_replied = nullptr)
        : tx_(tx), req_(req), deadlines_(deadlines), now_(now), on_replied_(on_replied) {}

    ActionResult run();
    // Who may take this action on this ticket in its state: role, unit, archive, state.
    std::optional<Refusal> check_only();

private:
    std::optional<Refusal> permitted(const Transition& t);
    std::optional<Refusal> check_and_change(const Transition& t);
    std::optional<Refusal> change(Action a);
    std::optional<Refusal> effect_dispatch();
    std::optional<Refusal> effect_request_return();
    std::optional<Refusal> effect_approve_return();
    std::optional<Refusal> effect_request_extension();
    std::optional<Refusal> effect_approve_extension();
    std::optional<Refusal> effect_submit_result();
    std::optional<Refusal> effect_sign();
    std::optional<Refusal> decide_pending(RequestKind kind, bool approve);
    std::optional<Refusal> turn_refusal();
    std::optional<Refusal> no_pending(RequestKind kind);
    std::optional<Refusal> signer_out_of_order();
    void arm_timers();
    void set_redo_deadline();
    void record_late_return();

    StoreTx& tx_;
    const ActionRequest& req_;
    const Deadlines& deadlines_;
    Instant now_;
    const Engine::RepliedHook* on_replied_;
    Person actor_;
    Ticket before_;
    Ticket after_;
    Effect effect_;
};

ActionResult ActionContext::run() {
    ActionResult result;
    auto ticket = tx_.tickets().find(req_.ticket_id);
    if (!ticket) {
        result.refusal = refuse(Rule::unknown_ticket, ticket_ref(req_.ticket_id) + "不存在，请核对编号。");
        return result;
    }
    result.ticket = *ticket;
    before_ = after_ = *ticket;
    const Transition& t = transition_for(req_.action);
    auto refusal = check_and_change(t);
    if (refusal) {
        if (refusal->rule == Rule::return_window_closed) record_late_return();
        result.refusal = naming_ticket(std::move(*refusal), before_.id);
        return result;
    }
    after_.updated_at = now_;
    tx_.tickets().update(after_);
    if (effect_.new_request) result.request_id = tx_.requests().insert(*effect_.new_request);
    if (effect_.decided_request) {
        tx_.requests().update(*effect_.decided_request);
        result.request_id = effect_.decided_request->id;
    }
    if (effect_.cancel_timers || effect_.rearm_timers) tx_.timers().cancel_of(after_.id);
    if (effect_.rearm_timers) arm_timers();

    AuditEvent ev;
    ev.ticket_id = after_.id;
    ev.actor = actor_.userid;
    ev.action = std::string(t.id);
    ev.from_state = std::string(to_string(before_.state));
    ev.to_state = std::string(to_string(after_.state));
    ev.note = effect_.audit_note;
    ev.at = now_;
    // A dispatch counts for the unit it goes to; everything else for the unit that had the ticket.
    ev.unit_code = before_.unit_code.empty() || t.action == Action::dispatch ? after_.unit_code : before_.unit_code;
    ev = tx_.audit().append(ev);
    result.audit_seq = ev.seq;

    NotificationContext nc{tx_, t, before_, after_, actor_, req_, ev, deadlines_};
    for (const auto& n : plan_notifications(nc)) write_notice(tx_, n);
    if (t.action == Action::mark_replied && on_replied_ && *on_replied_) (*on_replied_)(tx_, after_);
    result.ticket = after_;
    return result;
}

std::optional<Refusal> ActionContext::permitted(const Transition& t) {
    const std::string ref = ticket_ref(before_.id);
    if (before_.state == State::archived)
        return refuse(Rule::archived_read_only, ref + "已归档，只能查阅，不能再办理。");

    if (req_.by_system) {
        actor_ = Person{"system", "系统", "", {}, true};
        if (std::find(t.from.begin(), t.from.end(), before_.state) == t.from.end())
            return refuse(Rule::wrong_state,
                          fmt::format("{}当前状态为「{}」，不能「{}」。", ref, chinese_name(before_.state), t.chinese));
        return std::nullopt;
    }
    auto actor = tx_.directory().person(req_.actor);
    if (!actor || !actor->active)
        return refuse(Rule::unknown_actor, "您不在本系统通讯录中，请联系管理员开通。");
    actor_ = *actor;

    const bool role_ok = std::any_of(t.roles.begin(), t.roles.end(), [&](Role r) { return actor_.has_role(r); });
    if (!role_ok)
        return refuse(Rule::role_not_allowed,
                      fmt::format("「{}」须由{}办理，您没有此权限。", t.chinese, roles_text(t.roles)));
    // Checked before the state, so that nothing about another unit's ticket is revealed.
    if (t.unit_scoped && (actor_.unit_code.empty() || actor_.unit_code != before_.unit_code))
        return refuse(Rule::not_your_unit, ref + "不是本单位的工单，您无权办理。");
    if (std::find(t.from.begin(), t.from.end(), before_.state) == t.from.end())
        return refuse(Rule::wrong_state,
                      fmt::format("{}当前状态为「{}」，不能「{}」。", ref, chinese_name(before_.state), t.chinese));
    return std::nullopt;
}

// A return asked for after the window is refused, but it is a fact the supervision notice reports
// (seed 二(八)): it is kept in the audit trail, ticket and deadlines untouched.
void ActionContext::record_late_return() {
    const Instant window_end = deadlines_.return_window_end(*before_.dispatched_at);
    AuditEvent ev;
    ev.ticket_id = before_.id;
    ev.actor = actor_.userid;
    ev.action = std::string(kLateReturnAction);
    ev.from_state = ev.to_state = std::string(to_string(before_.state));
    ev.note = format_late_return(
        {.window_hours = static_cast<int>(deadlines_.policy().return_window.count()),
         .late_minutes = static_cast<long>(std::chrono::duration_cast<std::chrono::minutes>(now_ - window_end).count()),
         .reason = req_.note});
    ev.at = now_;
    ev.unit_code = before_.unit_code;
    tx_.audit().append(ev);
}

std::optional<Refusal> ActionContext::check_only() {
    auto ticket = tx_.tickets().find(req_.ticket_id);
    if (!ticket) return refuse(Rule::unknown_ticket, ticket_ref(req_.ticket_id) + "不存在，请核对编号。");
    before_ = after_ = *ticket;
    auto refusal = permitted(transition_for(req_.action));
    if (!refusal) refusal = turn_refusal();
    if (refusal) return naming_ticket(std::move(*refusal), before_.id);
    return refusal;
}

// Whose turn it is beyond role, unit and state: the signer of the ticket's level; a decision on
// a request only while one is pending. run() meets the same rules in the action's effect.
std::optional<Refusal> ActionContext::turn_refusal() {
    switch (req_.action) {
        case Action::signoff_approve:
        case Action::signoff_reject: return signer_out_of_order();
        case Action::approve_return:
        case Action::reject_return: return no_pending(RequestKind::return_request);
        case Action::approve_extension:
        case Action::reject_extension: return no_pending(RequestKind::extension);
        default: return std::nullopt;
    }
}

std::optional<Refusal> ActionContext::no_pending(RequestKind kind) {
    if (tx_.requests().pending_of(before_.id, kind)) return std::nullopt;
    return refuse(Rule::no_pending_request,
                  fmt::format("{}没有待审批的{}申请。", ticket_ref(before_.id), chinese_name(kind)));
}

std::optional<Refusal> ActionContext::signer_out_of_order() {
    const Role needed = signer_role(before_.signoff_level);
    if (actor_.has_role(needed)) return std::nullopt;
    return refuse(Rule::signoff_out_of_order,
                  fmt::format("审签须依次进行：{}当前应由第{}级审签人（{}）审签。", ticket_ref(before_.id),
                              before_.signoff_level, chinese_name(needed)));
}

std::optional<Refusal> ActionContext::check_and_change(const Transition& t) {
    if (auto refusal = permitted(t)) return refusal;
    if (t.needs_reason && req_.note.empty())
        return refuse(Rule::reason_required, fmt::format("「{}」须写明理由或意见。", t.chinese));
    if (t.to) after_.state = *t.to;
    effect_.audit_note = req_.note;
    return change(t.action);
}

// Each action's own checks and effects, beyond the table's role, unit, state and reason.
std::optional<Refusal> ActionContext::change(Action a) {
    switch (a) {
        case Action::claim:
            after_.claimed_by = actor_.userid;
            return std::nullopt;
        case Action::dispatch: return effect_dispatch();
        case Action::accept:
            after_.accepted_by = actor_.userid;
            return std::nullopt;
        case Action::request_return: return effect_request_return();
        case Action::approve_return: return effect_approve_return();
        case Action::reject_return: return decide_pending(RequestKind::return_request, false);
        case Action::request_extension: return effect_request_extension();
        case Action::approve_extension: return effect_approve_extension();
        case Action::reject_extension: return decide_pending(RequestKind::extension, false);
        case Action::submit_result: return effect_submit_result();
        case Action::unit_approve:
            effect_.cancel_timers = true;  // the unit has delivered; its reminders stop
            return std::nullopt;
        case Action::unit_reject:
            return std::nullopt;
        case Action::review_pass:
            after_.signoff_level = 1;
            return std::nullopt;
        case Action::review_redo:
        case Action::city_reject:
            set_redo_deadline();
            return std::nullopt;
        case Action::signoff_approve:
        case Action::signoff_reject: return effect_sign();
        case Action::record_survey:
            after_.survey_outcome = req_.note;
            return std::nullopt;
        case Action::supervise:
            after_.supervision_count += 1;
            after_.redo_deadline.reset();  // supervision is judged on the feedback deadline, as before
            return std::nullopt;
        case Action::merge_away:
            effect_.cancel_timers = true;
            return std::nullopt;
        case Action::contact:
        case Action::instruct:
        case Action::upload:
        case Action::city_approve:
        case Action::mark_replied:
        case Action::close:
        case Action::archive:
            return std::nullopt;
    }
    return std::nullopt;
}

// The unit and the category fix the deadlines (规程 二(二)、二(三)).
std::optional<Refusal> ActionContext::effect_dispatch() {
    const auto unit = tx_.directory().unit(req_.unit_code);
    if (!unit) return refuse(Rule::unknown_unit, fmt::format("没有找到单位「{}」，请核对单位名称。", req_.unit_code));
    const Category category = req_.category.value_or(before_.category);
    if (category == Category::unknown)
        return refuse(Rule::category_required, "请指定留言类别：咨询建议、投诉反映或复杂，它决定办理时限。");
    after_.unit_code = unit->code;
    after_.category = category;
    after_.accepted_by.clear();
    after_.dispatched_at = now_;
    after_.feedback_deadline = deadlines_.feedback_deadline(category, now_);
    after_.report_deadline = deadlines_.report_deadline(*after_.feedback_deadline);
    after_.deadline_version += 1;
    effect_.rearm_timers = true;
    effect_.audit_note = fmt::format("unit={} category={}", unit->code, to_string(category));
    return std::nullopt;
}

// Within the window after dispatch, one at a time (规程 二(二)).
std::optional<Refusal> ActionContext::effect_request_return() {
    const std::string ref = ticket_ref(before_.id);
    const Instant window_end = deadlines_.return_window_end(*before_.dispatched_at);
    if (now_ > window_end)
        return refuse(Rule::return_window_closed,
                      fmt::format("退单须在派单后{}小时内提出（截止北京时间{}），现已超时，请按要求办理或申请延期。",
                                  deadlines_.policy().return_window.count(), format_china_time(window_end)));
    if (tx_.requests().pending_of(before_.id, RequestKind::return_request))
        return refuse(Rule::request_already_pending, ref + "已有待审批的退单申请，请等待接诉即办中心审批。");
    Request r;
    r.ticket_id = before_.id;
    r.kind = RequestKind::return_request;
    r.reason = req_.note;
    r.requested_by = actor_.userid;
    r.requested_at = now_;
    effect_.new_request = r;
    return std::nullopt;
}

// The ticket goes back to the hotline to be dispatched again.
std::optional<Refusal> ActionContext::effect_approve_return() {
    if (auto refusal = decide_pending(RequestKind::return_request, true)) return refusal;
    after_.unit_code.clear();
    after_.accepted_by.clear();
    after_.dispatched_at.reset();
    after_.feedback_deadline.reset();
    after_.report_deadline.reset();
    after_.deadline_version += 1;  // the old deadline's reminders are void
    effect_.cancel_timers = true;
    return std::nullopt;
}

// Before the deadline in force, within the cap (规程 二(三)4).
std::optional<Refusal> ActionContext::effect_request_extension() {
    const std::string ref = ticket_ref(before_.id);
    const auto cap = deadlines_.policy().extension_cap_working_days;
    if (req_.days < 1 || req_.days > cap)
        return refuse(Rule::invalid_days, fmt::format("延期天数须为1到{}个工作日。", cap));
    if (now_ >= deadline_in_force(before_))
        return refuse(Rule::extension_after_deadline,
                      fmt::format("延期须在{}期限（北京时间{}）前申请，现已超过期限。",
                                  before_.redo_deadline ? "重办" : "反馈",
                                  format_china_time(deadline_in_force(before_))));
    if (tx_.requests().pending_of(before_.id, RequestKind::extension))
        return refuse(Rule::request_already_pending, ref + "已有待审批的延期申请，请等待接诉即办中心审批。");
    if (before_.extension_days + req_.days > cap)
        return refuse(Rule::extension_cap_exceeded,
                      fmt::format("延期累计不得超过{}个工作日：已批准{}个，本次申请{}个。", cap,
                                  before_.extension_days, req_.days));
    Request r;
    r.ticket_id = before_.id;
    r.kind = RequestKind::extension;
    r.days = req_.days;
    r.reason = req_.note;
    r.requested_by = actor_.userid;
    r.requested_at = now_;
    effect_.new_request = r;
    effect_.audit_note = fmt::format("days={} {}", req_.days, req_.note);
    return std::nullopt;
}

// The deadline in force moves by the days granted.
std::optional<Refusal> ActionContext::effect_approve_extension() {
    const auto cap = deadlines_.policy().extension_cap_working_days;
    auto pending = tx_.requests().pending_of(before_.id, RequestKind::extension);
    if (pending && before_.extension_days + pending->days > cap)
        return refuse(Rule::extension_cap_exceeded,
                      fmt::format("延期累计不得超过{}个工作日：已批准{}个，本次申请{}个。", cap,
                                  before_.extension_days, pending->days));
    if (auto refusal = decide_pending(RequestKind::extension, true)) return refusal;
    const int days = effect_.decided_request->days;
    after_.extension_days += days;
    after_.deadline_version += 1;
    effect_.rearm_timers = true;
    if (before_.redo_deadline) {  // during a redo it is the redo that gets the time
        after_.redo_deadline = deadlines_.add_working_days(*before_.redo_deadline, days);
        effect_.audit_note = fmt::format("days={} redo_deadline={}", days, format_utc(*after_.redo_deadline));
        return std::nullopt;
    }
    after_.feedback_deadline = deadlines_.add_working_days(*before_.feedback_deadline, days);
    after_.report_deadline = deadlines_.report_deadline(*after_.feedback_deadline);
    effect_.audit_note = fmt::format("days={} feedback_deadline={}", days, format_utc(*after_.feedback_deadline));
    return std::nullopt;
}

// Every section of the reply template filled in (规程 二(二), the 答复模板).
std::optional<Refusal> ActionContext::effect_submit_result() {
    const std::string ref = ticket_ref(before_.id);
    if (req_.result.empty())
        return refuse(Rule::result_required, fmt::format("请提交{}按答复模板填写的办理结果。", ref));
    const auto draft = parse_reply(req_.result);
    const auto missing = draft.missing();
    if (!missing.empty()) {
        std::string names;
        for (auto m : missing) names += (names.empty() ? "" : "、") + std::string(label(m));
        return refuse(Rule::result_incomplete,
                      fmt::format("{}的办理结果缺少：{}。请按答复模板补充后重新提交。", ref, names));
    }
    after_.result = draft.to_json();
    return std::nullopt;
}

// Level by level, 1 to 3 (规程 二(六)).
std::optional<Refusal> ActionContext::effect_sign() {
    if (auto refusal = signer_out_of_order()) return refusal;
    effect_.audit_note = fmt::format("level={} {}", before_.signoff_level, req_.note);
    if (req_.action == Action::signoff_reject) {
        after_.signoff_level = 0;
        set_redo_deadline();
    } else if (before_.signoff_level < 3) {
        after_.signoff_level = before_.signoff_level + 1;
    } else {
        after_.signoff_level = 0;
        after_.state = State::signed_off;
    }
    return std::nullopt;
}

std::optional<Refusal> ActionContext::decide_pending(RequestKind kind, bool approve) {
    auto pending = tx_.requests().pending_of(before_.id, kind);
    if (!pending) return no_pending(kind);  // reads again only to word the refusal
    pending->state = approve ? RequestState::approved : RequestState::rejected;
    pending->decided_by = actor_.userid;
    pending->decided_at = now_;
    pending->decision_note = req_.note;
    effect_.decided_request = *pending;
    return std::nullopt;
}

// A redo is a new deadline version: the reminders of the old deadline never fire, new ones are
// armed for the redo deadline.
void ActionContext::set_redo_deadline() {
    after_.redo_count += 1;
    after_.redo_deadline = deadlines_.redo_deadline(now_);
    after_.deadline_version += 1;
    effect_.rearm_timers = true;
    effect_.audit_note += fmt::format("{}redo_deadline={}", effect_.audit_note.empty() ? "" : " ",
                                      format_utc(*after_.redo_deadline));
}

// A redo is timed from its own deadline; otherwise from the report and feedback deadlines.
void ActionContext::arm_timers() {
    auto arm = [&](Anchor anchor, Instant base) {
        for (const auto& k : timer_kinds_from(anchor)) {
            const Instant due = base + k.offset;
            if (due <= now_) continue;  // already past at arming: nothing to remind of
            tx_.timers().schedule(Timer{.ticket_id = after_.id, .kind = k.kind, .due_at = due,
                                     .deadline_version = after_.deadline_version});
        }
    };
    if (after_.redo_deadline) return arm(Anchor::redo, *after_.redo_deadline);
    arm(Anchor::report, *after_.report_deadline);
    arm(Anchor::feedback, *after_.feedback_deadline);
}

}  // namespace

std::string format_late_return(const LateReturnNote& n) {
    return fmt::format("window_hours={} late_minutes={} {}", n.window_hours, n.late_minutes, n.reason);
}

std::optional<LateReturnNote> parse_late_return(const std::string& note) {
    LateReturnNote n;
    int used = 0;
    if (std::sscanf(note.c_str(), "window_hours=%d late_minutes=%ld %n", &n.window_hours, &n.late_minutes, &used) < 2)
        return std::nullopt;
    n.reason = note.substr(static_cast<std::size_t>(used));
    return n;
}

ActionResult Engine::apply(const ActionRequest& req) {
    ActionResult result;
    store_.transact([&](StoreTx& tx) { result = apply_in(tx, req); });
    return result;
}

std::optional<Refusal> Engine::check_in(StoreTx& tx, const ActionRequest& req) {
    return ActionContext(tx, req, deadlines_, clock_.now()).check_only();
}

ActionResult Engine::apply_in(StoreTx& tx, const ActionRequest& req) {
    return ActionContext(tx, req, deadlines_, clock_.now(), &on_replied_).run();
}

Ticket Engine::receive(const NewTicket& t) {
    Ticket out;
    store_.transact([&](StoreTx& tx) { out = receive_in(tx, t); });
    return out;
}

Ticket Engine::receive_in(StoreTx& tx, const NewTicket& t, bool announce) {
    const std::int64_t id = tx.tickets().insert(t);
    Ticket ticket = *tx.tickets().find(id);
    AuditEvent ev;
    ev.ticket_id = id;
    ev.actor = "system";
    ev.action = "receive";
    ev.to_state = std::string(to_string(ticket.state));
    ev.note = fmt::format("source={} source_id={}", t.source, t.source_id);
    ev.at = clock_.now();
    ev = tx.audit().append(ev);
    if (announce)
        for (const auto& n : plan_received_notice(tx, ticket, ev, suggest_category(t.title + "\n" + t.content, keywords_)))
            write_notice(tx, n);
    // Claiming is staff's first step; the reminders chase it if nobody does.
    const auto within = deadlines_.policy().claim_within;
    for (const auto& k : timer_kinds_from(Anchor::received))
        tx.timers().schedule(
            Timer{.ticket_id = id, .kind = k.kind, .due_at = add_saturating(t.received_at, k.claim_windows * within)});
    return ticket;
}

}  // namespace hotline::workflow
