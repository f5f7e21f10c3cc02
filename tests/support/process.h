#pragma once
// Starting the real binaries from tests: a child process with its stdout and stderr captured.
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hotline::testing {

class Child {
public:
    explicit Child(const std::vector<std::string>& argv);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // One line of stdout (without the newline), or nullopt at end of output or after the timeout.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    void signal(int sig);
    // False once it has exited (reaped without blocking).
    bool running();
    // Waits for exit; returns the exit code, or 128 + signal number.
    int wait();
    // What is printed within a moment; for a child that is still running (never waits for EOF).
    std::string rest_of_stdout();
    // Everything it prints until it closes its output, or nullopt after the timeout.
    std::optional<std::string> read_to_eof(std::chrono::milliseconds timeout);
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::string buffer_;
    bool exited_ = false;
    int status_ = 0;
};

struct RunResult {
    int exit_code;
    std::string output;  // stdout and stderr together
};
// Runs a command to completion: reads its output to EOF however slowly it comes (a loaded
// machine), killing it only after the timeout.
RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = std::chrono::minutes(3));

// Polls until the condition holds or the timeout passes; true when it held. For tests that wait
// on another process: generous, because a loaded machine is slow, and quick when it is not.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

}  // namespace hotline::testing
