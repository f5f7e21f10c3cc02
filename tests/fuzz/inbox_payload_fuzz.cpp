// libFuzzer target for a verified callback's way into the inbox: the decrypted message (arbitrary
// bytes, as a broken or hostile client could make WeCom carry) parsed, turned into the inbox
// payload, and read back as the worker reads it. The payload must always be valid JSON: a throw
// here would be a 500 that WeCom retries forever.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "adapters/text/utf8.h"
#include "adapters/wecom/envelope.h"
#include "bot/wecom/inbox_payload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto m = hotline::adapters::wecom::parse_message(input);
    if (m) {
        const auto payload = hotline::bot::wecom::inbox_payload(*m);
        const auto back = nlohmann::json::parse(payload, nullptr, false);
        if (!back.is_object() || back.value("from", "") != m->from_user) std::abort();
        if (!hotline::adapters::is_valid_utf8(back.value("content", ""))) std::abort();
    }
    // Any bytes as one log line: never a line break left in it.
    const auto line = hotline::adapters::escape_for_log(input);
    if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) std::abort();
    return 0;
}
