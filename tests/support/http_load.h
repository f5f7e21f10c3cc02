#pragma once
// The raw-socket HTTP/1.1 client of the load benchmarks: keep-alive, no library in the way.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace hotline::testing {

inline int connect_to(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
    return fd;
}

// Sends one request and reads one response; true on a 200.
inline bool exchange(int fd, const std::string& request, std::string& buf) {
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    buf.clear();
    char chunk[4096];
    for (;;) {
        const auto end = buf.find("\r\n\r\n");
        if (end != std::string::npos) {
            const auto cl = buf.find("Content-Length: ");
            const std::size_t length = cl == std::string::npos ? 0 : std::stoul(buf.substr(cl + 16));
            if (buf.size() >= end + 4 + length) return buf.compare(9, 3, "200") == 0;
        }
        const auto n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buf.append(chunk, static_cast<std::size_t>(n));
    }
}

}  // namespace hotline::testing
