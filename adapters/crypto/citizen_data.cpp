#include "adapters/crypto/citizen_data.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::adapters {

namespace {
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
constexpr int kNonce = 12, kTag = 16;
}  // namespace

CitizenDataCipher::CitizenDataCipher(std::string key) : key_(std::move(key)) {
    if (key_.size() != 32) throw std::invalid_argument("the privacy key must be 32 bytes");
}

std::optional<CitizenDataCipher> CitizenDataCipher::from_base64(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    auto key = base64_decode(text);
    if (!key || key->size() != 32) return std::nullopt;
    return CitizenDataCipher(std::move(*key));
}

std::string CitizenDataCipher::encrypt(std::string_view plain) const {
    const std::string nonce = random_bytes(kNonce);
    Ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string out(plain.size() + 16, '\0');
    int n = 0, fin = 0;
    const auto* k = reinterpret_cast<const unsigned char*>(key_.data());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv) != 1 ||
        EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n,
                          reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n, &fin) != 1)
        throw std::runtime_error("AES-GCM encryption failed");
    out.resize(static_cast<std::size_t>(n + fin));
    std::string tag(kTag, '\0');
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, tag.data()) != 1)
        throw std::runtime_error("AES-GCM tag failed");
    return base64_encode(nonce + out + tag);
}

std::optional<std::string> CitizenDataCipher::decrypt(std::string_view sealed) const {
    const auto raw = base64_decode(sealed);
    if (!raw || raw->size() < kNonce + kTag) return std::nullopt;
    const std::string nonce = raw->substr(0, kNonce);
    const std::string body = raw->substr(kNonce, raw->size() - kNonce - kTag);
    std::string tag = raw->substr(raw->size() - kTag);
    Ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    std::string out(body.size() + 16, '\0');
    int n = 0, fin = 0;
    const auto* k = reinterpret_cast<const unsigned char*>(key_.data());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv) != 1 ||
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n,
                          reinterpret_cast<const unsigned char*>(body.data()), static_cast<int>(body.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n, &fin) != 1)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(n + fin));
    return out;
}

std::string phone_digits(std::string_view phone) {
    std::string digits;
    for (char c : phone)
        if (c >= '0' && c <= '9') digits.push_back(c);
    if (digits.rfind("0086", 0) == 0 && digits.size() > 11) digits.erase(0, 4);
    else if (digits.rfind("86", 0) == 0 && digits.size() == 13) digits.erase(0, 2);
    return digits;
}

std::string CitizenDataCipher::phone_hash(std::string_view phone) const {
    return hex_lower(hmac_sha256(key_, "phone:" + phone_digits(phone)));
}

std::string mask_phone(std::string_view phone) {
    const auto d = phone_digits(phone);
    if (d.size() < 7) return "****";
    // 138****5678: the first three and the last four digits stay.
    return d.substr(0, 3) + std::string(d.size() - 7, '*') + d.substr(d.size() - 4);
}

}  // namespace hotline::adapters
