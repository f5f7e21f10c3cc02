#pragma once
// Applies one action to one ticket: checks role, unit, state, time windows and the seed's rules,
// then in one transaction changes the ticket, appends the audit event, and schedules its timers
// and outbox messages. A refusal changes nothing and names the rule; only a return asked for after
// its window leaves an audit event (kLateReturnAction), for the supervision notice.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "workflow/intake/category_suggestion.h"
#include "workflow/procedure/clock.h"
#include "workflow/procedure/deadlines.h"
#include "workflow/procedure/lifecycle.h"
#include "workflow/procedure/refusal.h"
#include "workflow/survey/survey_reply.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

// The audit action of a refused late return, and its note: "window_hours=6 late_minutes=95 <reason>".
inline constexpr std::string_view kLateReturnAction = "late_return";
struct LateReturnNote {
    int window_hours = 0;
    long late_minutes = 0;
    std::string reason;
};
std::string format_late_return(const LateReturnNote& n);
std::optional<LateReturnNote> parse_late_return(const std::string& note);

struct ActionRequest {
    Action action = Action::claim;
    std::int64_t ticket_id = 0;
    std::string actor;  // WeCom userid of the person acting
    std::string note;   // reason, opinion or survey outcome
    std::string unit_code;  // dispatch: the unit
    std::optional<Category> category;  // dispatch: set when the line did not give one
    int days = 0;        // request_extension: working days
    std::string result;  // submit_result: the unit's formal result
    std::optional<SurveyAnswer> survey;  // record_survey: the citizen's two answers
    // Taken by the bot itself (the SMS survey): no person, so no role or unit check; the state
    // rules and the archive still apply. Never set from chat input.
    bool by_system = false;
};

struct ActionResult {
    std::optional<Refusal> refusal;
    Ticket ticket;  // as it stands after the action (or unchanged, when refused)
    std::int64_t audit_seq = 0;
    std::int64_t request_id = 0;  // the return/extension request created or decided

    bool ok() const { return !refusal.has_value(); }
};

class Engine {
public:
    // keywords: for the category suggested in the new-ticket notice ([intake] keywords).
    Engine(Store& store, const Clock& clock, const Deadlines& deadlines,
           CategoryKeywords keywords = default_category_keywords())
        : store_(store), clock_(clock), deadlines_(deadlines), keywords_(std::move(keywords)) {}

    ActionResult apply(const ActionRequest& req);
    // Same, inside a transaction the caller already holds (for batching several actions).
    ActionResult apply_in(StoreTx& tx, const ActionRequest& req);
    // Would this person be allowed to take the action now (role, unit, state, the signer's level,
    // a pending request to decide)? Changes nothing; for flows that gather the action's content
    // first, like the guided 反馈, and for the decisions a page offers.
    std::optional<Refusal> check_in(StoreTx& tx, const ActionRequest& req);

    // A new ticket from an intake line, with its audit event and the notice to staff.
    Ticket receive(const NewTicket& t);
    // announce = false leaves the notice to the caller (an import sends one digest instead).
    Ticket receive_in(StoreTx& tx, const NewTicket& t, bool announce = true);

    // Called in the same transaction when a ticket is marked replied (starts the SMS survey).
    using RepliedHook = std::function<void(StoreTx&, const Ticket&)>;
    void on_replied(RepliedHook hook) { on_replied_ = std::move(hook); }

    const Clock& clock() const { return clock_; }

private:
    Store& store_;
    const Clock& clock_;
    const Deadlines& deadlines_;
    CategoryKeywords keywords_;
    RepliedHook on_replied_;
};


}  // namespace hotline::workflow
