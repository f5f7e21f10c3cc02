#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "adapters/http/http_client.h"

namespace hotline::adapters {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

const char* describe(TransportError e) {
    switch (e) {
        case TransportError::none: return "ok";
        case TransportError::bad_url: return "bad URL";
        case TransportError::connect_failed: return "connection failed";
        case TransportError::tls_failed: return "TLS handshake or certificate verification failed";
        case TransportError::timeout: return "timed out";
        case TransportError::io_error: return "I/O error";
    }
    return "?";
}

bool is_loopback_host(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" || host == "[::1]";
}

std::optional<ParsedUrl> parse_url(const std::string& url) {
    ParsedUrl u;
    std::string rest;
    if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
    } else if (url.rfind("http://", 0) == 0) {
        u.tls = false;
        rest = url.substr(7);
    } else {
        return std::nullopt;
    }
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    u.target = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']') == std::string::npos) {
        u.host = authority.substr(0, colon);
        u.port = authority.substr(colon + 1);
    } else {
        u.host = authority;
        u.port = u.tls ? "443" : "80";
    }
    if (u.host.empty() || u.port.empty()) return std::nullopt;
    return u;
}

namespace {

// Beast applies tcp_stream timeouts to asynchronous operations only, so every step is started
// asynchronously and the calling thread runs the io_context until that step is done.
void run_step(asio::io_context& ioc) {
    ioc.restart();
    ioc.run();
}

TransportError classify(const beast::error_code& ec, TransportError otherwise) {
    return ec == beast::error::timeout || ec == asio::error::operation_aborted ? TransportError::timeout : otherwise;
}

class BeastHttpClient final : public HttpClient {
public:
    BeastHttpClient() : tls_(ssl::context::tls_client) {
        tls_.set_default_verify_paths();
        tls_.set_verify_mode(ssl::verify_peer);
        tls_.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
    }

    HttpResult send(const HttpRequest& req) override {
        const auto url = parse_url(req.url);
        if (!url) return fail(TransportError::bad_url, "unsupported URL scheme");
        if (!url->tls && !is_loopback_host(url->host))
            return fail(TransportError::bad_url, "plain http is only allowed to loopback test servers");
        bhttp::request<bhttp::string_body> msg{bhttp::string_to_verb(req.method), url->target, 11};
        msg.set(bhttp::field::host, url->host);
        msg.set(bhttp::field::user_agent, "hotline-bot");
        for (const auto& [k, v] : req.headers) msg.set(k, v);
        msg.body() = req.body;
        msg.prepare_payload();

        asio::io_context ioc;
        beast::error_code ec;
        tcp::resolver::results_type endpoints;
        {
            tcp::resolver resolver(ioc);
            asio::steady_timer timer(ioc, req.timeout);
            resolver.async_resolve(url->host, url->port, [&](beast::error_code e, tcp::resolver::results_type r) {
                ec = e;
                endpoints = std::move(r);
                timer.cancel();
            });
            timer.async_wait([&](beast::error_code e) {
                if (!e) resolver.cancel();
            });
            run_step(ioc);
        }
        // Nothing was sent before the connection stood, timeout or not: callers may safely retry.
        if (ec) return fail(TransportError::connect_failed, "resolve: " + ec.message());
        return url->tls ? exchange_tls(ioc, *url, endpoints, msg, req.timeout, req.max_response_bytes)
                        : exchange_plain(ioc, endpoints, msg, req.timeout, req.max_response_bytes);
    }

private:
    static HttpResult fail(TransportError e, std::string detail) { return HttpResult{e, std::move(detail), 0, {}, {}}; }

    template <typename Stream>
    static HttpResult roundtrip(asio::io_context& ioc, Stream& stream, beast::tcp_stream& tcp_layer,
                                bhttp::request<bhttp::string_body>& msg, std::chrono::milliseconds timeout,
                                std::size_t limit) {
        beast::error_code ec;
        tcp_layer.expires_after(timeout);
        bhttp::async_write(stream, msg, [&](beast::error_code e, std::size_t) { ec = e; });
        run_step(ioc);
        if (ec) return fail(classify(ec, TransportError::io_error), "write: " + ec.message());
        beast::flat_buffer buffer;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(limit);
        tcp_layer.expires_after(timeout);
        bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
        run_step(ioc);
        if (ec) return fail(classify(ec, TransportError::io_error), "read: " + ec.message());
        auto& res = parser.get();
        return HttpResult{TransportError::none, {}, static_cast<int>(res.result_int()), std::move(res.body()),
                          std::string(res[bhttp::field::date])};
    }

    static HttpResult connect(asio::io_context& ioc, beast::tcp_stream& stream,
                              const tcp::resolver::results_type& endpoints, std::chrono::milliseconds timeout) {
        beast::error_code ec;
        stream.expires_after(timeout);
        stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
        run_step(ioc);
        if (ec) return fail(TransportError::connect_failed, "connect: " + ec.message());
        return {};
    }

    HttpResult exchange_plain(asio::io_context& ioc, const tcp::resolver::results_type& endpoints,
                              bhttp::request<bhttp::string_body>& msg, std::chrono::milliseconds timeout,
                              std::size_t limit) {
        beast::tcp_stream stream(ioc);
        if (auto r = connect(ioc, stream, endpoints, timeout); !r.ok()) return r;
        auto result = roundtrip(ioc, stream, stream, msg, timeout, limit);
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        return result;
    }

    HttpResult exchange_tls(asio::io_context& ioc, const ParsedUrl& url, const tcp::resolver::results_type& endpoints,
                            bhttp::request<bhttp::string_body>& msg, std::chrono::milliseconds timeout,
                            std::size_t limit) {
        beast::ssl_stream<beast::tcp_stream> stream(ioc, tls_);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
            return fail(TransportError::tls_failed, "SNI");
        stream.set_verify_callback(ssl::host_name_verification(url.host));
        auto& tcp_layer = beast::get_lowest_layer(stream);
        if (auto r = connect(ioc, tcp_layer, endpoints, timeout); !r.ok()) return r;
        beast::error_code ec;
        tcp_layer.expires_after(timeout);
        stream.async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
        run_step(ioc);
        if (ec) return fail(classify(ec, TransportError::tls_failed), "TLS: " + ec.message());
        auto result = roundtrip(ioc, stream, tcp_layer, msg, timeout, limit);
        // Close without waiting for the peer's close_notify: some servers never send it.
        tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ec);
        return result;
    }

    ssl::context tls_;
};

}  // namespace

std::unique_ptr<HttpClient> make_beast_http_client() { return std::make_unique<BeastHttpClient>(); }

}  // namespace hotline::adapters
