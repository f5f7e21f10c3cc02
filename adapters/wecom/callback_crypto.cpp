#include "adapters/wecom/callback_crypto.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::adapters::wecom {

namespace {

constexpr std::size_t kBlock = 32;  // WXBizMsgCrypt pads to 32, not to the AES block size

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256-CBC without OpenSSL's own padding; input length must be a multiple of 16.
std::optional<std::string> aes_cbc(const std::string& key, std::string_view in, bool encrypt) {
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    if (!ctx) return std::nullopt;
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, k, k, encrypt ? 1 : 0) != 1) return std::nullopt;
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    std::string out(in.size() + 16, '\0');
    int n1 = 0, n2 = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    if (EVP_CipherUpdate(ctx.get(), o, &n1, reinterpret_cast<const unsigned char*>(in.data()),
                         static_cast<int>(in.size())) != 1)
        return std::nullopt;
    if (EVP_CipherFinal_ex(ctx.get(), o + n1, &n2) != 1) return std::nullopt;
    out.resize(static_cast<std::size_t>(n1 + n2));
    return out;
}

}  // namespace

const char* describe(CryptoError e) {
    switch (e) {
        case CryptoError::none: return "ok";
        case CryptoError::bad_key: return "EncodingAESKey is not 43 base64 characters";
        case CryptoError::bad_signature: return "signature mismatch";
        case CryptoError::bad_base64: return "ciphertext is not valid base64";
        case CryptoError::bad_length: return "ciphertext length is not a positive multiple of 32";
        case CryptoError::decrypt_failed: return "AES decryption failed";
        case CryptoError::bad_padding: return "padding byte outside 1..32";
        case CryptoError::bad_declared_length: return "declared message length runs past the end";
        case CryptoError::receive_id_mismatch: return "receive id mismatch";
    }
    return "?";
}

CallbackCrypto::CallbackCrypto(std::string token, std::string_view encoding_aes_key, std::string receive_id)
    : token_(std::move(token)), receive_id_(std::move(receive_id)) {
    if (encoding_aes_key.size() != 43) throw std::invalid_argument(describe(CryptoError::bad_key));
    auto key = base64_decode(std::string(encoding_aes_key) + "=");
    if (!key || key->size() != 32) throw std::invalid_argument(describe(CryptoError::bad_key));
    key_ = std::move(*key);
}

std::string CallbackCrypto::signature(std::string_view timestamp, std::string_view nonce,
                                      std::string_view encrypted) const {
    std::array<std::string_view, 4> parts{token_, timestamp, nonce, encrypted};
    std::sort(parts.begin(), parts.end());  // bytewise, as the official samples do
    std::string joined;
    for (auto p : parts) joined += p;
    return hex_lower(sha1(joined));
}

bool CallbackCrypto::verify(std::string_view msg_signature, std::string_view timestamp, std::string_view nonce,
                            std::string_view encrypted) const {
    return constant_time_equal(signature(timestamp, nonce, encrypted), msg_signature);
}

Decrypted CallbackCrypto::decrypt(std::string_view encrypted_base64) const {
    const auto cipher = base64_decode(encrypted_base64);
    if (!cipher) return {{}, CryptoError::bad_base64};
    if (cipher->empty() || cipher->size() % kBlock != 0) return {{}, CryptoError::bad_length};
    const auto plain = aes_cbc(key_, *cipher, false);
    if (!plain) return {{}, CryptoError::decrypt_failed};
    const auto pad = static_cast<unsigned char>(plain->back());
    if (pad < 1 || pad > kBlock) return {{}, CryptoError::bad_padding};
    const std::size_t end = plain->size() - pad;  // >= 0: the plaintext is at least 32 bytes
    if (end < 20) return {{}, CryptoError::bad_declared_length};
    const auto* p = reinterpret_cast<const unsigned char*>(plain->data()) + 16;
    const std::size_t length = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
    if (length > end - 20) return {{}, CryptoError::bad_declared_length};
    const std::string_view receive_id(plain->data() + 20 + length, end - 20 - length);
    if (receive_id != receive_id_) return {{}, CryptoError::receive_id_mismatch};
    return {plain->substr(20, length), CryptoError::none};
}

std::string CallbackCrypto::encrypt(std::string_view message, std::string_view random16) const {
    if (random16.size() != 16) throw std::invalid_argument("random16 must be 16 bytes");
    std::string plain(random16);
    const auto n = static_cast<std::uint32_t>(message.size());
    plain.push_back(static_cast<char>(n >> 24));
    plain.push_back(static_cast<char>(n >> 16));
    plain.push_back(static_cast<char>(n >> 8));
    plain.push_back(static_cast<char>(n));
    plain += message;
    plain += receive_id_;
    const std::size_t pad = kBlock - plain.size() % kBlock;  // 1..32
    plain.append(pad, static_cast<char>(pad));
    const auto cipher = aes_cbc(key_, plain, true);
    if (!cipher) throw std::runtime_error("AES encryption failed");
    return base64_encode(*cipher);
}

std::string CallbackCrypto::encrypt(std::string_view message) const { return encrypt(message, random_bytes(16)); }

}  // namespace hotline::adapters::wecom
