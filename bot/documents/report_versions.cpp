#include "bot/documents/report_versions.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/documents/report_pdf.h"
#include "workflow/notify/notice.h"
#include "workflow/documents/reply_template.h"
#include "workflow/procedure/lifecycle.h"

namespace hotline::bot::documents {

using workflow::Instant;

namespace {

std::string name_of(workflow::StoreTx& tx, const std::string& userid) {
    const auto p = tx.directory().person(userid);
    return p ? p->name : userid;
}

// 分管领导审核 and the three 审签 levels, as the audit trail has them since the version was made.
std::vector<Approval> approvals_since(workflow::StoreTx& tx, std::int64_t ticket_id, Instant since) {
    std::vector<Approval> out{{"分管领导审核", "", {}}, {"第1级审签", "", {}}, {"第2级审签", "", {}}, {"第3级审签", "", {}}};
    for (const auto& e : tx.audit().of(ticket_id)) {
        if (e.at < since) continue;
        if (e.action == to_string(workflow::Action::unit_approve)) out[0] = {"分管领导审核", name_of(tx, e.actor), e.at};
        int level = 0;
        if (e.action == to_string(workflow::Action::signoff_approve) && std::sscanf(e.note.c_str(), "level=%d", &level) == 1 && level >= 1 &&
            level <= 3)
            out[static_cast<std::size_t>(level)] = {fmt::format("第{}级审签", level), name_of(tx, e.actor), e.at};
    }
    return out;
}

}  // namespace

std::string ReportVersions::render(workflow::StoreTx& tx, const workflow::Ticket& t, int version, Instant since) const {
    const auto draft = workflow::ReplyDraft::from_json(t.result).value_or(workflow::ReplyDraft{});
    const auto unit = tx.directory().unit(t.unit_code);
    const std::string unit_name = unit ? unit->name : t.unit_code;
    const workflow::RenderContext c{t.title, t.content, unit_name, since};
    return render_report_pdf(
        ReportDocument{workflow::render_report(draft, c), unit_name, since, version, approvals_since(tx, t.id, since)});
}

void ReportVersions::send_file(workflow::StoreTx& tx, const workflow::Ticket& t, const std::string& to,
                               const std::string& sha256, int version, const std::string& dedup_key,
                               workflow::OutboxPurpose purpose, Instant now) {
    write_notice(tx, {.to = to,
                      .key = dedup_key,
                      .body = workflow::media_file_body(files_.path_of(sha256).string(),
                                                        fmt::format("工单{}-办理情况报告-第{}版.pdf", t.id, version),
                                                        "application/pdf", "file"),
                      .form = workflow::NoticeForm::media_file,
                      .ticket_id = t.id,
                      .at = now,
                      .purpose = purpose});
}

void ReportVersions::on_submitted(workflow::StoreTx& tx, const workflow::Ticket& t, const std::string& by, Instant now) {
    const int next = static_cast<int>(tx.documents().report_versions(t.id).size()) + 1;
    // The PDF is the copy for signing: a rendering or disk problem must not refuse the result
    // itself. The file comes first, so a version row never names a file that is not there.
    std::string pdf, sha;
    try {
        pdf = render(tx, t, next, now);
        sha = files_.put(pdf);
    } catch (const std::exception& e) {
        spdlog::error("report: ticket {} version {} has no PDF: {}", t.id, next, e.what());
        return;
    }
    const int version = tx.documents().add_report_version({t.id, next, sha, static_cast<std::int64_t>(pdf.size()), by, now});
    workflow::AuditEvent ev;
    ev.ticket_id = t.id;
    ev.actor = by;
    ev.action = "report_version";
    ev.from_state = ev.to_state = std::string(workflow::to_string(t.state));
    ev.unit_code = t.unit_code;
    ev.note = fmt::format("version={} sha256={} size={}", version, sha, pdf.size());
    ev.at = now;
    tx.audit().append(ev);
    for (const auto& leader : tx.directory().people_with_role(workflow::Role::unit_leader, t.unit_code))
        send_file(tx, t, leader.userid, sha, version, fmt::format("report:{}:{}:{}", t.id, version, leader.userid),
                  workflow::OutboxPurpose::notification, now);
}

std::string ReportVersions::send_current(workflow::StoreTx& tx, const workflow::Ticket& t, const std::string& who,
                                         Instant now) {
    const auto versions = tx.documents().report_versions(t.id);
    if (versions.empty()) return fmt::format("工单#{}还没有提交办理结果，没有报告。", t.id);
    const auto& v = versions.back();
    // The latest version with the approvals recorded since it was submitted.
    const auto pdf = render(tx, t, v.version, v.created_at);
    const auto sha = files_.put(pdf);
    send_file(tx, t, who, sha, v.version, fmt::format("report-copy:{}:{}:{}", t.id, who, workflow::to_unix(now)),
              workflow::OutboxPurpose::answer, now);
    return fmt::format("工单#{}的办理情况报告（第{}版，共{}版，提交于北京时间{}）随后以文件发给您。", t.id, v.version,
                       versions.size(), workflow::format_china_time(v.created_at));
}

}  // namespace hotline::bot::documents
