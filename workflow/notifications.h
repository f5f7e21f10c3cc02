#pragma once
// Who is told what when a ticket moves: the people who must act next and the people who asked.
// Messages go to the outbox in the same transaction as the change, never sent from here.
#include <vector>

#include "workflow/audit_chain.h"
#include "workflow/deadlines.h"
#include "workflow/directory.h"
#include "workflow/lifecycle.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

struct ActionRequest;

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

std::vector<OutboxMessage> plan_notifications(const NotificationContext& c);
std::vector<OutboxMessage> plan_received_notice(StoreTx& tx, const Ticket& t, const AuditEvent& ev);

}  // namespace hotline::workflow
