// The real binary as systemd runs it (Type=notify): READY once it serves, WATCHDOG while its store
// answers, RELOADING/READY around a SIGHUP that reads the directory and holiday files again, and
// STOPPING at SIGTERM. systemd's side is played by a datagram socket named in NOTIFY_SOCKET.
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "tests/support/wecom_callbacks.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

class NotifySocket {
public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) ADD_FAILURE() << std::strerror(errno);
    }
    ~NotifySocket() { ::close(fd_); }

    // The next datagram that contains `what`, skipping others; empty after the timeout.
    std::string wait_for(const std::string& what, std::chrono::milliseconds timeout = 60s) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) continue;
            std::string message(buf, static_cast<std::size_t>(n));
            if (message.find(what) != std::string::npos) return message;
        }
        return {};
    }

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

}  // namespace

TEST(SystemdService, NotifiesReadyWatchdogReloadAndStopAndReloadReadsTheFilesAgain) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    std::filesystem::copy(holidays_dir(), dir / "holidays");
    const auto directory = dir / "directory.toml";
    std::filesystem::copy_file(source_dir() / "config" / "directory.example.toml", directory);
    const int port = free_port();
    const auto config = dir / "hotline.toml";
    std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:" << port << "\"\n"
                          << "[store]\npath = \"hotline.db\"\n[calendar]\nholidays_dir = \"holidays\"\n"
                          << "[directory]\nfile = \"directory.toml\"\n"
                          << "[wecom]\nenabled = true\ncorp_id = \"" << kCorpId << "\"\nagent_id = \"1000002\"\n"
                          << "secret = \"app-secret\"\ntoken = \"" << kToken << "\"\nencoding_aes_key = \"" << kAesKey
                          << "\"\napi_base = \"" << fake.base_url() << "\"\n";
    NotifySocket systemd(dir / "notify.sock");
    Child bot({"/usr/bin/env", "NOTIFY_SOCKET=" + (dir / "notify.sock").string(), "WATCHDOG_USEC=400000",
               HOTLINE_BOT_BINARY, "serve", "--config", config.string()});

    const auto ready = systemd.wait_for("READY=1");
    ASSERT_FALSE(ready.empty()) << bot.rest_of_stdout();
    EXPECT_NE(ready.find("STATUS=serving on 127.0.0.1:" + std::to_string(port)), std::string::npos) << ready;
    httplib::Client c("127.0.0.1", port);
    EXPECT_TRUE(c.Get("/healthz")) << "READY is sent once the port answers";
    EXPECT_FALSE(systemd.wait_for("WATCHDOG=1", 10s).empty());

    // A person added to the directory file is known after `systemctl reload`, without a restart.
    std::ofstream(directory, std::ios::app) << "\n[[people]]\nuserid = \"newcomer\"\nname = \"新同事\"\nroles = [\"staff\"]\n";
    bot.signal(SIGHUP);
    EXPECT_FALSE(systemd.wait_for("RELOADING=1", 30s).empty());
    EXPECT_FALSE(systemd.wait_for("READY=1", 30s).empty());
    const adapters::wecom::CallbackCrypto crypto(kToken, kAesKey, kCorpId);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    const auto cb = sign_callback(crypto, text_message_xml("newcomer", "帮助", "7001", now), now, "reload");
    const auto r = c.Post(("/wecom/callback?" + cb.query).c_str(), cb.body, "text/xml");
    ASSERT_TRUE(r);
    std::vector<Delivery> got;
    ASSERT_TRUE(eventually([&] { return !(got = fake.deliveries()).empty(); })) << bot.rest_of_stdout();
    const std::string answer = got[0].body["text"]["content"];
    EXPECT_EQ(answer.find("不在本系统通讯录"), std::string::npos) << answer;

    // A broken holiday file is reported and the data in use kept; the service goes on.
    std::ofstream(dir / "holidays" / "2027.json") << "{ not json";
    bot.signal(SIGHUP);
    EXPECT_FALSE(systemd.wait_for("READY=1", 30s).empty());
    EXPECT_TRUE(c.Get("/healthz"));

    bot.signal(SIGTERM);
    EXPECT_FALSE(systemd.wait_for("STOPPING=1", 30s).empty());
    EXPECT_EQ(bot.wait(), 0);
    const auto log = bot.rest_of_stdout();
    EXPECT_NE(log.find("holiday files in"), std::string::npos) << log;
    EXPECT_NE(log.find("the holiday data in use is kept"), std::string::npos) << log;
    EXPECT_NE(log.find("people: 1 added"), std::string::npos) << log;
}
