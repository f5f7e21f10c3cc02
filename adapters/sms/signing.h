#pragma once
// Request signing of the two SMS providers, byte-exact with their documentation and SDKs:
// Tencent Cloud API 3.0 (TC3-HMAC-SHA256), Alibaba Cloud ACS3-HMAC-SHA256 and RPC v1 HMAC-SHA1.
#include <cstdint>
#include <map>
#include <string>

namespace hotline::adapters::sms {

struct Tc3Request {
    std::string host;     // sms.tencentcloudapi.com
    std::string service;  // sms
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::int64_t timestamp = 0;  // unix seconds; the credential date is its UTC date
    std::string secret_id;
    std::string secret_key;
};
// The Authorization header value.
std::string tc3_authorization(const Tc3Request& r);

struct Acs3Request {
    std::string method = "POST";
    std::string path = "/";
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> signed_headers;  // lower-case names, incl. host and x-acs-*
    std::string body;  // x-acs-content-sha256 must be its SHA-256 (hex)
    std::string access_key_id;
    std::string secret;
};
std::string acs3_authorization(const Acs3Request& r);

// RPC v1: the Signature parameter, base64(HMAC-SHA1(secret + "&", METHOD&%2F&canonical-query)).
std::string rpc_v1_signature(const std::string& method, const std::map<std::string, std::string>& params,
                             const std::string& secret);

}  // namespace hotline::adapters::sms
