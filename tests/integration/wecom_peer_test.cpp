// The npm package @wecom/crypto as an independent peer: it encrypts and signs callbacks that the
// running endpoint must accept, and decrypts what our code encrypts. Any disagreement fails.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/callback_env.h"
#include "tests/support/process.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

const std::string kPeer = std::string(HOTLINE_PEERS_DIR) + "/wecom_peer.js";

// Runs the peer with `input` on stdin; returns its JSON answer.
nlohmann::json peer(const TempDir& dir, const std::vector<std::string>& args, const std::string& input) {
    const auto in = dir / "peer-input.txt";
    std::ofstream(in, std::ios::binary) << input;
    std::string cmd = "node '" + kPeer + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd += " < '" + in.string() + "'";
    const auto r = run({"/bin/sh", "-c", cmd});
    EXPECT_EQ(r.exit_code, 0) << r.output << "\n(tests/peers is installed by scripts/test.sh: npm ci)";
    return nlohmann::json::parse(r.output, nullptr, false);
}

}  // namespace

TEST(WecomPeer, CallbacksEncryptedAndSignedByTheNpmPackageAreAccepted) {
    CallbackEnv env;
    const std::vector<std::string> messages{
        text_message_xml("zhangwei", "签收 1024", "88001", env.now()),
        text_message_xml("liqiang", "同意延期 1024 情况属实，同意延期5个工作日。", "88002", env.now()),
        card_click_xml("liuyang", "ticket-1024-v3", "unit_approve", env.now()),
    };
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto ts = std::to_string(env.now());
        const auto nonce = "peer" + std::to_string(i);
        const auto out = peer(env.dir, {"encrypt", kToken, kAesKey, kCorpId, ts, nonce}, messages[i]);
        ASSERT_TRUE(out.is_object());
        const std::string encrypt = out["encrypt"];
        EXPECT_EQ(out["msg_signature"], env.crypto.signature(ts, nonce, encrypt));
        SignedCallback cb{"msg_signature=" + out["msg_signature"].get<std::string>() + "&timestamp=" + ts + "&nonce=" + nonce,
                          "<xml><ToUserName><![CDATA[" + std::string(kCorpId) + "]]></ToUserName><Encrypt><![CDATA[" +
                              encrypt + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>",
                          encrypt};
        const auto r = env.post(cb);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << messages[i];
    }
    EXPECT_EQ(env.inbox_count(), 3);
}

TEST(WecomPeer, TheNpmPackageDecryptsWhatWeEncrypt) {
    TempDir dir;
    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    for (const std::string& msg : {std::string("<xml><Content><![CDATA[你好，工单#7已签收]]></Content></xml>"),
                                  std::string(""), std::string(31, 'x'), std::string(2000, 'y')}) {
        const auto out = peer(dir, {"decrypt", kAesKey}, crypto.encrypt(msg));
        ASSERT_TRUE(out.is_object());
        EXPECT_EQ(out["message"], msg);
        EXPECT_EQ(out["id"], kCorpId);
    }
}
