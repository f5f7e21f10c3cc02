#pragma once
// The cases of the permission matrices (chat commands, workbench routes): the personas, and for
// each command the state its ticket must be in and the text after the verb.
#include <string>
#include <vector>

#include "bot/commands/command_table.h"
#include "workflow/procedure/roles.h"
#include "tests/support/test_env.h"
#include "workflow/procedure/ticket.h"

namespace hotline::testing {

struct Persona {
    const char* userid;
    const char* label;
    std::vector<workflow::Role> roles;
    bool own_unit;  // unit people: does the ticket belong to their unit?
};

// Hotline staff, the centre, the unit people of the ticket's unit and of another, the signers and
// the administrator.
const std::vector<Persona>& matrix_personas();

// The state a command needs, and the text after the verb (with {} for the ticket number).
struct Setup {
    workflow::State state;
    std::string args;
    bool pending_return = false;
    bool pending_extension = false;
};

Setup setup_for(bot::commands::Verb v);

// A ticket in the setup's state, with its pending request if it needs one; its id.
std::int64_t ticket_for(WorkflowEnv& env, const Setup& s);
std::string replace_ticket(std::string s, std::int64_t id);

}  // namespace hotline::testing
