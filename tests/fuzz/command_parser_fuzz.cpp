// libFuzzer target for what anyone in WeCom can type: NFKC normalisation, verb matching, ticket
// references, arguments (free text taken as typed), the "did you mean" suggestion, and the reply
// template read and rendered, over arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bot/commands/parser.h"
#include "workflow/documents/reply_template.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto r = hotline::bot::commands::parse_command(input);
    if (r.command) (void)r.command->ticket_ref.size();
    const auto draft = hotline::workflow::parse_reply(input);
    (void)draft.missing();
    // Both documents put together from whatever the sections hold (the punctuation joiner reads
    // the handler's text code point by code point).
    const hotline::workflow::RenderContext c{"标题", "留言", "单位", hotline::workflow::Instant{}};
    (void)hotline::workflow::render_report(draft, c).size();
    if (r.command) (void)hotline::workflow::render_public_reply(hotline::workflow::parse_reply(r.command->text), c).size();
    return 0;
}
