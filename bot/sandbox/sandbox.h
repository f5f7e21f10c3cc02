#pragma once
// `hotline-bot sandbox`: the whole service on a throw-away store with the example directory and
// demo tickets, the sandbox's own channel in place of WeCom and its own SMS provider (nothing is
// sent), the workbench, and /sandbox for the trainer. It refuses to start when the configuration enables WeCom or SMS: a training session
// must never reach a real person.
#include <cstdint>
#include <string>

namespace hotline::bot::sandbox {

struct SandboxOptions {
    std::string config_path;    // the example configuration: its directory file and holiday data
    std::uint16_t port = 8090;
    std::string keep;           // a folder to keep the store in; empty: a temporary one, removed at exit
    std::string start;          // the clock at start, "2026-12-08 08:50" China time; empty: now
};

int run_sandbox(const SandboxOptions& options);

}  // namespace hotline::bot::sandbox
