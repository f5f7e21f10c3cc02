// libFuzzer target for what anyone in WeCom can type: NFKC normalisation, verb matching, ticket
// references, arguments, and the "did you mean" suggestion, over arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/commands/parser.h"
#include "workflow/reply_template.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto r = hotline::bot::commands::parse_command(input);
    if (r.command) (void)r.command->ticket_ref.size();
    const auto draft = hotline::workflow::parse_reply(input);
    (void)draft.missing();
    return 0;
}
