// Executor: 材料 N and the answer to "which ticket is this photo for?".
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bot/commands/executor.h"
#include "bot/commands/normalize.h"
#include "bot/evidence/evidence_intake.h"
#include "workflow/notify/notice.h"
#include "workflow/worklist/worklist.h"

namespace hotline::bot::commands {

std::string Executor::evidence_list(workflow::StoreTx& tx, const workflow::Person& who, std::int64_t id) {
    const auto t = tx.tickets().find(id);
    if (!t) return fmt::format("工单#{}不存在，请核对编号。", id);
    if (!workflow::may_view(who, *t)) return fmt::format("工单#{}不是本单位的工单，您无权查看。", id);
    const auto now = engine_.clock().now();
    std::string out;
    const bool may_add = !evidence::refusal_to_add(who, *t);
    if (may_add) {
        tx.evidence().set_target(who.userid, id, now);
        if (const int n = evidence::attach_waiting(tx, who.userid, *t, now))
            out += fmt::format("已将您刚才发送的{}件材料归入工单#{}。\n", n, id);
    }
    const auto items = tx.evidence().of(id);
    if (items.empty()) {
        out += fmt::format("工单#{}还没有佐证材料。", id);
    } else {
        out += fmt::format("工单#{}的佐证材料（{}件）：", id, items.size());
        int n = 0, sent = 0;
        for (const auto& e : items) {
            out += "\n" + evidence::describe(tx, e, ++n);
            if (!parts_.attachments || e.state != "stored" || e.kind == "location") continue;
            // The photo itself, as an image message after this answer.
            write_notice(tx, {.to = who.userid,
                              .key = fmt::format("evidence-copy:{}:{}:{}", e.id, who.userid, workflow::to_unix(now)),
                              .body = workflow::media_file_body(
                                  parts_.attachments->path_of(e.sha256).string(),
                                  fmt::format("工单{}-材料{}.{}", id, n, e.mime.substr(e.mime.find('/') + 1)), e.mime, e.kind),
                              .form = workflow::NoticeForm::media_file,
                              .ticket_id = id,
                              .at = now,
                              .purpose = workflow::OutboxPurpose::answer});
            ++sent;
        }
        if (sent) out += fmt::format("\n照片、视频和文件随后逐条发给您（{}件）。", sent);
    }
    if (may_add) out += fmt::format("\n接下来10分钟内您发送的照片、视频或位置将归入工单#{}。", id);
    return out;
}

std::optional<std::string> Executor::evidence_choice(workflow::StoreTx& tx, const workflow::Person& who,
                                                     const std::string& message) {
    const auto waiting = tx.evidence().awaiting_ticket(who.userid);
    if (waiting.empty()) return std::nullopt;
    const std::string text = normalize(message);
    if (text.empty() || text.size() > 2 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const auto open = evidence::open_tickets_of(tx, who);
    const auto choice = static_cast<std::size_t>(std::stoi(text));
    if (choice < 1 || choice > open.size()) return fmt::format("请回复1到{}之间的序号。", open.size());
    const auto& t = open[choice - 1];
    if (const auto refusal = evidence::refusal_to_add(who, t)) return *refusal;
    const int n = evidence::attach_waiting(tx, who.userid, t, engine_.clock().now());
    return fmt::format("已将{}件材料归入工单#{}，正在保存，保存后告诉您。", n, t.id);
}

}  // namespace hotline::bot::commands
