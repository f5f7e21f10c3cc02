// The official WeCom vectors (tests/vectors/wecom.json, a copy of shared/vectors), both
// directions, and the malformed inputs that must be errors rather than crashes.
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/crypto/encoding.h"
#include "adapters/wecom/callback_crypto.h"
#include "tests/support/test_env.h"

using namespace hotline::adapters;
using namespace hotline::adapters::wecom;
using hotline::testing::source_dir;

namespace {

const nlohmann::json& vectors() {
    static const nlohmann::json v = [] {
        std::ifstream in(source_dir() / "tests" / "vectors" / "wecom.json");
        return nlohmann::json::parse(in);
    }();
    return v;
}

CallbackCrypto crypto_for(const nlohmann::json& v, const std::string& receive_id = "") {
    return CallbackCrypto(v["token"], v["encoding_aes_key"].get<std::string>(),
                          receive_id.empty() ? v["receive_id"].get<std::string>() : receive_id);
}

std::string random16_of(const nlohmann::json& v) {
    if (v.contains("random16")) return v["random16"];
    if (v.contains("random16_hex")) return *hex_decode(v["random16_hex"].get<std::string>());
    return {};
}

const nlohmann::json& message(const std::string& name_prefix) {
    for (const auto& m : vectors()["messages"])
        if (m["name"].get<std::string>().rfind(name_prefix, 0) == 0) return m;
    throw std::runtime_error("no vector " + name_prefix);
}

// AES-256-CBC of a hand-made plaintext (already a multiple of 32), to craft bad paddings and lengths.
std::string raw_encrypt(const std::string& key43, const std::string& plain) {
    const auto key = *base64_decode(key43 + "=");
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, k, k);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    std::string out(plain.size() + 32, '\0');
    int n1 = 0, n2 = 0;
    EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &n1,
                      reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
    EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + n1, &n2);
    EVP_CIPHER_CTX_free(ctx);
    out.resize(static_cast<std::size_t>(n1 + n2));
    return base64_encode(out);
}

}  // namespace

TEST(WecomCryptoVectors, TheCopyMatchesSharedWhenPresent) {
    const auto shared = source_dir() / ".." / "shared" / "vectors" / "wecom.json";
    if (!std::filesystem::exists(shared)) GTEST_SKIP() << "no shared/ beside the checkout";
    std::ifstream a(shared), b(source_dir() / "tests" / "vectors" / "wecom.json");
    EXPECT_EQ(nlohmann::json::parse(a), nlohmann::json::parse(b));
}

TEST(WecomCryptoVectors, UrlVerification) {
    ASSERT_EQ(vectors()["url_verification"].size(), 2u);
    for (const auto& v : vectors()["url_verification"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        const auto c = crypto_for(v);
        std::string echostr = v["echostr"];
        if (v.contains("echostr_urlencoded")) {
            const auto decoded = url_decode(v["echostr_urlencoded"].get<std::string>(), false);
            ASSERT_TRUE(decoded);
            EXPECT_EQ(*decoded, echostr);
        }
        EXPECT_EQ(c.signature(v["timestamp"].get<std::string>(), v["nonce"].get<std::string>(), echostr),
                  v["msg_signature"]);
        EXPECT_TRUE(c.verify(v["msg_signature"].get<std::string>(), v["timestamp"].get<std::string>(),
                             v["nonce"].get<std::string>(), echostr));
        const auto d = c.decrypt(echostr);
        ASSERT_TRUE(d.ok()) << describe(d.error);
        EXPECT_EQ(d.message, v["reply_body"]);
    }
}

TEST(WecomCryptoVectors, MessagesDecryptAndSignatures) {
    ASSERT_EQ(vectors()["messages"].size(), 4u);
    for (const auto& v : vectors()["messages"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        const auto c = crypto_for(v);
        const std::string encrypt = v["encrypt"];
        EXPECT_EQ(c.signature(v["timestamp"].get<std::string>(), v["nonce"].get<std::string>(), encrypt),
                  v["msg_signature"]);
        const auto d = c.decrypt(encrypt);
        ASSERT_TRUE(d.ok()) << describe(d.error);
        EXPECT_EQ(d.message, v["plaintext"]);
    }
}

TEST(WecomCryptoVectors, EncryptReproducesTheCiphertextWhereRandom16IsGiven) {
    int checked = 0;
    for (const auto& v : vectors()["messages"]) {
        const auto random16 = random16_of(v);
        if (random16.empty()) continue;
        SCOPED_TRACE(v["name"].get<std::string>());
        const auto c = crypto_for(v);
        EXPECT_EQ(c.encrypt(v["plaintext"].get<std::string>(), random16), v["encrypt"]);
        ++checked;
    }
    EXPECT_EQ(checked, 3);  // V2, V5, V6
}

TEST(WecomCryptoVectors, NegativeZeroedSignatureIsRejected) {
    const auto& v = message("V2");
    const auto c = crypto_for(v);
    EXPECT_FALSE(c.verify(std::string(40, '0'), v["timestamp"].get<std::string>(), v["nonce"].get<std::string>(),
                          v["encrypt"].get<std::string>()));
    EXPECT_FALSE(c.verify("", v["timestamp"].get<std::string>(), v["nonce"].get<std::string>(),
                          v["encrypt"].get<std::string>()));
}

TEST(WecomCryptoVectors, NegativeOtherReceiveIdIsRejected) {
    const auto& v = message("V2");
    const auto c = crypto_for(v, "wwOTHER");
    EXPECT_EQ(c.decrypt(v["encrypt"].get<std::string>()).error, CryptoError::receive_id_mismatch);
}

TEST(WecomCrypto, RoundTripWithRandomPrefixAndEveryPaddingLength) {
    const CallbackCrypto c("tok", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "ww123");
    for (std::size_t n = 0; n < 70; ++n) {  // covers pads of 1..32
        const std::string msg(n, 'x');
        const auto e = c.encrypt(msg);
        EXPECT_EQ(base64_decode(e)->size() % 32, 0u);
        const auto d = c.decrypt(e);
        ASSERT_TRUE(d.ok()) << n;
        EXPECT_EQ(d.message, msg);
    }
    EXPECT_NE(c.encrypt("same"), c.encrypt("same"));  // fresh random16 each time
}

TEST(WecomCrypto, MalformedCiphertextsAreErrorValues) {
    const auto& v = message("V2");
    const auto c = crypto_for(v);
    const CallbackCrypto other_key("t", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", v["receive_id"]);
    EXPECT_EQ(c.decrypt("not base64!").error, CryptoError::bad_base64);
    EXPECT_EQ(c.decrypt("QUJD").error, CryptoError::bad_length);  // 3 bytes
    EXPECT_EQ(c.decrypt("").error, CryptoError::bad_length);
    EXPECT_EQ(c.decrypt(base64_encode(std::string(48, 'a'))).error, CryptoError::bad_length);  // not a multiple of 32
    // Decrypting with the wrong key yields garbage: a bad pad byte, a wild length or a wrong id.
    const auto garbage = other_key.decrypt(v["encrypt"].get<std::string>()).error;
    EXPECT_TRUE(garbage == CryptoError::bad_padding || garbage == CryptoError::bad_declared_length ||
                garbage == CryptoError::receive_id_mismatch);
}

TEST(WecomCrypto, PaddingAndDeclaredLengthAreChecked) {
    const std::string key43 = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    const CallbackCrypto c("tok", key43, "id");
    auto frame = [](std::uint32_t declared, const std::string& rest) {
        std::string p(16, 'r');
        p.push_back(static_cast<char>(declared >> 24));
        p.push_back(static_cast<char>(declared >> 16));
        p.push_back(static_cast<char>(declared >> 8));
        p.push_back(static_cast<char>(declared));
        return p + rest;
    };
    // 20 + 2 + 2 = 24 bytes, padded with 8 bytes of 0x08: valid.
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, frame(2, "hiid") + std::string(8, '\x08'))).message, "hi");
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, frame(2, "hiid") + std::string(8, '\0'))).error, CryptoError::bad_padding);
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, frame(2, "hiid") + std::string(7, '\0') + '\x21')).error,
              CryptoError::bad_padding);  // 33
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, frame(1000, "hiid") + std::string(8, '\x08'))).error,
              CryptoError::bad_declared_length);
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, frame(0xFFFFFFFF, "hiid") + std::string(8, '\x08'))).error,
              CryptoError::bad_declared_length);
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, std::string(32, '\x20'))).error, CryptoError::bad_declared_length);
    EXPECT_EQ(c.decrypt(raw_encrypt(key43, frame(2, "hiXX") + std::string(8, '\x08'))).error,
              CryptoError::receive_id_mismatch);
}

TEST(WecomCrypto, KeysMustBe43Base64Characters) {
    EXPECT_THROW(CallbackCrypto("t", "short", "id"), std::invalid_argument);
    EXPECT_THROW(CallbackCrypto("t", std::string(43, '!'), "id"), std::invalid_argument);
}

TEST(Encoding, UrlDecodeKeepsPlusWhenAsked) {
    EXPECT_EQ(*url_decode("a+b%2Bc", false), "a+b+c");
    EXPECT_EQ(*url_decode("a+b", true), "a b");
    EXPECT_FALSE(url_decode("%4", false));
    EXPECT_FALSE(url_decode("%zz", false));
    EXPECT_FALSE(base64_decode("ab=c"));
    EXPECT_FALSE(base64_decode("abc"));
    EXPECT_EQ(*base64_decode("YWI="), "ab");
}
