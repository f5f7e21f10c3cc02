#pragma once
#include <string>

namespace hotline::bot {

// One line per event on stderr: time, level, message of key=value pairs. The level names are
// those of config key log.level.
void setup_logging(const std::string& level);

}  // namespace hotline::bot
