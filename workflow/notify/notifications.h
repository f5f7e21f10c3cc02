#pragma once
// Who is told what when a ticket moves: the people who must act next and the people who asked.
// Messages go to the outbox in the same transaction as the change, never sent from here.
#include <optional>
#include <string>
#include <vector>

#include "workflow/procedure/audit_chain.h"
#include "workflow/intake/category_suggestion.h"
#include "workflow/procedure/deadlines.h"
#include "workflow/procedure/directory.h"
#include "workflow/procedure/lifecycle.h"
#include "workflow/notify/notice.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

struct ActionRequest;

// A button on a decision card: its key is the workflow action's id.
struct CardButton {
    std::string key;
    std::string text;
};

struct CardTask {
    std::int64_t ticket_id;
    std::int64_t audit_seq;  // the event the card was sent for; a later event makes it stale
};
std::string card_task_id(std::int64_t ticket, std::int64_t audit_seq, int n);
std::optional<CardTask> parse_card_task_id(const std::string& task_id);

struct NotificationContext {
    StoreTx& tx;
    const Transition& transition;
    const Ticket& before;
    const Ticket& after;
    const Person& actor;
    const ActionRequest& request;
    const AuditEvent& event;
    const Deadlines& deadlines;
};

std::vector<Notice> plan_notifications(const NotificationContext& c);
std::vector<Notice> plan_received_notice(StoreTx& tx, const Ticket& t, const AuditEvent& ev,
                                                const std::optional<CategorySuggestion>& suggestion);

}  // namespace hotline::workflow
