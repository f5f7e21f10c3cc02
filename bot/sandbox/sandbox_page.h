#pragma once
// /sandbox, the trainer's page (only in `hotline-bot sandbox`, never in `serve`): pick any persona,
// type chat messages as them and see the bot's answers, see what every persona was sent (cards
// with working buttons), open the workbench as them, and move the clock (+1 小时, +1 天, to the next
// reminder or survey step) to watch reminders, escalations and the weekly report fire; and play
// the citizen who gets the survey SMS and answers it.
#include <chrono>
#include <string>

#include "adapters/crypto/citizen_data.h"
#include "bot/sandbox/sandbox_inbox.h"
#include "bot/sandbox/sandbox_sms.h"
#include "bot/service_hooks.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::bot::sandbox {

// The sandbox's [server] instance_id: the owner of the notifier's claims on outbox messages.
constexpr const char* kSandboxInstance = "sandbox";

struct SandboxContext {
    workflow::Store& store;
    workflow::MovableClock& clock;
    std::chrono::seconds start_offset;  // where --start set the clock; the page counts the hours moved from it
    SandboxInbox& inbox;
    std::string token;  // every form of the page posts it back (another site cannot post here)
    SandboxSms& sms;
    const adapters::CitizenDataCipher& cipher;  // the demo citizen's number, as intake stores it
};

void add_sandbox_routes(RunningParts& parts, SandboxContext& ctx);

}  // namespace hotline::bot::sandbox
