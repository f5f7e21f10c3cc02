#pragma once
// `hotline-bot doctor --config FILE`: everything an administrator can get wrong, checked and
// explained in Chinese and English with the fix. Returns the exit status (0 / 1 warnings / 2 errors).
#include <ostream>
#include <string>

#include "adapters/http/http_client.h"
#include "workflow/procedure/clock.h"

namespace hotline::bot::doctor {

int run_doctor(const std::string& config_path, adapters::HttpClient& http, const workflow::Clock& clock, std::ostream& out);

}  // namespace hotline::bot::doctor
