#include "bot/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "adapters/text/utf8.h"

namespace hotline::bot {

namespace {

// The message with control characters escaped: a value from outside (an id, a user name, a
// reason from a provider) can never end the line and forge another event.
class EscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        const auto escaped = adapters::escape_for_log(std::string_view(msg.payload.data(), msg.payload.size()));
        dest.append(escaped.data(), escaped.data() + escaped.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<EscapedMessage>(); }
};

}  // namespace

std::unique_ptr<spdlog::formatter> log_line_formatter() {
    auto f = std::make_unique<spdlog::pattern_formatter>();
    f->add_flag<EscapedMessage>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %*");
    return f;
}

void setup_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("hotline");
    spdlog::set_default_logger(logger);
    spdlog::set_formatter(log_line_formatter());
    spdlog::set_level(spdlog::level::from_str(level));
    spdlog::flush_on(spdlog::level::info);
}

}  // namespace hotline::bot
