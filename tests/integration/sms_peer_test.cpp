// The providers' own Node SDKs as independent peers: tencentcloud-sdk-nodejs-common (sign3) and
// @alicloud/openapi-core (getAuthorization, getRPCSignature) sign the exact requests our clients
// build, Chinese text and all; every signature must match ours.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/crypto/encoding.h"
#include "adapters/sms/aliyun_sms.h"
#include "adapters/sms/tencent_sms.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using nlohmann::json;

namespace {

class NoHttp final : public adapters::HttpClient {
public:
    adapters::HttpResult send(const adapters::HttpRequest&) override { return {}; }
};

json peer(const TempDir& dir, const json& input) {
    const auto in = dir / "sms-peer-input.json";
    std::ofstream(in, std::ios::binary) << input.dump();
    const auto r = run({"/bin/sh", "-c", "node '" + std::string(HOTLINE_PEERS_DIR) + "/sms_peer.js' < '" + in.string() + "'"});
    EXPECT_EQ(r.exit_code, 0) << r.output << "\n(tests/peers is installed by scripts/test.sh: npm ci)";
    return json::parse(r.output, nullptr, false);
}

const adapters::sms::TemplateIds kTemplates{{"ask", "2201234"}, {"remind", "SMS_468102"}};

struct Case {
    std::string phone;
    std::string key;
    std::vector<std::string> params;
    std::int64_t timestamp;
};

const std::vector<Case> kCases{
    {"13812345678", "ask", {"12"}, 1798704000},            // 2026-12-31T00:00:00Z
    {"19900001111", "remind", {"99999999"}, 1798761599},   // the UTC date line
    {"13800000000", "ask", {"我的 工单&=+/%"}, 1767225600},  // reserved characters and Chinese
};

}  // namespace

TEST(SmsPeer, TencentSdkSign3AgreesWithTheRequestsWeBuild) {
    TempDir dir;
    NoHttp http;
    workflow::FakeClock clock(workflow::from_unix(0));
    adapters::sms::TencentSms client(http, clock,
                                     {"https://sms.tencentcloudapi.com", "ap-guangzhou", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                                      "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "1400006666", "某县12345", kTemplates});
    for (const auto& c : kCases) {
        const auto req = client.build({c.phone, c.key, c.params, "42"}, c.timestamp);
        const auto out = peer(dir, {{"tencent",
                                     {{"url", req.url},
                                      {"body", req.body},
                                      {"timestamp", c.timestamp},
                                      {"content_type", req.headers.at("Content-Type")},
                                      {"secret_id", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"},
                                      {"secret_key", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"}}}});
        ASSERT_TRUE(out.is_object());
        EXPECT_EQ(out["tencent"], req.headers.at("Authorization")) << req.body;
        EXPECT_NE(req.body.find("\"+86" + c.phone + "\""), std::string::npos);
    }
}

TEST(SmsPeer, AlibabaSdkAgreesWithOurAcs3AndRpcV1Requests) {
    TempDir dir;
    NoHttp http;
    workflow::FakeClock clock(workflow::from_unix(0));
    adapters::sms::AliyunSmsConfig config{"https://dysmsapi.aliyuncs.com", "LTAI5tEXAMPLE", "EXAMPLEsecretEXAMPLE",
                                          "某县12345", "acs3", kTemplates};
    adapters::sms::AliyunSms acs3(http, clock, config);
    config.signature_version = "v1";
    adapters::sms::AliyunSms v1(http, clock, config);
    for (const auto& c : kCases) {
        const auto a = acs3.build({c.phone, c.key, c.params, "42"}, c.timestamp, "3f1c9e0a5b7d4e21a8c6f0b2d9e4a713");
        const auto b = v1.build({c.phone, c.key, c.params, "42"}, c.timestamp, "3f1c9e0a5b7d4e21a8c6f0b2d9e4a713");
        json headers = json::object();
        for (const auto& [k, v] : a.headers) headers[k] = v;
        const auto out = peer(dir, {{"aliyun_acs3",
                                     {{"url", a.url},
                                      {"headers", headers},
                                      {"body", a.body},
                                      {"access_key_id", "LTAI5tEXAMPLE"},
                                      {"secret", "EXAMPLEsecretEXAMPLE"}}},
                                    {"aliyun_v1", {{"body", b.body}, {"secret", "EXAMPLEsecretEXAMPLE"}}}});
        ASSERT_TRUE(out.is_object());
        EXPECT_EQ(out["aliyun_acs3"], a.headers.at("Authorization")) << a.url;
        const auto sig_at = b.body.find("Signature=");
        ASSERT_NE(sig_at, std::string::npos);
        const auto sig_end = b.body.find('&', sig_at);
        const auto ours = adapters::url_decode(
            b.body.substr(sig_at + 10, sig_end == std::string::npos ? std::string::npos : sig_end - sig_at - 10), false);
        ASSERT_TRUE(ours);
        EXPECT_EQ(out["aliyun_v1"], *ours) << b.body;
    }
}
