#pragma once
// The sandbox's demo tickets, in the states a trainer shows first: one new, one waiting for 签收,
// one being handled, a result waiting for the unit's leader, an extension waiting for the centre.
// Made through the chat's own commands, so they are exactly what the procedure makes; a command
// the procedure refuses stops the sandbox with the refusal.
#include "bot/app.h"
#include "bot/commands/executor.h"

namespace hotline::bot::sandbox {

void seed_demo_tickets(App& app, commands::Executor& executor);

}  // namespace hotline::bot::sandbox
