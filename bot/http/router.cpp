#include "bot/http/router.h"

namespace hotline::bot::http {

void Router::add(std::string method, std::string path, Handler handler) {
    add_async(std::move(method), std::move(path),
              [handler = std::move(handler)](const Request& req, Respond respond) { respond(handler(req)); });
}

void Router::add_async(std::string method, std::string path, AsyncHandler handler) {
    routes_.push_back({std::move(method), std::move(path), std::move(handler)});
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
    Match m;
    m.route = "unmatched";
    bool path_known = false;
    for (const auto& r : routes_) {
        if (r.path != path) continue;
        path_known = true;
        m.route = r.path;
        if (r.method == method) {
            m.handler = &r.handler;
            return m;
        }
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += r.method;
    }
    m.status = path_known ? 405 : 404;
    return m;
}

void Router::dispatch(const Request& req, Respond respond, std::string* route) const {
    const Match m = match(req.method, req.path);
    if (route) *route = m.route;
    if (m.handler) return (*m.handler)(req, std::move(respond));
    Response res;
    res.status = m.status;
    res.body = m.status == 404 ? "not found\n" : "method not allowed\n";
    if (m.status == 405) res.headers["Allow"] = m.allow;
    respond(std::move(res));
}

}  // namespace hotline::bot::http
