#include "bot/archive/archive_export.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <tuple>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

#include "workflow/procedure/audit_chain.h"
#include "workflow/procedure/engine.h"
#include "workflow/procedure/lifecycle.h"
#include "workflow/procedure/names.h"
#include "workflow/documents/reply_template.h"
#include "workflow/survey/survey.h"

namespace hotline::bot::archive {

namespace {

using nlohmann::json;
using workflow::format_china_time;

std::string opt_time(const std::optional<workflow::Instant>& t) { return t ? format_china_time(*t) : ""; }

std::string action_name(const std::string& id) {
    if (id == "receive") return "收到留言";
    if (id == "evidence") return "佐证材料";
    if (id == "report_version") return "报告文件";
    if (id == workflow::kLateReturnAction) return "超时申请退单（未受理）";
    if (const auto a = workflow::parse_action(id)) return std::string(workflow::transition_for(*a).chinese);
    return id;
}

// What the citizen answered, or where the survey stands when there is no answer yet.
std::string survey_outcome_text(const workflow::Survey& s) {
    const std::string out = workflow::answer_text(s.satisfaction, s.resolution);
    return out.empty() ? std::string(workflow::chinese_name(s.state)) : out;
}

void write_file(const std::filesystem::path& p, const std::string& text);

class Writer {
public:
    Writer(workflow::StoreTx& tx, const ExportOptions& o, std::filesystem::path dir, std::vector<std::string>& problems)
        : tx_(tx), o_(o), dir_(std::move(dir)), problems_(problems) {}

    std::pair<json, std::string> record(const workflow::Ticket& t) {
        json j;
        std::string md;
        const auto unit = tx_.directory().unit(t.unit_code);
        const std::string unit_name = unit ? unit->name : t.unit_code;
        json sources = json::array();
        std::string source_text;
        for (const auto& [source, id] : tx_.tickets().sources_of(t.id)) {
            sources.push_back({{"source", source}, {"source_id", id}});
            source_text += (source_text.empty() ? "" : "、") + std::string(source == "renmin" ? "人民网留言板 " : "12345平台 ") + id;
        }
        const std::string phone = phone_text(t.citizen_phone_enc);
        j["ticket"] = {{"id", t.id},         {"sources", sources},
                       {"title", t.title},   {"content", t.content},
                       {"category", workflow::to_string(t.category)}, {"state", workflow::to_string(t.state)},
                       {"unit_code", t.unit_code}, {"unit_name", unit_name},
                       {"citizen_phone", phone},  {"received_at", format_china_time(t.received_at)},
                       {"dispatched_at", opt_time(t.dispatched_at)}, {"feedback_deadline", opt_time(t.feedback_deadline)},
                       {"report_deadline", opt_time(t.report_deadline)}, {"extension_days", t.extension_days},
                       {"redo_count", t.redo_count}, {"supervision_count", t.supervision_count},
                       {"survey_outcome", t.survey_outcome}};
        md += fmt::format("# 工单#{} 办理档案\n\n## 一、留言信息\n\n- 来源：{}\n- 标题：{}\n- 类别：{}\n- 收到时间：{}\n"
                          "- 市民电话：{}\n- 承办单位：{}\n- 当前状态：{}\n- 反馈期限：{}\n\n留言内容：\n\n> {}\n\n",
                          t.id, source_text, t.title, workflow::chinese_name(t.category), format_china_time(t.received_at),
                          phone, unit_name.empty() ? "—" : unit_name, workflow::chinese_name(t.state),
                          opt_time(t.feedback_deadline).empty() ? "—" : opt_time(t.feedback_deadline), t.content);

        md += "## 二、办理过程\n\n| 时间 | 办理人 | 环节 | 状态 | 说明 |\n|---|---|---|---|---|\n";
        json events = json::array();
        for (const auto& e : tx_.audit().of(t.id)) {
            events.push_back({{"seq", e.seq}, {"at", format_china_time(e.at)}, {"actor", e.actor},
                              {"actor_name", person_name(e.actor)}, {"action", e.action}, {"from_state", e.from_state},
                              {"to_state", e.to_state}, {"note", e.note}, {"unit_code", e.unit_code},
                              {"prev_hash", e.prev_hash}, {"hash", e.hash}, {"hash_version", e.hash_version}});
            const auto to = workflow::parse_state(e.to_state);
            md += fmt::format("| {} | {} | {} | {} | {} |\n", format_china_time(e.at), person_name(e.actor),
                              action_name(e.action), to ? std::string(workflow::chinese_name(*to)) : e.to_state,
                              one_line(e.note));
        }
        j["audit_events"] = events;

        md += "\n## 三、退单与延期申请\n\n";
        json requests = json::array();
        for (const auto& r : tx_.requests().of(t.id)) {
            requests.push_back({{"kind", workflow::to_string(r.kind)}, {"state", workflow::to_string(r.state)},
                                {"days", r.days}, {"reason", r.reason}, {"requested_by", r.requested_by},
                                {"requested_at", format_china_time(r.requested_at)}, {"decided_by", r.decided_by},
                                {"decided_at", opt_time(r.decided_at)}, {"decision_note", r.decision_note}});
            md += fmt::format("- {}{}：{} 于{}申请，理由「{}」；{}\n",
                              workflow::chinese_name(r.kind),
                              r.days ? fmt::format("{}个工作日", r.days) : "", person_name(r.requested_by),
                              format_china_time(r.requested_at), r.reason,
                              r.state == workflow::RequestState::pending
                                  ? "待审批"
                                  : fmt::format("{} 于{}{}", person_name(r.decided_by), opt_time(r.decided_at),
                                                r.state == workflow::RequestState::approved ? "同意" : "驳回"));
        }
        if (requests.empty()) md += "无。\n";
        j["requests"] = requests;

        md += "\n## 四、办理结果\n\n";
        if (const auto draft = workflow::ReplyDraft::from_json(t.result); draft && !t.result.empty()) {
            const workflow::RenderContext ctx{t.title, t.content, unit_name,
                                              t.dispatched_at.value_or(t.received_at)};
            const auto report = workflow::render_report(*draft, ctx);
            const auto reply = workflow::render_public_reply(*draft, ctx);
            j["result"] = {{"report", report}, {"public_reply", reply}};
            md += "### 办理情况报告\n\n" + report + "\n\n### 答复网民\n\n" + reply + "\n";
        } else {
            md += "尚未提交。\n";
        }
        j["report_versions"] = report_versions(t, md);

        md += "\n## 五、回访\n\n";
        json surveys = json::array();
        for (const auto& s : tx_.surveys().of(t.id)) {
            surveys.push_back({{"state", workflow::to_string(s.state)},
                               {"satisfaction", workflow::id_or_empty(s.satisfaction)},
                               {"resolution", workflow::id_or_empty(s.resolution)},
                               {"recorded_by", s.recorded_by}, {"reason", s.reason}, {"note", s.note},
                               {"asked_at", opt_time(s.asked_at)}, {"finished_at", opt_time(s.finished_at)}});
            md += fmt::format("- {}：{}{}{}\n", s.recorded_by == "sms" ? "短信回访" : s.recorded_by.empty() ? "回访" : "电话回访（" + person_name(s.recorded_by) + "）",
                              survey_outcome_text(s),
                              s.reason.empty() ? "" : "；" + s.reason, s.note.empty() ? "" : "；备注：" + s.note);
        }
        if (surveys.empty()) md += t.survey_outcome.empty() ? "尚未回访。\n" : "- " + t.survey_outcome + "\n";
        j["surveys"] = surveys;

        md += "\n## 六、佐证材料\n\n";
        j["evidence"] = evidence(t, md);

        // Leaders' instructions are kept with the case (seed 二(九)); the archive is confidential.
        md += "\n## 七、领导批示\n\n";
        json instructions = json::array();
        for (const auto& e : tx_.audit().of(t.id)) {
            if (e.action != to_string(workflow::Action::instruct)) continue;
            instructions.push_back({{"at", format_china_time(e.at)}, {"by", e.actor}, {"by_name", person_name(e.actor)},
                                    {"text", e.note}, {"audit_seq", e.seq}});
            md += fmt::format("- {}（{}）：{}\n", person_name(e.actor), format_china_time(e.at), one_line(e.note));
        }
        if (instructions.empty()) md += "无。\n";
        j["instructions"] = instructions;

        md += "\n## 八、消息记录\n\n";
        json messages = json::array();
        for (const auto& m : tx_.outbox().of(t.id)) {
            if (m.channel == "sms") continue;  // listed below with the provider's status
            messages.push_back({{"channel", m.channel}, {"to", m.recipient}, {"kind", m.kind}, {"state", m.state},
                                {"content", m.payload}});
            md += fmt::format("- 企业微信 → {}（{}）：{}\n", person_name(m.recipient), m.state, one_line(message_text(m)));
        }
        json sms = json::array();
        for (const auto& m : tx_.sms().of_ticket(t.id)) {
            sms.push_back({{"direction", m.direction}, {"purpose", m.purpose}, {"text", m.text}, {"status", m.status},
                           {"provider", m.provider}, {"provider_id", m.provider_id}, {"at", format_china_time(m.at)}});
            md += fmt::format("- 短信{}（{}，{}）：{}\n", m.direction == "out" ? "发出" : "收到", format_china_time(m.at),
                              m.status, one_line(m.text));
        }
        j["chat_messages"] = messages;
        j["sms_messages"] = sms;
        return {j, md};
    }

private:
    // Every submitted version of the report's PDF, copied into reports/ and checked against the
    // hash its audit event recorded.
    json report_versions(const workflow::Ticket& t, std::string& md) {
        std::map<int, std::string> recorded;
        for (const auto& e : tx_.audit().of(t.id)) {
            int version = 0;
            const auto at = e.note.find("sha256=");
            if (e.action == "report_version" && std::sscanf(e.note.c_str(), "version=%d", &version) == 1 &&
                at != std::string::npos)
                recorded[version] = e.note.substr(at + 7, 64);
        }
        json out = json::array();
        const auto versions = tx_.documents().report_versions(t.id);
        if (!versions.empty()) md += "\n### 报告文件（每次提交一版）\n\n";
        for (const auto& v : versions) {
            const auto name = fmt::format("reports/report-v{}.pdf", v.version);
            std::string problem;
            const auto bytes = o_.files ? o_.files->read(v.sha256) : std::nullopt;
            if (!recorded.contains(v.version) || recorded[v.version] != v.sha256) problem = "与审计链记录的哈希不一致";
            else if (!bytes) problem = "文件缺失";
            else if (adapters::hex_lower(adapters::sha256(*bytes)) != v.sha256) problem = "文件内容已被改动（SHA-256不符）";
            if (problem.empty()) {
                std::filesystem::create_directories(dir_ / "reports");
                write_file(dir_ / name, *bytes);
            } else {
                problems_.push_back(fmt::format("工单#{} 报告第{}版（{}）：{}", t.id, v.version, v.sha256.substr(0, 12), problem));
            }
            out.push_back({{"version", v.version}, {"file", problem.empty() ? name : ""}, {"sha256", v.sha256},
                           {"size", v.size}, {"submitted_by", v.submitted_by}, {"at", format_china_time(v.created_at)},
                           {"ok", problem.empty()}, {"problem", problem}});
            md += fmt::format("- 第{}版：{}，{}提交于{}，SHA-256 `{}`{}\n", v.version, name, person_name(v.submitted_by),
                              format_china_time(v.created_at), v.sha256,
                              problem.empty() ? "，校验通过" : "，**校验失败：" + problem + "**");
        }
        return out;
    }

    // Copies each stored item into evidence/ and checks it against the hash its audit event
    // recorded: a changed or missing file is a problem of the export.
    json evidence(const workflow::Ticket& t, std::string& md) {
        json manifest = json::array();
        std::map<std::int64_t, std::string> recorded;  // evidence id -> sha256 in the audit chain
        for (const auto& e : tx_.audit().of(t.id)) {
            if (e.action != "evidence") continue;
            long long id = 0;
            const auto at = e.note.find("sha256=");
            if (std::sscanf(e.note.c_str(), "evidence=%lld", &id) == 1 && at != std::string::npos)
                recorded[id] = e.note.substr(at + 7, 64);
        }
        int n = 0;
        for (const auto& e : tx_.evidence().of(t.id)) {
            if (e.state != "stored") continue;
            ++n;
            std::string name, problem;
            if (!recorded.contains(e.id) || recorded[e.id] != e.sha256) problem = "与审计链记录的哈希不一致";
            if (e.kind != "location" && problem.empty()) {
                const auto ext = e.mime.substr(e.mime.find('/') + 1);
                name = fmt::format("evidence/{:02}-{}.{}", n, e.kind, ext == "jpeg" ? "jpg" : ext);
                const auto bytes = o_.files ? o_.files->read(e.sha256) : std::nullopt;
                if (!bytes) {
                    problem = "文件缺失";
                } else if (adapters::hex_lower(adapters::sha256(*bytes)) != e.sha256) {
                    problem = "文件内容已被改动（SHA-256不符）";
                } else {
                    std::filesystem::create_directories(dir_ / "evidence");
                    write_file(dir_ / name, *bytes);
                }
            }
            if (!problem.empty())
                problems_.push_back(fmt::format("工单#{} 佐证材料{}（{}）：{}", t.id, n, e.sha256.substr(0, 12), problem));
            manifest.push_back({{"n", n}, {"file", problem.empty() ? name : ""}, {"kind", e.kind}, {"sha256", e.sha256},
                                {"size", e.size}, {"type", e.mime}, {"detail", e.detail}, {"by", e.sender},
                                {"by_name", person_name(e.sender)}, {"at", opt_time(e.stored_at)},
                                {"ok", problem.empty()}, {"problem", problem}});
            md += fmt::format("- {}. {}{}，{}，{}，SHA-256 `{}`{}\n", n,
                              e.kind == "location" ? "位置：" + e.detail : name, e.size ? fmt::format("（{}字节）", e.size) : "",
                              person_name(e.sender), opt_time(e.stored_at), e.sha256,
                              problem.empty() ? "，校验通过" : "，**校验失败：" + problem + "**");
        }
        if (n == 0) md += "无。\n";
        if (n > 0) {
            std::filesystem::create_directories(dir_ / "evidence");
            write_file(dir_ / "evidence" / "manifest.json", manifest.dump(2));
        }
        return manifest;
    }

    std::string phone_text(const std::string& enc) {
        if (enc.empty()) return "无";
        if (!o_.cipher) return "****（未配置隐私密钥）";
        const auto phone = o_.cipher->decrypt(enc);
        if (!phone) return "****（无法解密）";
        return o_.unmasked ? *phone : adapters::mask_phone(*phone);
    }
    std::string person_name(const std::string& userid) {
        if (userid == "system") return "系统";
        if (userid.rfind("survey:", 0) == 0) return "市民";
        const auto p = tx_.directory().person(userid);
        return p ? p->name : userid;
    }
    static std::string one_line(std::string s) {
        for (auto& c : s)
            if (c == '\n' || c == '|') c = ' ';
        return s;
    }
    static std::string message_text(const workflow::OutboxMessage& m) {
        if (m.kind == "text" || m.kind == "markdown") return m.payload;
        const auto j = json::parse(m.payload, nullptr, false);
        return j.is_object() ? j.value("text", m.kind) : m.kind;
    }

    workflow::StoreTx& tx_;
    const ExportOptions& o_;
    std::filesystem::path dir_;
    std::vector<std::string>& problems_;
};

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    f << text;
    if (!f) throw std::runtime_error(p.string() + ": cannot be written");
}

}  // namespace

ExportSummary export_tickets(workflow::Store& store, const std::vector<std::int64_t>& ids,
                             const std::filesystem::path& out_dir, const ExportOptions& options) {
    ExportSummary summary;
    workflow::AuditChainVerifier verifier;
    store.transact([&](workflow::StoreTx& tx) {
        tx.audit().for_each([&](const workflow::AuditEvent& e) { return verifier.feed(e); });
    });
    summary.chain_events = verifier.verified();
    if (const auto& b = verifier.first_break()) summary.chain_break = fmt::format("事件{}：{}", b->seq, b->reason);
    const std::string chain_text =
        summary.chain_break ? "审计链校验失败：" + *summary.chain_break
                            : fmt::format("审计链校验通过：全库{}条审计事件的哈希链完整，未被篡改。", summary.chain_events);

    std::filesystem::create_directories(out_dir);
    for (const auto id : ids) {
        const auto dir = out_dir / fmt::format("ticket-{}", id);
        // Read in the transaction (which may be run again, so it assigns), written after it.
        json j;
        std::string md;
        std::vector<std::string> problems;
        store.transact([&](workflow::StoreTx& tx) {
            const auto t = tx.tickets().find(id);
            if (!t) throw std::runtime_error(fmt::format("ticket #{} does not exist", id));
            std::filesystem::create_directories(dir);  // the evidence files are copied in while reading
            problems.clear();
            Writer w(tx, options, dir, problems);
            std::tie(j, md) = w.record(*t);
        });
        summary.evidence_problems.insert(summary.evidence_problems.end(), problems.begin(), problems.end());
        j["audit_chain"] = {{"verified_events", summary.chain_events},
                            {"ok", !summary.chain_break.has_value()},
                            {"break", summary.chain_break.value_or("")}};
        j["exported_at"] = format_china_time(workflow::SystemClock{}.now());
        j["citizen_phone_unmasked"] = options.unmasked;
        md += "\n## 九、审计链校验\n\n" + chain_text + "\n";
        write_file(dir / "record.json", j.dump(2));
        write_file(dir / "record.md", md);
        ++summary.tickets;
    }
    return summary;
}

}  // namespace hotline::bot::archive
