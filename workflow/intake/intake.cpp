#include "workflow/intake/intake.h"

#include <fmt/format.h>

#include <set>

#include "workflow/notify/notice.h"

namespace hotline::workflow {

namespace {

std::set<std::string> bigrams(const std::string& s) {
    // Split into UTF-8 characters first, so a bigram is two characters, not two bytes.
    std::vector<std::string> chars;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        chars.push_back(s.substr(i, len));
        i += len;
    }
    std::set<std::string> out;
    for (std::size_t i = 0; i + 1 < chars.size(); ++i) out.insert(chars[i] + chars[i + 1]);
    if (chars.size() == 1) out.insert(chars[0]);
    return out;
}

// A merge leaves the kept ticket's state as it was: the event records who merged what into it.
void audit_merge(StoreTx& tx, std::int64_t ticket_id, const std::string& actor, std::string note, Instant now) {
    AuditEvent ev;
    ev.ticket_id = ticket_id;
    ev.actor = actor;
    ev.action = "merge";
    const auto ticket = tx.tickets().find(ticket_id);
    ev.from_state = ev.to_state = ticket ? std::string(to_string(ticket->state)) : "";
    ev.note = std::move(note);
    ev.at = now;
    tx.audit().append(ev);
}

void audit_merge(StoreTx& tx, std::int64_t ticket_id, const NewTicket& t, const std::string& how, Instant now) {
    audit_merge(tx, ticket_id, "system:intake", fmt::format("source={} source_id={} by={}", t.source, t.source_id, how),
                now);
}

}  // namespace

std::string_view other_line(std::string_view source) { return source == "renmin" ? "hotline12345" : "renmin"; }

double text_similarity(const std::string& a, const std::string& b) {
    if (a == b) return 1.0;
    const auto x = bigrams(a), y = bigrams(b);
    if (x.empty() || y.empty()) return 0.0;
    std::size_t common = 0;
    for (const auto& g : x) common += y.count(g);
    return static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
}

IntakeOutcome intake(StoreTx& tx, Engine& engine, const IntakeMessage& msg, const IntakePolicy& policy) {
    const NewTicket& t = msg.ticket;
    const Instant now = engine.clock().now();
    IntakeOutcome out;
    // The same line sending the same message again (a retry, a re-import): nothing new.
    if (const auto known = tx.tickets().for_source(t.source, t.source_id)) {
        out.kind = IntakeOutcome::Kind::duplicate;
        out.ticket_id = *known;
        return out;
    }
    // The other line's id, when given, names the ticket outright.
    if (!msg.other_source_id.empty()) {
        if (const auto other = tx.tickets().for_source(std::string(other_line(t.source)), msg.other_source_id)) {
            tx.tickets().add_source(*other, t.source, t.source_id, t.received_at);
            audit_merge(tx, *other, t, "other_line_id", now);
            out.kind = IntakeOutcome::Kind::merged;
            out.ticket_id = *other;
            return out;
        }
    }
    // Otherwise: the same citizen, the same text, within the window, not yet seen from this line.
    std::vector<Ticket> near_misses;
    if (!t.phone_hash.empty()) {
        for (const auto& candidate : tx.tickets().of_citizen(t.phone_hash, 50)) {
            const double similarity = text_similarity(candidate.content_key, t.content_key);
            // Saturating: a ticket stored before intake bounded its times may hold any instant.
            const bool in_window = add_saturating(candidate.received_at, policy.merge_window) >= t.received_at &&
                                   add_saturating(t.received_at, policy.merge_window) >= candidate.received_at;
            bool from_this_line = false;
            for (const auto& [source, id] : tx.tickets().sources_of(candidate.id)) from_this_line |= source == t.source;
            if (in_window && !from_this_line && similarity >= policy.merge_similarity) {
                tx.tickets().add_source(candidate.id, t.source, t.source_id, t.received_at);
                audit_merge(tx, candidate.id, t, fmt::format("fingerprint similarity={:.2f}", similarity), now);
                out.kind = IntakeOutcome::Kind::merged;
                out.ticket_id = candidate.id;
                return out;
            }
            if (similarity >= policy.flag_similarity) near_misses.push_back(candidate);
        }
    }
    const auto created = engine.receive_in(tx, t, policy.announce_each);
    out.ticket_id = created.id;
    for (const auto& other : near_misses) {
        if (!tx.tickets().add_merge_candidate(created.id, other.id, "same citizen, similar text", now)) continue;
        out.flagged.push_back(other.id);
        const auto text = fmt::format(
            "【疑似重复】工单#{}与工单#{}来自同一网民，内容相近，未自动合并。核对后请发送「合并 {} {}」或「不合并 {} {}」。",
            created.id, other.id, other.id, created.id, other.id, created.id);
        for (const auto& staff : tx.directory().people_with_role(Role::staff, ""))
            write_notice(tx, {.to = staff.userid,
                              .key = fmt::format("merge:{}:{}:{}", created.id, other.id, staff.userid),
                              .body = text,
                              .ticket_id = created.id,
                              .at = now});
    }
    return out;
}

StaffMergeOutcome merge_by_staff(StoreTx& tx, Engine& engine, const std::string& actor, bool merge, std::int64_t keep,
                                 std::int64_t duplicate) {
    using Kind = StaffMergeOutcome::Kind;
    if (keep == duplicate) return {Kind::same_ticket, {}};
    if (!tx.tickets().find(keep)) return {Kind::unknown_ticket, {}};
    if (!merge)
        return {tx.tickets().resolve_merge_candidate(keep, duplicate, "separate") ? Kind::kept_apart : Kind::no_flag, {}};
    ActionRequest req;
    req.action = Action::merge_away;
    req.ticket_id = duplicate;
    req.actor = actor;
    req.note = fmt::format("并入工单#{}", keep);
    const auto r = engine.apply_in(tx, req);
    if (!r.ok()) return {Kind::refused, r.refusal};
    tx.tickets().move_sources(duplicate, keep);
    tx.tickets().resolve_merge_candidate(keep, duplicate, "merged");
    audit_merge(tx, keep, actor, fmt::format("工单#{}并入", duplicate), engine.clock().now());
    return {Kind::merged, {}};
}

}  // namespace hotline::workflow
