#include "bot/evidence/evidence_intake.h"

#include <fmt/format.h>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::bot::evidence {

using workflow::Evidence;
using workflow::Instant;
using workflow::Role;
using workflow::State;

namespace {

bool unit_person(const workflow::Person& p) { return p.has_role(Role::handler) || p.has_role(Role::unit_leader); }

void attach(workflow::StoreTx& tx, Evidence& e, const workflow::Ticket& t, Instant now) {
    e.ticket_id = t.id;
    if (e.kind == "location") {
        record_stored(tx, e, now);
        return;
    }
    e.state = "downloading";
    e.next_attempt_at = now;
    tx.evidence().update(e);
}

std::string size_text(std::int64_t bytes) {
    if (bytes >= 1024 * 1024) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024 * 1024));
    return fmt::format("{} KB", (bytes + 1023) / 1024);
}

}  // namespace

std::string kind_name(const std::string& kind) {
    if (kind == "image") return "照片";
    if (kind == "video") return "视频";
    if (kind == "file") return "文件";
    return "位置";
}

std::optional<std::string> refusal_to_add(const workflow::Person& who, const workflow::Ticket& t) {
    if (t.state == State::archived) return fmt::format("工单#{}已归档，不能再添加佐证材料。", t.id);
    if (!unit_person(who) || who.unit_code.empty() || who.unit_code != t.unit_code)
        return fmt::format("工单#{}不是本单位的工单，您不能为它提交佐证材料。", t.id);
    return std::nullopt;
}

std::vector<workflow::Ticket> open_tickets_of(workflow::StoreTx& tx, const workflow::Person& who) {
    std::vector<workflow::Ticket> out;
    if (!unit_person(who) || who.unit_code.empty()) return out;
    for (State s : {State::dispatched, State::handling, State::unit_review})
        for (auto& t : tx.tickets().in_state(s, who.unit_code, 20)) out.push_back(std::move(t));
    return out;
}

std::string receive(workflow::StoreTx& tx, const inbox::ChatMedia& media, Instant now) {
    const auto& from = media.from;
    const auto who = tx.directory().person(from);
    if (!who || !who->active) return "您不在本系统通讯录中，请联系管理员开通。";
    Evidence e;
    e.sender = from;
    e.kind = media.msg_type == "image" || media.msg_type == "video" ? media.msg_type : "location";
    e.media_id = media.media_id;
    if (e.kind == "location")
        e.detail = fmt::format("{}（纬度{}，经度{}）", media.label, media.latitude, media.longitude);
    e.received_at = e.next_attempt_at = now;
    e.state = "awaiting_ticket";

    std::optional<workflow::Ticket> target;
    if (const auto named = tx.evidence().target(from); named && now - named->second <= kTargetWindow)
        target = tx.tickets().find(named->first);
    const auto open = open_tickets_of(tx, *who);
    if (!target && open.size() == 1) target = open.front();
    if (!target && open.empty())
        return fmt::format("您目前没有在办的工单，{}未保存。请先发送「材料 工单号」指定工单，再发送{}。", kind_name(e.kind),
                           kind_name(e.kind));
    if (target) {
        if (const auto refusal = refusal_to_add(*who, *target)) return *refusal + kind_name(e.kind) + "未保存。";
        e.id = tx.evidence().insert(e);
        attach(tx, e, *target, now);
        if (e.kind == "location") return fmt::format("已将位置「{}」保存为工单#{}的佐证材料。", e.detail, target->id);
        return fmt::format("已收到{}，正在保存为工单#{}的佐证材料，保存后告诉您。", kind_name(e.kind), target->id);
    }
    // Several open tickets: keep it and ask.
    e.id = tx.evidence().insert(e);
    std::string choices;
    for (std::size_t i = 0; i < open.size(); ++i)
        choices += fmt::format("\n{}. 工单#{} {}", i + 1, open[i].id, open[i].title);
    return fmt::format("已收到{}。您有{}件在办工单，请问它属于哪一件？请回复序号：{}\n（也可发送「材料 工单号」）", kind_name(e.kind),
                       open.size(), choices);
}

int attach_waiting(workflow::StoreTx& tx, const std::string& sender, const workflow::Ticket& t, Instant now) {
    int n = 0;
    for (auto& e : tx.evidence().awaiting_ticket(sender)) {
        attach(tx, e, t, now);
        ++n;
    }
    return n;
}

void record_stored(workflow::StoreTx& tx, Evidence& e, Instant now) {
    const auto t = tx.tickets().find(e.ticket_id);
    if (e.kind == "location") {  // its text is the evidence: the chain covers its hash
        e.sha256 = adapters::hex_lower(adapters::sha256(e.detail));
        e.size = static_cast<std::int64_t>(e.detail.size());
    }
    e.state = "stored";
    e.stored_at = now;
    tx.evidence().update(e);
    workflow::AuditEvent ev;
    ev.ticket_id = e.ticket_id;
    ev.actor = e.sender;
    ev.action = "evidence";
    ev.from_state = ev.to_state = t ? std::string(workflow::to_string(t->state)) : "";
    ev.unit_code = t ? t->unit_code : "";
    ev.note = fmt::format("evidence={} kind={} sha256={} size={} type={}", e.id, e.kind, e.sha256, e.size, e.mime);
    ev.at = now;
    tx.audit().append(ev);
}

std::string describe(workflow::StoreTx& tx, const Evidence& e, int n) {
    const auto who = tx.directory().person(e.sender);
    const std::string by = who ? who->name : e.sender;
    std::string what;
    if (e.kind == "location") what = "位置：" + e.detail;
    else if (e.state == "stored") what = fmt::format("{}（{}，{}）", kind_name(e.kind), e.mime, size_text(e.size));
    else if (e.state == "downloading") what = kind_name(e.kind) + "（正在保存）";
    else what = fmt::format("{}（未保存：{}）", kind_name(e.kind), e.detail);
    return fmt::format("{}. {} {} 北京时间{}", n, what, by, workflow::format_china_time(e.stored_at.value_or(e.received_at)));
}

}  // namespace hotline::bot::evidence
