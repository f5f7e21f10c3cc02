#pragma once
// Maps (method, path) to a handler: unknown paths are 404, known paths with another method 405
// with an Allow header. A handler answers at once (Handler) or later, from any thread, when what
// it waits for is done (AsyncHandler: a callback waiting for its commit holds no server thread).
#include <functional>
#include <string>
#include <vector>

#include "bot/http/http_types.h"

namespace hotline::bot::http {

using Handler = std::function<Response(const Request&)>;
// Called exactly once with the response.
using Respond = std::function<void(Response)>;
using AsyncHandler = std::function<void(const Request&, Respond)>;

class Router {
public:
    void add(std::string method, std::string path, Handler handler);
    void add_async(std::string method, std::string path, AsyncHandler handler);

    struct Match {
        const AsyncHandler* handler = nullptr;  // null when refused
        int status = 200;                       // 404 or 405 when refused
        std::string allow;                      // for 405
        std::string route;                      // the matched path, or "unmatched" (keeps metric labels bounded)
    };
    Match match(const std::string& method, const std::string& path) const;
    // Runs the matching handler, or answers 404/405. `route` receives the metric label.
    void dispatch(const Request& req, Respond respond, std::string* route = nullptr) const;

private:
    struct Route {
        std::string method;
        std::string path;
        AsyncHandler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace hotline::bot::http
