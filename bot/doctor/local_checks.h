#pragma once
// The checks that need no network: the configuration and its secrets, the store, the disk, the
// holiday data.
#include <string>

#include "bot/config/config.h"
#include "bot/doctor/findings.h"
#include "workflow/procedure/clock.h"

namespace hotline::bot::doctor {

void check_secrets(const Config& c, Findings& out);
void check_store(const Config& c, Findings& out);
// Next year's file is expected from 1 November (China time) on: the State Council publishes it
// in late October or November.
void check_holidays(const Config& c, workflow::Instant now, Findings& out);

}  // namespace hotline::bot::doctor
