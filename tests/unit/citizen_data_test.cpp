#include <gtest/gtest.h>

#include "adapters/crypto/citizen_data.h"
#include "adapters/crypto/encoding.h"
#include "workflow/intake/intake.h"

using namespace hotline::adapters;

TEST(CitizenData, EncryptsWithAFreshNonceAndDetectsTampering) {
    const CitizenDataCipher c(std::string(32, 'k'));
    const auto a = c.encrypt("13812345678"), b = c.encrypt("13812345678");
    EXPECT_NE(a, b);
    EXPECT_EQ(c.decrypt(a), "13812345678");
    auto raw = *base64_decode(a);
    raw[14] ^= 1;
    EXPECT_FALSE(c.decrypt(base64_encode(raw)).has_value());
    EXPECT_FALSE(CitizenDataCipher(std::string(32, 'x')).decrypt(a).has_value());
    EXPECT_FALSE(c.decrypt("short").has_value());
    EXPECT_THROW(CitizenDataCipher("too short"), std::invalid_argument);
    EXPECT_FALSE(CitizenDataCipher::from_base64("not base64!").has_value());
}

TEST(CitizenData, PhoneHashesIgnoreFormattingAndMasksKeepSevenDigits) {
    const CitizenDataCipher c(std::string(32, 'k'));
    EXPECT_EQ(c.phone_hash("+86 138-1234-5678"), c.phone_hash("13812345678"));
    EXPECT_EQ(c.phone_hash("008613812345678"), c.phone_hash("13812345678"));
    EXPECT_NE(c.phone_hash("13812345679"), c.phone_hash("13812345678"));
    EXPECT_NE(CitizenDataCipher(std::string(32, 'j')).phone_hash("13812345678"), c.phone_hash("13812345678"));
    EXPECT_EQ(mask_phone("13812345678"), "138****5678");
    EXPECT_EQ(mask_phone("0477-1234567"), "047****4567");
    EXPECT_EQ(mask_phone("047712345678"), "047*****5678");
    EXPECT_EQ(mask_phone("123"), "****");
}

TEST(TextSimilarity, CharacterBigrams) {
    using hotline::workflow::text_similarity;
    EXPECT_DOUBLE_EQ(text_similarity("供暖不热", "供暖不热"), 1.0);
    EXPECT_DOUBLE_EQ(text_similarity("", "供暖"), 0.0);
    EXPECT_GT(text_similarity("小区供暖不热老人受冻", "小区供暖不热孩子受冻"), 0.4);
    EXPECT_LT(text_similarity("小区供暖不热", "路灯坏了没人修"), 0.1);
}
