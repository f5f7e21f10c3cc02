#include "tests/support/process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

namespace hotline::testing {

Child::Child(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    out_fd_ = fds[0];
}

Child::~Child() {
    if (!exited_) {
        ::kill(pid_, SIGKILL);
        wait();
    }
    if (out_fd_ >= 0) close(out_fd_);
}

std::optional<std::string> Child::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd p{out_fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
        char buf[4096];
        const auto n = ::read(out_fd_, buf, sizeof buf);
        if (n <= 0) return std::nullopt;
        buffer_.append(buf, static_cast<std::size_t>(n));
    }
}

std::string Child::rest_of_stdout() {
    if (exited_) {
        if (auto all = read_to_eof(std::chrono::seconds(30))) return std::move(*all);
    }
    std::string out = std::move(buffer_);
    buffer_.clear();
    char buf[4096];
    // A child still running never closes its end: read what comes within a moment, not to EOF,
    // so a failing assertion that prints the log cannot hang the test.
    for (;;) {
        pollfd p{out_fd_, POLLIN, 0};
        if (::poll(&p, 1, 300) <= 0) break;
        const auto n = ::read(out_fd_, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

void Child::signal(int sig) { ::kill(pid_, sig); }

bool Child::running() {
    if (exited_) return false;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return !exited_;
}

int Child::wait() {
    if (!exited_) {
        waitpid(pid_, &status_, 0);
        exited_ = true;
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
    return -1;
}

std::optional<std::string> Child::read_to_eof(std::chrono::milliseconds timeout) {
    std::string out = std::move(buffer_);
    buffer_.clear();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{out_fd_, POLLIN, 0};
        const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) {
            buffer_ = std::move(out);  // kept for rest_of_stdout()
            return std::nullopt;
        }
        const auto n = ::read(out_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return out;  // EOF: every writer (the child and anything it started) closed its end
        out.append(buf, static_cast<std::size_t>(n));
    }
}

RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    Child c(argv);
    auto out = c.read_to_eof(timeout);
    if (!out) {
        // Hung: kill it so the test fails with what it printed instead of hanging the suite.
        c.signal(SIGKILL);
        const int code = c.wait();
        return RunResult{code, c.rest_of_stdout() + "\n[test harness: killed after " +
                                   std::to_string(timeout.count()) + " ms without finishing]"};
    }
    return RunResult{c.wait(), std::move(*out)};
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    const int port = ntohs(a.sin_port);
    close(s);
    return port;
}

}  // namespace hotline::testing
