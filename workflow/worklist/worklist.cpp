#include "workflow/worklist/worklist.h"

#include <algorithm>
#include <utility>

#include "workflow/procedure/lifecycle.h"

namespace hotline::workflow {

Worklist worklist_of(StoreTx& tx, const Person& who) {
    Worklist out;
    // (state, signoff level) already listed: a person with two roles sees a ticket once.
    std::vector<std::pair<State, int>> seen;
    for (const Role r : who.roles)
        for (const auto& w : states_awaiting(r)) {
            const int level = w.state == State::signoff ? signoff_level_of(r) : 0;
            if (std::find(seen.begin(), seen.end(), std::pair{w.state, level}) != seen.end()) continue;
            seen.emplace_back(w.state, level);
            for (auto& t : tx.tickets().in_state(w.state, w.unit_scoped ? who.unit_code : "", level ? 50 : 20))
                if (!level || t.signoff_level == level) out.tickets.push_back(std::move(t));
        }
    if (who.has_role(Role::center)) out.requests = tx.requests().pending(20);
    return out;
}

bool may_view(const Person& who, const Ticket& t) { return !who.unit_scoped() || t.unit_code == who.unit_code; }

}  // namespace hotline::workflow
