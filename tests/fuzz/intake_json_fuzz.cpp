// libFuzzer target for the intake JSON reader (POST /intake/tickets and `import`): arbitrary bytes
// as a body. It must refuse or accept, naming a field on refusal, and what it accepts must lie
// within the documented limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bot/intake/intake_json.h"

using namespace hotline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    static const auto now = workflow::from_unix(1'800'000'000);
    const auto p = bot::intake::parse_intake_json(body, now);
    if (!p.error.empty()) return 0;
    using L = bot::intake::IntakeLimits;
    const auto& t = p.message.ticket;
    if (t.source_id.empty() || t.source_id.size() > L::id_bytes) std::abort();
    if (t.title.size() > L::title_bytes || t.content.size() > L::content_bytes) std::abort();
    if (t.received_at < workflow::from_unix(bot::intake::kEarliestReceivedAt) || t.received_at > now + L::max_future)
        std::abort();
    for (const char c : t.source_id)
        if (static_cast<unsigned char>(c) < 0x20) std::abort();
    return 0;
}
