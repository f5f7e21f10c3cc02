#pragma once
// Citizens' personal data at rest: phone numbers and names are stored encrypted with
// AES-256-GCM (a fresh 12-byte nonce each time, the tag checked on reading), and matched through a
// keyed hash, so the store can find "the same citizen" without holding the number in clear.
// Shown to people only masked (138****5678); in clear only to the SMS provider.
#include <optional>
#include <string>
#include <string_view>

namespace hotline::adapters {

class CitizenDataCipher {
public:
    // key: 32 raw bytes. Throws std::invalid_argument otherwise.
    explicit CitizenDataCipher(std::string key);
    // From base64 text (the HOTLINE_PRIVACY_KEY variable or the key file's content).
    static std::optional<CitizenDataCipher> from_base64(std::string_view text);

    std::string encrypt(std::string_view plain) const;                  // base64(nonce | ciphertext | tag)
    std::optional<std::string> decrypt(std::string_view sealed) const;  // nullopt if tampered or wrong key
    // Lowercase hex HMAC-SHA256 of the digits of a phone number (so +86 138… and 138… match).
    std::string phone_hash(std::string_view phone) const;

private:
    std::string key_;
};

// The digits of a mainland number without +86/0086: "+86 138-1234-5678" -> "13812345678".
std::string phone_digits(std::string_view phone);
// "13812345678" -> "138****5678"; anything shorter than 7 digits becomes "****".
std::string mask_phone(std::string_view phone);

}  // namespace hotline::adapters
