#pragma once
// The sandbox's demo tickets, in the states a trainer shows first: one new, one waiting for 签收,
// one being handled, a result waiting for the unit's leader, an extension waiting for the centre,
// and one approved by the city, waiting for 已答复 (which starts the SMS survey of its citizen).
// Made through the chat's own commands, so they are exactly what the procedure makes; a command
// the procedure refuses stops the sandbox with the refusal.
#include "bot/app.h"
#include "bot/commands/executor.h"

namespace hotline::bot::sandbox {

// The demo citizen of ticket #6, who gets the survey SMS (a number no one has: 138 0000 xxxx).
inline constexpr const char* kDemoCitizenPhone = "13800001234";

void seed_demo_tickets(App& app, commands::Executor& executor);

}  // namespace hotline::bot::sandbox
