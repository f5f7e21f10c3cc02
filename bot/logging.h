#pragma once
#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace hotline::bot {

// One line per event on stderr: time, level, message of key=value pairs, with every control
// character in the message escaped. The level names are those of config key log.level.
void setup_logging(const std::string& level);
std::unique_ptr<spdlog::formatter> log_line_formatter();

}  // namespace hotline::bot
