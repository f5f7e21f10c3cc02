// libFuzzer target for everything an unauthenticated caller can reach on POST /wecom/callback:
// the XML envelope, the signature check, base64, AES and the length/padding/receive-id framing,
// and the inner message parser. Any crash, overread or UB is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/wecom/callback_crypto.h"
#include "adapters/wecom/envelope.h"

using namespace hotline::adapters::wecom;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const CallbackCrypto crypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    if (auto envelope = parse_envelope(input)) {
        (void)crypto.verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", envelope->encrypt);
        const auto d = crypto.decrypt(envelope->encrypt);
        if (d.ok()) (void)parse_message(d.message);
    }
    // The raw input as a ciphertext and as a decrypted message, to reach the framing checks directly.
    (void)crypto.decrypt(input);
    if (auto m = parse_message(input)) (void)m->dedup_key();
    return 0;
}
