#pragma once
// The real hotline-bot binary serving with WeCom enabled against a fake WeCom server, for tests
// that go through the public interface: encrypted callbacks in, messages out at the fake.
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/wecom/callback_crypto.h"
#include "tests/support/process.h"
#include "tests/support/wecom_callbacks.h"

namespace hotline::testing {

class BotProcess {
public:
    // Writes `dir`/hotline.toml for the fake at `wecom_base` (plus `extra` TOML, where "{port}" stands
    // for the bot's port) on a free port, with
    // the example directory unless another file is given, and the store of `store_dir` (default:
    // `dir`; instances given one store_dir share a PostgreSQL store).
    BotProcess(const std::filesystem::path& dir, const std::string& wecom_base, const std::string& extra = {},
               const std::filesystem::path& directory = {}, const std::filesystem::path& store_dir = {});
    // Starts the binary and waits until /healthz answers; false (with the log) if it never does.
    bool start(std::string* log = nullptr);
    // SIGKILL, as a crash would.
    void kill();
    // SIGTERM and wait; the exit code.
    int stop();
    bool running() const { return child_ != nullptr; }
    std::string log();

    // A text message from `from`, encrypted and signed as WeCom sends it; the HTTP status (0: no answer).
    int send_text(const std::string& from, const std::string& content, const std::string& msg_id);
    // Any decrypted message XML, encrypted and signed; the HTTP status.
    int send_xml(const std::string& plaintext_xml, const std::string& nonce_tag);
    int port() const { return port_; }
    const std::string& config_path() const { return config_; }

private:
    std::string with_port(std::string text) const;

    std::string config_;
    int port_ = 0;
    int nonce_ = 0;
    adapters::wecom::CallbackCrypto crypto_;
    std::unique_ptr<Child> child_;
};

}  // namespace hotline::testing
