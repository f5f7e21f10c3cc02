#pragma once
// What waits for a person (待办) and which tickets a person may see: one answer for the chat's
// 我的工单 and 查询 and for the workbench's pages, so neither shows what the other would refuse.
#include <vector>

#include "workflow/procedure/directory.h"
#include "workflow/procedure/ticket.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

struct Worklist {
    // The tickets whose next step on the main path is the person's (by each of their roles, as
    // the lifecycle table says); each ticket once.
    std::vector<Ticket> tickets;
    // For the hotline centre: the return and extension requests waiting for its decision.
    std::vector<Request> requests;
};

Worklist worklist_of(StoreTx& tx, const Person& who);

// 查询's rule: people of a unit (handlers, unit leaders) see their own unit's tickets only; the
// hotline's roles see every ticket.
bool may_view(const Person& who, const Ticket& t);

}  // namespace hotline::workflow
