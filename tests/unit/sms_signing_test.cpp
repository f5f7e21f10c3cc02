// The shared SMS signing vectors (tests/vectors/sms.json, a copy of shared/vectors), byte for byte.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/crypto/encoding.h"
#include "adapters/sms/signing.h"
#include "tests/support/test_env.h"

using namespace hotline::adapters;
using namespace hotline::adapters::sms;

namespace {
const nlohmann::json& vectors() {
    static const nlohmann::json v = [] {
        std::ifstream in(hotline::testing::source_dir() / "tests" / "vectors" / "sms.json");
        return nlohmann::json::parse(in);
    }();
    return v;
}
}  // namespace

TEST(SmsSigningVectors, TheCopyMatchesSharedWhenPresent) {
    const auto shared = hotline::testing::source_dir() / ".." / "shared" / "vectors" / "sms.json";
    if (!std::filesystem::exists(shared)) GTEST_SKIP() << "no shared/ beside the checkout";
    std::ifstream a(shared);
    EXPECT_EQ(nlohmann::json::parse(a), vectors());
}

TEST(SmsSigningVectors, PercentEncodingRfc3986) {
    for (const auto& v : vectors()["percent_encoding_rfc3986"])
        EXPECT_EQ(url_encode(v["in"].get<std::string>()), v["out"]);
}

TEST(SmsSigningVectors, TencentTc3) {
    ASSERT_EQ(vectors()["tencent_tc3"].size(), 1u);
    for (const auto& v : vectors()["tencent_tc3"]) {
        Tc3Request r;
        r.host = v["host"];
        r.service = v["service"];
        r.content_type = v["content_type"];
        r.body = v["body"];
        r.timestamp = v["timestamp"];
        r.secret_id = v["secret_id"];
        r.secret_key = v["secret_key"];
        EXPECT_EQ(tc3_authorization(r), v["expected_authorization"]);
    }
}

TEST(SmsSigningVectors, AliyunAcs3) {
    for (const auto& v : vectors()["aliyun_acs3"]) {
        Acs3Request r;
        r.method = v["method"];
        r.path = v["path"];
        r.query = v["query"].get<std::map<std::string, std::string>>();
        r.signed_headers = v["signed_headers"].get<std::map<std::string, std::string>>();
        r.body = v["body"];
        r.access_key_id = v["access_key_id"];
        r.secret = v["secret"];
        EXPECT_EQ(acs3_authorization(r), v["expected_authorization"]);
    }
}

TEST(SmsSigningVectors, AliyunRpcV1) {
    ASSERT_EQ(vectors()["aliyun_rpc_v1"].size(), 2u);
    for (const auto& v : vectors()["aliyun_rpc_v1"]) {
        SCOPED_TRACE(v["name"].get<std::string>());
        EXPECT_EQ(rpc_v1_signature(v["method"], v["params"].get<std::map<std::string, std::string>>(), v["secret"]),
                  v["expected_signature"]);
    }
}
