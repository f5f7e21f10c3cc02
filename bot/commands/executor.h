#pragma once
// Carries out one chat message from one person, inside the caller's transaction: parses it,
// resolves the ticket and unit, applies the workflow action (which checks every rule), or answers
// a query within what that person may see. Returns the Chinese reply.
#include <string>

#include "bot/commands/parser.h"
#include "bot/documents/report_versions.h"
#include "bot/documents/supervision_delivery.h"
#include "bot/evidence/attachment_store.h"
#include "workflow/procedure/engine.h"
#include "workflow/statistics/statistics.h"
#include "workflow/survey/survey.h"

namespace hotline::bot::commands {

// What the executor may reach beyond the engine. Each part is optional; without it the command
// that needs it says so or does less (as each line says).
struct ExecutorParts {
    // The survey `回访结果` closes (the one `serve` runs); without it, a survey of default policy.
    workflow::SurveyEngine* survey = nullptr;
    // Weights of the three rates in `统计 … 期间`.
    workflow::StatsPolicy stats_policy{};
    // Where evidence files are kept, so 材料 N can send the photos back; without it, only the list.
    const evidence::AttachmentStore* attachments = nullptr;
    // The report PDFs (报告 N, and a version at every submitted result); without it, none.
    documents::ReportVersions* report_versions = nullptr;
    // 通报: the supervision notice with its files; without it, the summary only.
    const documents::SupervisionDelivery* supervision = nullptr;
};

class Executor {
public:
    explicit Executor(workflow::Engine& engine, ExecutorParts parts = {})
        : engine_(engine),
          own_survey_(engine, {}, [](const std::string&) { return std::string("****"); }),
          parts_(parts) {}

    std::string execute(workflow::StoreTx& tx, const std::string& userid, const std::string& message);

    // `帮助`: exactly the commands this person's roles allow, one example each.
    static std::string help_for(const workflow::Person& p);
    workflow::Engine& engine() { return engine_; }

private:
    std::string run_action(workflow::StoreTx& tx, const workflow::Person& who, const Command& cmd, std::int64_t id);
    std::string query(workflow::StoreTx& tx, const workflow::Person& who, std::int64_t id);
    // 材料 N: the ticket's evidence (photos sent back), and the ticket the sender's next photos are for.
    std::string evidence_list(workflow::StoreTx& tx, const workflow::Person& who, std::int64_t id);
    // The answer to "which ticket is this photo for?": a number from the list the bot sent.
    std::optional<std::string> evidence_choice(workflow::StoreTx& tx, const workflow::Person& who,
                                               const std::string& message);
    std::string my_tickets(workflow::StoreTx& tx, const workflow::Person& who);
    std::string overdue(workflow::StoreTx& tx);
    // 统计 [单位]: the live count per unit; with a period (本周, 上月, 2026-10 …), the three rates ranked.
    std::string stats(workflow::StoreTx& tx, const workflow::Person& who, const std::string& first_word,
                      const std::string& rest);
    // 通报 [期间]: the period's supervision notice (default 上月), its files sent to the asker.
    std::string supervision_notice(workflow::StoreTx& tx, const workflow::Person& who, const std::string& period);
    // 合并 / 不合并 of a pair the intake flagged (or any two new tickets staff recognise).
    std::string merge_pair(workflow::StoreTx& tx, const workflow::Person& who, bool merge, std::int64_t keep,
                           std::int64_t duplicate);
    // The guided 反馈: one section per message, then a preview and 提交.
    std::string start_draft(workflow::StoreTx& tx, const workflow::Person& who, std::int64_t id);
    std::string continue_draft(workflow::StoreTx& tx, const workflow::Person& who, const workflow::ResultDraft& draft,
                               const std::string& message);

    // 回访结果 12 满意 已解决 [备注]: the answers parsed like a citizen's SMS, the rest is the note.
    std::string survey_result(workflow::StoreTx& tx, const workflow::Person& who, const Command& cmd, std::int64_t id);

    workflow::Engine& engine_;
    workflow::SurveyEngine own_survey_;
    ExecutorParts parts_;
};


// 派单's unit as typed: its code, full name or an alias; a unique partial match also counts.
struct UnitMatch {
    std::optional<workflow::Unit> unit;
    std::string error;  // Chinese: none found (with the closest), or several (listed)
};
UnitMatch resolve_unit(workflow::StoreTx& tx, const std::string& typed);

}  // namespace hotline::bot::commands
