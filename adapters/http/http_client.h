#pragma once
// Outbound HTTP behind an interface, so protocol clients are tested against fakes and the
// transport (Boost.Beast over TLS) stays in one file.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace hotline::adapters {

struct HttpRequest {
    std::string method = "GET";
    std::string url;  // https://host[:port]/path?query, or http:// to a loopback address
    std::map<std::string, std::string> headers;
    std::string body;
    std::chrono::milliseconds timeout{10000};
    std::size_t max_response_bytes = 8 * 1024 * 1024;  // a larger answer is an io_error
};

// bad_url, connect_failed and tls_failed: nothing was sent. timeout and io_error: the request may
// have reached the server (a non-idempotent call must not be blindly repeated).
enum class TransportError { none, bad_url, connect_failed, tls_failed, timeout, io_error };
const char* describe(TransportError e);

struct HttpResult {
    TransportError error = TransportError::none;
    std::string detail;  // for logs; never contains the URL's query (it may hold a token)
    int status = 0;
    std::string body;
    std::string date;  // the server's Date header, if any (clock checks)
    bool ok() const { return error == TransportError::none; }
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    virtual HttpResult send(const HttpRequest& req) = 0;
};

// TLS with certificate and host name verification against the system's CA store. Plain http is
// refused unless the host is a loopback address (test fakes).
std::unique_ptr<HttpClient> make_beast_http_client();

struct ParsedUrl {
    bool tls = true;
    std::string host;
    std::string port;
    std::string target;  // path and query
};
std::optional<ParsedUrl> parse_url(const std::string& url);
bool is_loopback_host(const std::string& host);

}  // namespace hotline::adapters
