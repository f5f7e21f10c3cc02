#include "tests/support/bot_process.h"

#include <csignal>
#include <ctime>
#include <fstream>

#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"

namespace hotline::testing {

BotProcess::BotProcess(const std::filesystem::path& dir, const std::string& wecom_base, const std::string& extra,
                       const std::filesystem::path& directory, const std::filesystem::path& store_dir)
    : config_((dir / "hotline.toml").string()), port_(free_port()), crypto_(kToken, kAesKey, kCorpId) {
    std::ofstream(config_) << "[server]\nlisten = \"127.0.0.1:" << port_ << "\"\nthreads = 4\n"
                           << "[calendar]\nholidays_dir = \"" << holidays_dir().string() << "\"\n"
                           << "[directory]\nfile = \""
                           << (directory.empty() ? source_dir() / "config" / "directory.example.toml" : directory).string()
                           << "\"\n"
                           << "[wecom]\nenabled = true\ncorp_id = \"" << kCorpId << "\"\nagent_id = \"1000002\"\n"
                           << "secret = \"app-secret\"\ntoken = \"" << kToken << "\"\nencoding_aes_key = \"" << kAesKey
                           << "\"\napi_base = \"" << wecom_base << "\"\n"
                           << store_config_toml(store_dir.empty() ? dir : store_dir, with_port(extra));
}

std::string BotProcess::with_port(std::string text) const {
    for (auto at = text.find("{port}"); at != std::string::npos; at = text.find("{port}", at))
        text.replace(at, 6, std::to_string(port_));
    return text;
}

bool BotProcess::start(std::string* log) {
    child_ = std::make_unique<Child>(std::vector<std::string>{HOTLINE_BOT_BINARY, "serve", "--config", config_});
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(1, 0);
    const bool up = eventually([&] { return !child_->running() || static_cast<bool>(c.Get("/healthz")); },
                               std::chrono::seconds(60)) &&
                    child_->running();
    if (!up && log) *log = child_->rest_of_stdout();
    return up;
}

void BotProcess::kill() {
    if (!child_) return;
    child_->signal(SIGKILL);
    child_->wait();
    child_.reset();
}

int BotProcess::stop() {
    if (!child_) return -1;
    child_->signal(SIGTERM);
    const int code = child_->wait();
    return code;
}

std::string BotProcess::log() { return child_ ? child_->rest_of_stdout() : std::string{}; }

int BotProcess::send_text(const std::string& from, const std::string& content, const std::string& msg_id) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    return send_xml(text_message_xml(from, content, msg_id, now), msg_id);
}

int BotProcess::send_xml(const std::string& plaintext_xml, const std::string& nonce_tag) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    const auto cb = sign_callback(crypto_, plaintext_xml, now, "n" + std::to_string(++nonce_) + "-" + nonce_tag);
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    auto r = c.Post(("/wecom/callback?" + cb.query).c_str(), cb.body, "text/xml");
    return r ? r->status : 0;
}

}  // namespace hotline::testing
