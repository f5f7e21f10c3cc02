#include "tests/support/permission_cases.h"

#include <stdexcept>

#include "tests/support/test_env.h"

namespace hotline::testing {

const std::vector<Persona>& matrix_personas() {
    using workflow::Role;
    static const std::vector<Persona> personas{
        {kStaff, "staff", {Role::staff}, false},
        {kCenter, "center", {Role::center}, false},
        {kHandler, "handler/own", {Role::handler}, true},
        {kOtherHandler, "handler/other", {Role::handler}, false},
        {kLeader, "unit_leader/own", {Role::unit_leader}, true},
        {kOtherLeader, "unit_leader/other", {Role::unit_leader}, false},
        {kSigner1, "signer1", {Role::signer1}, false},
        {kSigner2, "signer2", {Role::signer2}, false},
        {kSigner3, "signer3", {Role::signer3, Role::leader}, false},
        {kAdmin, "admin", {Role::admin}, false},
    };
    return personas;
}

Setup setup_for(bot::commands::Verb v) {
    using bot::commands::Verb;
    using workflow::State;
    switch (v) {
        case Verb::query: return {State::handling, "{}"};
        case Verb::evidence: return {State::handling, "{}"};
        case Verb::report: return {State::handling, "{}"};
        case Verb::accept: return {State::dispatched, "{}"};
        case Verb::return_request: return {State::dispatched, "{} 非本单位职责"};
        case Verb::extension: return {State::handling, "{} 3 需协同"};
        case Verb::result: return {State::handling, "{}\n" + complete_result()};
        case Verb::contact: return {State::handling, "{} 已电话联系网民"};
        case Verb::unit_approve: return {State::unit_review, "{}"};
        case Verb::unit_reject: return {State::unit_review, "{} 请补充"};
        case Verb::claim: return {State::received, "{}"};
        case Verb::dispatch: return {State::claimed, "{} 住建局 投诉"};
        case Verb::approve_return: return {State::dispatched, "{}", true};
        case Verb::reject_return: return {State::dispatched, "{} 属本单位", true};
        case Verb::approve_extension: return {State::handling, "{}", false, true};
        case Verb::reject_extension: return {State::handling, "{} 不同意", false, true};
        case Verb::review_pass: return {State::center_review, "{}"};
        case Verb::review_redo: return {State::center_review, "{} 答非所问"};
        case Verb::signoff: return {State::signoff, "{} 同意"};
        case Verb::upload: return {State::signed_off, "{}"};
        case Verb::city_approve: return {State::uploaded, "{}"};
        case Verb::city_reject: return {State::uploaded, "{} 不完整"};
        case Verb::replied: return {State::city_approved, "{}"};
        case Verb::survey_result: return {State::replied, "{} 满意 已解决"};
        case Verb::supervise: return {State::surveyed, "{} 请再核查"};
        case Verb::close: return {State::surveyed, "{}"};
        case Verb::archive: return {State::closed, "{}"};
        case Verb::instruct: return {State::handling, "{} 请三日内彻底解决"};
        default: return {State::received, ""};
    }
}

std::int64_t ticket_for(WorkflowEnv& env, const Setup& s) {
    const auto id = env.ticket_in(s.state);
    if (s.pending_return && !env.act(workflow::Action::request_return, id, kHandler, "x").ok())
        throw std::logic_error("the return request of the setup was refused");
    if (s.pending_extension && !env.extension(id, 2).ok())
        throw std::logic_error("the extension request of the setup was refused");
    return id;
}

std::string replace_ticket(std::string s, std::int64_t id) {
    const auto p = s.find("{}");
    if (p != std::string::npos) s.replace(p, 2, std::to_string(id));
    return s;
}


}  // namespace hotline::testing
