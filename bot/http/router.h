#pragma once
// Maps (method, path) to a handler: unknown paths are 404, known paths with another method 405
// with an Allow header.
#include <functional>
#include <string>
#include <vector>

#include "bot/http/http_types.h"

namespace hotline::bot::http {

using Handler = std::function<Response(const Request&)>;

class Router {
public:
    void add(std::string method, std::string path, Handler handler);

    struct Match {
        const Handler* handler = nullptr;  // null when refused
        int status = 200;                  // 404 or 405 when refused
        std::string allow;                 // for 405
        std::string route;                 // the matched path, or "unmatched" (keeps metric labels bounded)
    };
    Match match(const std::string& method, const std::string& path) const;
    // Runs the matching handler, or answers 404/405. `route` receives the metric label.
    Response dispatch(const Request& req, std::string* route = nullptr) const;

private:
    struct Route {
        std::string method;
        std::string path;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace hotline::bot::http
