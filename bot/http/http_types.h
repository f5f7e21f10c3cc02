#pragma once
// Plain request/response values, so routes and handlers never see Boost.Beast.
#include <map>
#include <string>

namespace hotline::bot::http {

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query string
    std::string query;   // raw, without '?'
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::string remote;
};

struct Response {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::map<std::string, std::string> headers;
};

}  // namespace hotline::bot::http
