#include "bot/http/router.h"

namespace hotline::bot::http {

void Router::add(std::string method, std::string path, Handler handler) {
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

Response Router::dispatch(const Request& req, std::string* route) const {
    const Match m = match(req.method, req.path);
    if (route) *route = m.route;
    if (m.handler) return (*m.handler)(req);
    Response res;
    res.status = m.status;
    res.body = m.status == 404 ? "not found\n" : "method not allowed\n";
    if (m.status == 405) res.headers["Allow"] = m.allow;
    return res;
}

}  // namespace hotline::bot::http
