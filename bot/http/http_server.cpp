#include "bot/http/http_server.h"

#include "bot/background_loop.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hotline::bot::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

class Session;

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
    Impl(ServerOptions o, const Router& r, Metrics& m)
        : options(std::move(o)), router(r), metrics(m), ioc(options.threads), acceptor(ioc),
          shutdown_timer(ioc) {}

    void accept();
    void register_session(const std::shared_ptr<Session>& s);
    void unregister_session(Session* s);

    ServerOptions options;
    const Router& router;
    Metrics& metrics;
    asio::io_context ioc;
    tcp::acceptor acceptor;
    asio::steady_timer shutdown_timer;
    std::vector<std::thread> threads;
    std::atomic<bool> stopping{false};
    std::mutex sessions_mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
        : server_(std::move(server)), stream_(std::move(socket)) {}
    ~Session() { server_->unregister_session(this); }

    void start() {
        remote_ = peer_address();  // once per connection, not per request
        read_header();
    }

    // Called at shutdown: an idle connection is closed now, a busy one after its response.
    void close_if_idle() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->close();
        });
    }

private:
    void read_header() {
        if (server_->stopping) return close();
        busy_ = false;
        buffer_.consume(buffer_.size());
        parser_.emplace();
        parser_->header_limit(16 * 1024);
        // The largest limit while the header is read; the path's own once it is known.
        auto largest = server_->options.max_body_bytes;
        for (const auto& [path, limit] : server_->options.body_limit_by_path) largest = std::max(largest, limit);
        parser_->body_limit(largest);
        stream_.expires_after(server_->options.idle_timeout);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
    }

    void on_header(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout)
            return close();
        busy_ = true;
        started_ = std::chrono::steady_clock::now();
        // Beast checks a declared Content-Length against the body limit while parsing the header.
        if (ec == bhttp::error::body_limit) return reply_error(413, "payload too large\n");
        if (ec) return reply_error(400, "bad request\n");
        const auto limit = body_limit_for(std::string(parser_->get().target()));
        parser_->body_limit(limit);
        const auto length = parser_->content_length();
        if (length && *length > limit) return reply_error(413, "payload too large\n");
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec2, std::size_t) { self->on_body(ec2); });
    }

    std::uint64_t body_limit_for(const std::string& target) const {
        Request r;
        split_target(target, r);
        const auto it = server_->options.body_limit_by_path.find(r.path);
        return it == server_->options.body_limit_by_path.end() ? server_->options.max_body_bytes : it->second;
    }

    void on_body(beast::error_code ec) {
        if (ec == bhttp::error::body_limit) return reply_error(413, "payload too large\n");
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout) return close();
        if (ec) return reply_error(400, "bad request\n");
        auto& req = parser_->get();
        Request r;
        r.method = std::string(req.method_string());
        split_target(std::string(req.target()), r);
        for (const auto& field : req) {
            std::string name(field.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers[name] = std::string(field.value());
        }
        r.body = std::move(req.body());
        r.remote = remote_;
        request_method_ = r.method;
        request_path_ = r.path;
        keep_alive_ = req.keep_alive();
        // The answer may come from another thread (a callback waiting for its commit): it is sent
        // on this connection's strand, and the pending answer counts as work, so the server's
        // threads do not end before it is sent.
        auto respond = [self = shared_from_this(),
                        work = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked),
                        answered = std::make_shared<std::atomic<bool>>(false)](Response res) {
            if (answered->exchange(true)) return;
            asio::dispatch(work, [self, res = std::move(res)]() mutable { self->send_answer(std::move(res)); });
        };
        try {
            server_->router.dispatch(r, respond, &route_);
        } catch (const std::exception& e) {
            spdlog::error("http handler failed: path={} error={}", r.path, e.what());
            respond(Response{500, "text/plain; charset=utf-8", "internal error\n", {}});
        }
    }

    void send_answer(Response res) { send(std::move(res), keep_alive_, request_method_, request_path_, route_); }

    void reply_error(int status, std::string body) {
        std::string method, path;
        // After a body_limit error the header is parsed even though is_header_done() says no.
        if (parser_ && !parser_->get().target().empty()) {
            method = std::string(parser_->get().method_string());
            Request r;
            split_target(std::string(parser_->get().target()), r);
            path = r.path;
        }
        // The rest of the request is not read, so the connection cannot be reused.
        send(Response{status, "text/plain; charset=utf-8", std::move(body), {}}, false, method, path,
             server_->router.match(method, path).route);
    }

    void send(Response res, bool keep_alive, const std::string& method, const std::string& path,
              const std::string& route) {
        keep_alive = keep_alive && !server_->stopping;
        server_->metrics.count_request(route, res.status);
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count();
        spdlog::info("http method={} path={} status={} bytes={} duration_us={} remote={}", method.empty() ? "-" : method,
                     loggable(path), res.status, res.body.size(), us, remote_);

        auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(res.status), 11);
        msg->set(bhttp::field::server, "hotline-bot");
        msg->set(bhttp::field::content_type, res.content_type);
        for (const auto& [k, v] : res.headers) msg->set(k, v);
        msg->body() = std::move(res.body);
        msg->keep_alive(keep_alive);
        msg->prepare_payload();
        bhttp::async_write(stream_, *msg,
                           [self = shared_from_this(), msg, keep_alive](beast::error_code ec, std::size_t) {
                               if (ec || !keep_alive) return self->close();
                               self->read_header();
                           });
    }

    static void split_target(const std::string& target, Request& r) {
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        r.query = q == std::string::npos ? "" : target.substr(q + 1);
    }

    // Paths are ours, but a client may send anything: keep the log line short and printable.
    static std::string loggable(const std::string& path) {
        if (path.empty()) return "-";
        std::string out;
        for (char c : path.substr(0, 120)) out.push_back((c > 0x20 && c < 0x7f) ? c : '?');
        return out;
    }

    std::string peer_address() const {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        return ec ? "-" : ep.address().to_string();
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    // Declared first, so destroyed last: the stream's destructor still uses the server's
    // io_context, and a session released on another thread (a callback answered after its
    // commit) may hold the server's last reference.
    std::shared_ptr<HttpServer::Impl> server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    bool busy_ = false;
    bool keep_alive_ = false;
    std::string remote_, request_method_, request_path_, route_;
    std::chrono::steady_clock::time_point started_{};
};

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (self->stopping || ec == asio::error::operation_aborted) return;
            spdlog::warn("http accept failed: {}", ec.message());
        } else {
            auto session = std::make_shared<Session>(std::move(socket), self);
            self->register_session(session);
            session->start();
        }
        if (!self->stopping) self->accept();
    });
}

void HttpServer::Impl::register_session(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mutex);
    sessions[s.get()] = s;
}

void HttpServer::Impl::unregister_session(Session* s) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(s);
    // The last connection gone during shutdown: nothing left to wait for.
    if (stopping && sessions.empty()) asio::post(ioc, [self = shared_from_this()] { self->shutdown_timer.cancel(); });
}

HttpServer::HttpServer(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_shared<Impl>(std::move(options), router, metrics)) {}

HttpServer::~HttpServer() {
    stop();
    wait();
}

void HttpServer::start() {
    auto& o = impl_->options;
    beast::error_code ec;
    const auto address = asio::ip::make_address(o.host, ec);
    if (ec) throw std::runtime_error("server.listen: bad address " + o.host);
    const tcp::endpoint endpoint{address, o.port};
    impl_->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(endpoint, ec);
    if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + ec.message());
    impl_->accept();
    for (int i = 0; i < o.threads; ++i)
        impl_->threads.emplace_back([impl = impl_] {
            name_this_thread("http");
            impl->ioc.run();
        });
}

std::uint16_t HttpServer::port() const {
    beast::error_code ec;
    return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::stop() {
    if (impl_->stopping.exchange(true)) return;
    asio::post(impl_->ioc, [impl = impl_] {
        beast::error_code ec;
        impl->acceptor.close(ec);
        std::vector<std::shared_ptr<Session>> live;
        {
            std::lock_guard lock(impl->sessions_mutex);
            for (auto& [ptr, weak] : impl->sessions)
                if (auto s = weak.lock()) live.push_back(std::move(s));
        }
        if (live.empty()) return;
        for (auto& s : live) s->close_if_idle();
        // Requests still running after the grace period are cut off.
        impl->shutdown_timer.expires_after(impl->options.shutdown_grace);
        impl->shutdown_timer.async_wait([impl](beast::error_code wait_ec) {
            if (!wait_ec) impl->ioc.stop();
        });
    });
}

void HttpServer::wait() {
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    impl_->threads.clear();
}

}  // namespace hotline::bot::http
