#include "workflow/survey/survey.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "workflow/notify/notice.h"

namespace hotline::workflow {

namespace {

using namespace std::chrono_literals;

// "【某县12345】" and "某县12345" are the same signature.
std::string bare_signature(std::string s) {
    for (const std::string bracket : {"【", "】"})
        for (auto p = s.find(bracket); p != std::string::npos; p = s.find(bracket)) s.erase(p, bracket.size());
    return s;
}

}  // namespace

Instant next_daytime(Instant t, int day_start_minute, int day_end_minute) {
    const auto m = china_time_of_day(t).count();
    if (m >= day_start_minute && m < day_end_minute) return t;
    const Instant today_start = china_midnight(china_date(t)) + std::chrono::minutes(day_start_minute);
    return m < day_start_minute ? today_start : today_start + 24h;
}

void SurveyEngine::start_in(StoreTx& tx, const Ticket& t) {
    const Instant now = engine_.clock().now();
    Survey s;
    s.ticket_id = t.id;
    s.phone_hash = t.phone_hash;
    s.phone_enc = t.citizen_phone_enc;
    s.created_at = now;
    if (t.citizen_phone_enc.empty()) {
        s.id = tx.surveys().insert(s);
        to_phone_task(tx, s, "留言没有市民手机号，无法短信回访", now);
        return;
    }
    s.step = SurveyStep::ask;
    s.next_at = daytime(now + policy_.start_delay);
    tx.surveys().insert(s);
}

std::size_t SurveyEngine::run_due_in(StoreTx& tx, int limit) {
    const Instant now = engine_.clock().now();
    const auto due = tx.surveys().due(now, limit);
    for (const auto& s : due) step(tx, s, now);
    return due.size();
}

void SurveyEngine::step(StoreTx& tx, Survey s, Instant now) {
    const auto ticket = tx.tickets().find(s.ticket_id);
    if (s.step == SurveyStep::expire) {
        to_phone_task(tx, s, fmt::format("{}小时内未收到有效短信回复", policy_.expire_after.count()), now);
        return;
    }
    if (!ticket || (s.step == SurveyStep::ask && ticket->state != State::replied)) {
        // Surveyed by phone or filed before the first SMS: nothing to ask any more.
        s.state = SurveyState::cancelled;
        s.reason = ticket ? fmt::format("发送前工单已{}", chinese_name(ticket->state)) : "工单不存在";
        s.next_at.reset();
        s.finished_at = now;
        tx.surveys().update(s);
        return;
    }
    if (tx.sms().opted_out(s.phone_hash)) {
        to_phone_task(tx, s, "该号码已退订短信", now);
        return;
    }
    if (s.step == SurveyStep::ask && tx.surveys().asked_since(s.phone_hash, now - std::chrono::days(policy_.period_days), s.id)) {
        s.state = SurveyState::skipped;
        s.reason = fmt::format("该号码{}天内已接受过短信回访，本次不再发送", policy_.period_days);
        s.next_at.reset();
        s.finished_at = now;
        tx.surveys().update(s);
        tell_staff(tx, s.ticket_id, fmt::format("survey:{}:skipped", s.id),
                   fmt::format("【工单#{}】{}。如需回访，请电话联系市民（号码{}）后发送「回访结果 {} 满意|基本满意|不满意 "
                               "已解决|未解决 [备注]」。",
                               s.ticket_id, s.reason, mask_(s.phone_enc), s.ticket_id),
                   now);
        return;
    }
    if (tx.sms().sent_to_phone_since(s.phone_hash, china_midnight(china_date(now))) >= policy_.daily_cap) {
        // Today's allowance for this number is used up: the next daytime of tomorrow.
        const Instant tomorrow = china_midnight(china_date(now)) + 24h + std::chrono::minutes(policy_.day_start_minute);
        if (s.step == SurveyStep::remind && s.expires_at && tomorrow >= *s.expires_at) {
            s.step = SurveyStep::expire;
            s.next_at = s.expires_at;
        } else {
            s.next_at = tomorrow;
        }
        tx.surveys().update(s);
        return;
    }
    if (s.step == SurveyStep::ask) {
        queue_sms(tx, s, SurveyText::ask, now);
        s.state = SurveyState::asked;
        s.questions_sent = 1;
        s.asked_at = now;
        s.expires_at = now + policy_.expire_after;
        const Instant remind_at = daytime(now + policy_.remind_after);
        if (remind_at < *s.expires_at) {
            s.step = SurveyStep::remind;
            s.next_at = remind_at;
        } else {
            s.step = SurveyStep::expire;
            s.next_at = s.expires_at;
        }
    } else if (s.step == SurveyStep::remind) {
        queue_sms(tx, s, SurveyText::remind, now);
        s.reminded = true;
        s.step = SurveyStep::expire;
        s.next_at = s.expires_at;
    }
    tx.surveys().update(s);
}

void SurveyEngine::queue_sms(StoreTx& tx, const Survey& s, SurveyText text, Instant now) {
    SmsMessage sms;
    sms.survey_id = s.id;
    sms.ticket_id = s.ticket_id;
    sms.direction = "out";
    sms.phone_hash = s.phone_hash;
    sms.purpose = std::string(to_string(text));
    sms.text = render_sms(policy_.signature, text, s.ticket_id);
    sms.status = "queued";
    sms.at = now;
    const std::int64_t sms_id = tx.sms().insert(sms);

    OutboxMessage m;
    m.channel = "sms";
    m.recipient = fmt::format("survey:{}", s.id);  // never the number itself
    m.dedup_key = fmt::format("sms:{}", sms_id);
    m.kind = "sms";
    m.payload = nlohmann::json{{"sms_id", sms_id},
                               {"phone_enc", s.phone_enc},
                               {"template", to_string(text)},
                               {"params", template_params(text, s.ticket_id)},
                               {"text", sms.text}}
                    .dump();
    m.ticket_id = s.ticket_id;
    m.next_attempt_at = daytime(now);
    tx.outbox().enqueue(m);
}

void SurveyEngine::to_phone_task(StoreTx& tx, Survey& s, const std::string& reason, Instant now,
                                 const std::string& reply_text) {
    s.state = SurveyState::phone_task;
    s.reason = reason;
    s.next_at.reset();
    tx.surveys().update(s);
    const auto ticket = tx.tickets().find(s.ticket_id);
    std::string text = fmt::format("【工单#{}】{}\n短信回访未完成：{}。", s.ticket_id, ticket ? ticket->title : "", reason);
    if (!reply_text.empty()) text += fmt::format("市民回复：「{}」。", reply_text);
    if (const auto got = answer_text(s.satisfaction, s.resolution); !got.empty()) text += fmt::format("已收到的答复：{}。", got);
    text += fmt::format("请电话回访{}后发送「回访结果 {} 满意|基本满意|不满意 已解决|未解决 [备注]」。",
                        s.phone_enc.empty() ? "" : fmt::format("（号码{}，完整号码见12345平台工单）", mask_(s.phone_enc)),
                        s.ticket_id);
    tell_staff(tx, s.ticket_id, fmt::format("survey:{}:phone_task", s.id), text, now);
}

void SurveyEngine::tell_staff(StoreTx& tx, std::int64_t ticket_id, const std::string& key, const std::string& text,
                              Instant now) {
    for (const auto& p : tx.directory().people_with_role(Role::staff, ""))
        write_notice(tx, {.to = p.userid, .key = key + ":" + p.userid, .body = text, .ticket_id = ticket_id, .at = now});
}

ReplyHandled SurveyEngine::on_reply_in(StoreTx& tx, const IncomingSms& in) {
    const Instant now = engine_.clock().now();
    const SurveyReply reply = parse_survey_reply(in.normalized);
    SmsMessage incoming;
    incoming.direction = "in";
    incoming.phone_hash = in.phone_hash;
    incoming.purpose = "reply";
    incoming.text = in.text;
    incoming.provider = in.provider;
    incoming.at = in.at;

    std::optional<Survey> open = tx.surveys().open_for_phone(in.phone_hash);
    if (open && !in.sign.empty() && bare_signature(in.sign) != bare_signature(policy_.signature))
        open.reset();  // an answer to another sender's SMS on the same account
    if (reply.opt_out) tx.sms().add_opt_out(in.phone_hash, "reply", now);

    if (!open) {
        const auto recent = tx.tickets().of_citizen(in.phone_hash, 1);
        incoming.ticket_id = recent.empty() ? 0 : recent.front().id;
        incoming.status = reply.opt_out ? "opt_out" : "unmatched";
        const std::int64_t record_id = tx.sms().insert(incoming);
        std::string text = fmt::format("收到一条没有对应进行中回访的市民短信（号码{}）：「{}」。", in.phone_masked, in.text);
        if (reply.opt_out) text += "已按退订处理，今后不再向该号码发送短信。";
        if (!recent.empty())
            text += fmt::format("该号码最近的工单为#{}；如属回访答复，请核实后用「回访结果 {} …」录入。", recent.front().id,
                                recent.front().id);
        tell_staff(tx, incoming.ticket_id, fmt::format("sms_in:{}", record_id), text, now);
        return {incoming.status, 0};
    }

    Survey s = *open;
    incoming.survey_id = s.id;
    incoming.ticket_id = s.ticket_id;
    incoming.status = reply.opt_out ? "opt_out" : "matched";
    tx.sms().insert(incoming);
    if (!reply.contradictory) {
        if (reply.satisfaction) s.satisfaction = reply.satisfaction;
        if (reply.resolution) s.resolution = reply.resolution;
    }
    if (s.satisfaction && s.resolution) {
        record(tx, &s, s.ticket_id, "", *s.satisfaction, *s.resolution, "");
        return {incoming.status, s.id};
    }
    if (reply.opt_out) {
        to_phone_task(tx, s, "市民回复退订，不再发送短信", now, in.text);
        return {"opt_out", s.id};
    }
    if (reply.clear() && s.questions_sent < 2) {
        queue_sms(tx, s, s.satisfaction ? SurveyText::follow_up_resolution : SurveyText::follow_up_satisfaction, now);
        s.questions_sent += 1;
        tx.surveys().update(s);
    } else if (!reply.clear() && !s.clarified && s.questions_sent < 2) {
        queue_sms(tx, s, SurveyText::clarify, now);
        s.questions_sent += 1;
        s.clarified = true;
        tx.surveys().update(s);
    } else {
        to_phone_task(tx, s, reply.clear() ? "短信答复不完整" : "短信答复无法识别", now, in.text);
    }
    return {incoming.status, s.id};
}

SmsSendDecision SurveyEngine::decide_send_in(StoreTx& tx, std::int64_t sms_id, bool first_attempt, Instant now) {
    using Kind = SmsSendDecision::Kind;
    if (const auto open = daytime(now); open != now) return {Kind::wait, open, {}};
    const auto sms = tx.sms().find(sms_id);
    const std::string previous = sms ? sms->status : "missing";
    if (previous == "accepted" || previous == "delivered") return {Kind::already_sent, {}, previous};
    // A question queued for the morning is moot once staff recorded the answer by phone.
    const auto survey = sms ? tx.surveys().find(sms->survey_id) : std::nullopt;
    if (survey && !may_send_sms(survey->state)) {
        if (previous == "queued") tx.sms().update_status(sms_id, "cancelled", "", "survey closed", now);
        return {Kind::survey_closed, {}, previous};
    }
    // "sending" (a crash mid-request) is never sent again; "uncertain" or "failed" only on an
    // administrator's requeue.
    if (previous == "queued" || (first_attempt && (previous == "uncertain" || previous == "failed"))) {
        tx.sms().update_status(sms_id, "sending", "", "", now);
        return {Kind::send, {}, previous};
    }
    on_send_result_in(tx, sms_id, SmsSendOutcome::uncertain, "",
                      "an earlier attempt may have reached the provider (status " + previous + ")");
    return {Kind::not_resent, {}, previous};
}

void SurveyEngine::on_send_result_in(StoreTx& tx, std::int64_t sms_id, SmsSendOutcome outcome,
                                     const std::string& provider_id, const std::string& detail) {
    const Instant now = engine_.clock().now();
    const auto sms = tx.sms().find(sms_id);
    if (!sms) return;
    switch (outcome) {
        case SmsSendOutcome::accepted: tx.sms().update_status(sms_id, "accepted", provider_id, detail, now); return;
        case SmsSendOutcome::uncertain: tx.sms().update_status(sms_id, "uncertain", provider_id, detail, now); return;
        case SmsSendOutcome::retry: tx.sms().update_status(sms_id, "queued", "", detail, now); return;
        case SmsSendOutcome::config_error: tx.sms().update_status(sms_id, "failed", "", detail, now); return;
        case SmsSendOutcome::stop_number:
        case SmsSendOutcome::rejected: break;
    }
    tx.sms().update_status(sms_id, "failed", "", detail, now);
    if (outcome == SmsSendOutcome::stop_number) tx.sms().add_opt_out(sms->phone_hash, "provider", now);
    auto s = tx.surveys().find(sms->survey_id);
    if (!s || !may_send_sms(s->state)) return;
    to_phone_task(tx, *s,
                  outcome == SmsSendOutcome::stop_number ? "该号码无法接收短信（退订或免打扰名单）"
                                                         : "短信发送失败（" + detail + "）",
                  now);
}

bool SurveyEngine::on_receipt_in(StoreTx& tx, const std::string& provider_id, bool delivered, const std::string& detail) {
    const Instant now = engine_.clock().now();
    const auto sms = tx.sms().by_provider_id(provider_id);
    if (!sms || sms->direction != "out") return false;
    tx.sms().update_status(sms->id, delivered ? "delivered" : "undelivered", "", detail, now);
    if (delivered || sms->purpose != "ask") return true;
    auto s = tx.surveys().find(sms->survey_id);
    if (s && s->state == SurveyState::asked) to_phone_task(tx, *s, "回访短信未送达（" + detail + "）", now);
    return true;
}

ActionResult SurveyEngine::record_in(StoreTx& tx, std::int64_t ticket_id, const std::string& actor, Satisfaction s,
                                     Resolution r, const std::string& note) {
    std::optional<Survey> open;
    for (auto& candidate : tx.surveys().of(ticket_id))
        if (awaits_answer(candidate.state)) open = candidate;
    return record(tx, open ? &*open : nullptr, ticket_id, actor, s, r, note);
}

ActionResult SurveyEngine::record(StoreTx& tx, Survey* open, std::int64_t ticket_id, const std::string& actor,
                                  Satisfaction s, Resolution r, const std::string& note) {
    const Instant now = engine_.clock().now();
    ActionRequest req;
    req.action = Action::record_survey;
    req.ticket_id = ticket_id;
    req.actor = actor;
    req.by_system = actor.empty();
    req.note = fmt::format("{}，{}（{}）", chinese_name(s), chinese_name(r), actor.empty() ? "短信回访" : "电话回访");
    req.survey = SurveyAnswer{s, r};
    if (!note.empty()) req.note += " 备注：" + note;
    ActionResult result = engine_.apply_in(tx, req);
    if (!result.ok() && !actor.empty()) return result;  // a person is told why; nothing changes

    Survey row = open ? *open : Survey{};
    row.ticket_id = ticket_id;
    row.state = SurveyState::recorded;
    row.step.reset();
    row.next_at.reset();
    row.satisfaction = s;
    row.resolution = r;
    row.recorded_by = actor.empty() ? "sms" : actor;
    row.note = note;
    row.finished_at = now;
    if (!open) {
        row.created_at = now;
        row.id = tx.surveys().insert(row);
    }
    if (!result.ok()) {
        // The citizen answered after the ticket moved on (filed, or recorded by phone): keep the
        // answer with the survey and tell staff, instead of losing it.
        row.reason = result.refusal->message;
        tx.surveys().update(row);
        tell_staff(tx, ticket_id, fmt::format("survey:{}:late", row.id),
                   fmt::format("【工单#{}】收到市民短信回访答复：{}，{}。未写入工单：{}", ticket_id, chinese_name(s),
                               chinese_name(r), result.refusal->message),
                   now);
        return result;
    }
    tx.surveys().update(row);
    if (!citizen_content(*req.survey)) {
        ActionRequest supervise;
        supervise.action = Action::supervise;
        supervise.ticket_id = ticket_id;
        supervise.by_system = true;
        supervise.note = fmt::format("回访{}、{}，请再次核查办理", chinese_name(s), chinese_name(r));
        const auto sup = engine_.apply_in(tx, supervise);
        if (sup.ok()) result.ticket = sup.ticket;
    }
    return result;
}

}  // namespace hotline::workflow
