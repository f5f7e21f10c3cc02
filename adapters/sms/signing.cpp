#include "adapters/sms/signing.h"

#include <fmt/format.h>

#include <chrono>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::adapters::sms {

namespace {

std::string utc_date(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const year_month_day ymd{floor<days>(sys_seconds{seconds{unix_seconds}})};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

// key=value pairs, percent-encoded (RFC 3986), sorted by key (std::map), joined with '&'.
std::string canonical_query(const std::map<std::string, std::string>& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += '&';
        out += url_encode(k) + "=" + url_encode(v);
    }
    return out;
}

}  // namespace

std::string tc3_authorization(const Tc3Request& r) {
    const std::string signed_headers = "content-type;host";
    const std::string canonical = fmt::format("POST\n/\n\ncontent-type:{}\nhost:{}\n\n{}\n{}", r.content_type, r.host,
                                              signed_headers, hex_lower(sha256(r.body)));
    const std::string date = utc_date(r.timestamp);
    const std::string scope = fmt::format("{}/{}/tc3_request", date, r.service);
    const std::string to_sign =
        fmt::format("TC3-HMAC-SHA256\n{}\n{}\n{}", r.timestamp, scope, hex_lower(sha256(canonical)));
    const auto k_date = hmac_sha256("TC3" + r.secret_key, date);
    const auto k_service = hmac_sha256(k_date, r.service);
    const auto k_signing = hmac_sha256(k_service, "tc3_request");
    return fmt::format("TC3-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}", r.secret_id, scope,
                       signed_headers, hex_lower(hmac_sha256(k_signing, to_sign)));
}

std::string acs3_authorization(const Acs3Request& r) {
    std::string headers, names;
    for (const auto& [name, value] : r.signed_headers) {
        headers += name + ":" + value + "\n";
        names += (names.empty() ? "" : ";") + name;
    }
    const std::string canonical = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", r.method, r.path, canonical_query(r.query),
                                              headers, names, hex_lower(sha256(r.body)));
    const std::string to_sign = "ACS3-HMAC-SHA256\n" + hex_lower(sha256(canonical));
    return fmt::format("ACS3-HMAC-SHA256 Credential={},SignedHeaders={},Signature={}", r.access_key_id, names,
                       hex_lower(hmac_sha256(r.secret, to_sign)));
}

std::string rpc_v1_signature(const std::string& method, const std::map<std::string, std::string>& params,
                             const std::string& secret) {
    const std::string to_sign = method + "&" + url_encode("/") + "&" + url_encode(canonical_query(params));
    return base64_encode(hmac_sha1(secret + "&", to_sign));
}

}  // namespace hotline::adapters::sms
