#pragma once
// `hotline-bot sandbox` on the example configuration and a free port, as a trainer starts it.
#include <httplib.h>

#include <csignal>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace hotline::testing {

struct SandboxProcess {
    // extra: more of the command line, e.g. {"--start", "2026-12-07 20:05"}
    explicit SandboxProcess(std::vector<std::string> extra = {}) : child(command(port, std::move(extra))) {}
    // Stopped as Ctrl-C stops it, so it removes its temporary folder (a kill would leave one in
    // /tmp on every run); killed only if it does not finish.
    ~SandboxProcess() {
        if (!child.running()) return;
        child.signal(SIGTERM);
        if (child.read_to_eof(std::chrono::seconds(20))) child.wait();
    }
    SandboxProcess(const SandboxProcess&) = delete;
    SandboxProcess& operator=(const SandboxProcess&) = delete;

    int port = free_port();
    Child child;
    std::string banner;  // 培训沙盘：在浏览器打开 http://127.0.0.1:PORT/sandbox （数据在 FOLDER，…）

    // Reads its output up to the banner, then waits until the page answers; false if it never does.
    bool started() {
        while (banner.find("培训沙盘") == std::string::npos) {
            const auto line = child.read_line(std::chrono::seconds(60));
            if (!line) return false;
            banner = *line;
        }
        httplib::Client client("127.0.0.1", port);
        return eventually([&] { return client.Get("/sandbox") != nullptr; });
    }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port); }

private:
    static std::vector<std::string> command(int port, std::vector<std::string> extra) {
        std::vector<std::string> argv{HOTLINE_BOT_BINARY, "sandbox", "--config",
                                      std::string(HOTLINE_SOURCE_DIR) + "/config/hotline.example.toml", "--port",
                                      std::to_string(port)};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return argv;
    }
};

}  // namespace hotline::testing
