#pragma once
// The supervision notice (督办通报) of a period: the cases the county reports to the 纪委监委 and the
// 督查室 (seed 二(八): 办理拖沓、不彻底、差强人意), each with its unit, the facts from the audit
// trail (who, when, how late) and the leaders' instructions. A case is one ticket that, in the
// period:
//   overdue            — its feedback deadline fell in the period and passed without the unit's
//                        delivery in time (the same tickets the on-time rate counts as late);
//   redone repeatedly  — was sent back for redo (重办, 审签退回, 市级退回) for the second time or more;
//   late return        — its unit asked to return it after the return window (refused, recorded);
//   unsatisfied after supervision — a survey answered 未解决 or 不满意 after the case was supervised.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/statistics/statistics.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

enum class BadCaseKind { overdue, redone_repeatedly, late_return, unsatisfied_after_supervision };
std::string_view chinese_name(BadCaseKind k);

// One line of a case's history: when, who (name and unit), what.
struct CaseFact {
    Instant at{};
    std::string who;
    std::string what;
};

struct NoticeCase {
    std::int64_t ticket_id = 0;
    std::string title;
    std::string unit_code;
    std::string unit_name;
    std::string citizen_phone;  // masked (138****5678), or empty
    // What made it a case, in the kinds' order: how late, how many redos, what the citizen said.
    std::map<BadCaseKind, std::string> findings;
    std::vector<CaseFact> trail;         // the handling from dispatch on, from the audit trail
    std::vector<CaseFact> instructions;  // 批示: confidential (seed 三(二)), shown only to those allowed
};

struct SupervisionNotice {
    Period period;
    Instant made_at{};
    std::vector<NoticeCase> cases;  // by ticket number
    std::map<BadCaseKind, int> counts;

    bool has_instructions() const;
};

// Masks a stored (encrypted) citizen phone for the notice; empty when it cannot.
using NoticePhoneMasker = std::function<std::string(const std::string& phone_enc)>;

SupervisionNotice compute_supervision_notice(StoreTx& tx, const Period& period, const StatsPolicy& policy,
                                             Instant now, const NoticePhoneMasker& mask = {});

// "超期未办结、超时申请退单": the kinds of a case, as the notice names them.
std::string kinds_text(const NoticeCase& c);

// The notice without the instructions, for a reader who may not see them.
SupervisionNotice without_instructions(SupervisionNotice n);

// The chat text: the title, the counts, and one line per case.
std::string supervision_chat_summary(const SupervisionNotice& n);

// "1天3小时", "45分钟": how late, as the notice says it.
std::string chinese_duration(std::chrono::seconds d);

}  // namespace hotline::workflow
