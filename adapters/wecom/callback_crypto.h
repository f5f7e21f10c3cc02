#pragma once
// WeCom callback crypto, byte-compatible with Tencent's WXBizMsgCrypt: SHA1 signature over the
// sorted (token, timestamp, nonce, ciphertext); AES-256-CBC with IV = first 16 key bytes, PKCS#7
// padding to 32 bytes; plaintext = random16 | big-endian length | message | receive id.
// Every malformed input is an error value, never a crash or an out-of-bounds read.
#include <optional>
#include <string>
#include <string_view>

namespace hotline::adapters::wecom {

enum class CryptoError {
    none,
    bad_key,              // EncodingAESKey is not 43 base64 characters
    bad_signature,        // official -40001
    bad_base64,           // official -40010
    bad_length,           // ciphertext not a positive multiple of 32 bytes
    decrypt_failed,       // official -40007
    bad_padding,          // padding byte outside 1..32
    bad_declared_length,  // declared message length runs past the end
    receive_id_mismatch,  // official -40005
};

const char* describe(CryptoError e);

struct Decrypted {
    std::string message;
    CryptoError error = CryptoError::none;
    bool ok() const { return error == CryptoError::none; }
};

class CallbackCrypto {
public:
    // Throws std::invalid_argument for a key that is not 43 base64 characters.
    CallbackCrypto(std::string token, std::string_view encoding_aes_key, std::string receive_id);

    std::string signature(std::string_view timestamp, std::string_view nonce, std::string_view encrypted) const;
    bool verify(std::string_view msg_signature, std::string_view timestamp, std::string_view nonce,
                std::string_view encrypted) const;

    Decrypted decrypt(std::string_view encrypted_base64) const;
    // random16 must be 16 bytes; the other overload draws them from OpenSSL's RNG.
    std::string encrypt(std::string_view message, std::string_view random16) const;
    std::string encrypt(std::string_view message) const;

    const std::string& receive_id() const { return receive_id_; }

private:
    std::string token_;
    std::string key_;  // 32 bytes
    std::string receive_id_;
};

}  // namespace hotline::adapters::wecom
