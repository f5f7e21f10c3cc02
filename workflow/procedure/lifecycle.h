#pragma once
// The declarative transition table of the procedure: which action moves a ticket from which
// states to which, and who may take it. The engine applies it; nothing else decides this.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/procedure/roles.h"
#include "workflow/procedure/ticket.h"

namespace hotline::workflow {

enum class Action {
    claim,              // 认领
    dispatch,           // 派单
    accept,             // 签收
    request_return,     // 退单
    approve_return,     // 同意退单
    reject_return,      // 驳回退单
    request_extension,  // 延期
    approve_extension,  // 同意延期
    reject_extension,   // 驳回延期
    submit_result,      // 反馈
    unit_approve,       // 单位领导同意
    unit_reject,        // 单位领导退回
    review_pass,        // 审核通过
    review_redo,        // 退回重办
    signoff_approve,    // 审签同意
    signoff_reject,     // 审签退回
    upload,             // 上报
    city_approve,       // 市级通过
    city_reject,        // 市级退回
    mark_replied,       // 已答复
    record_survey,      // 回访结果
    supervise,          // 督办
    close,              // 办结
    archive,            // 归档
    contact,            // 联系: the unit logs a contact with the citizen (no state change)
    merge_away,         // 合并: a duplicate from the other line joins another ticket and is filed
    instruct,           // 批示: a leader's instruction on the case (no state change; confidential)
};

// What a step counts as in the period statistics and the supervision notice (规程 三).
enum class Tally { none, dispatched, returned, extended, redone, supervised, closed };

struct Transition {
    Action action;
    std::string_view id;       // stable identifier used in the audit trail
    std::string_view chinese;  // what people call it
    std::vector<State> from;
    std::optional<State> to;  // nullopt: the ticket stays where it is (a request is created or decided)
    std::vector<Role> roles;  // any one of them allows it
    bool unit_scoped = false;  // the actor must belong to the ticket's unit
    bool needs_reason = false;
    // Declared beside the table (lifecycle.cpp) and filled in when it is built:
    std::string_view button{};   // its label on a decision card; empty: never offered as a button
    std::string done{};          // the answer to the person who took it: 已签收, 已登记答复
    std::vector<Action> offers{};  // the decisions the notice of this step offers as buttons
    Tally tally = Tally::none;
};

// The states in which the unit holds the case: its deadlines run, its reminders matter, it may
// log contacts and ask for more time (规程 二(三)).
inline constexpr std::array<State, 3> kWithUnit{State::dispatched, State::handling, State::unit_review};
bool with_unit(State s);
// The citizen has had the public reply (已答复 and every state after it).
inline constexpr std::array<State, 4> kAnswered{State::replied, State::surveyed, State::closed, State::archived};
bool answered(State s);

const std::vector<Transition>& transition_table();
const Transition& transition_for(Action a);
std::optional<Action> parse_action(std::string_view id);
// The id an action is stored under (the audit trail's `action`): transition_for(a).id.
std::string_view to_string(Action a);

// A state in which the case waits for a role: the role's next step on the main path is due
// there (not the steps it may also take, like 督办, 批示 or 退单). For the 待办 list.
struct AwaitedState {
    State state;
    bool unit_scoped;  // only the tickets of the person's own unit
};
std::vector<AwaitedState> states_awaiting(Role r);
// 审签 is level by level: the level a signer role signs at (1..3), else 0.
int signoff_level_of(Role r);

}  // namespace hotline::workflow
