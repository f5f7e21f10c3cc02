#include "bot/sms/sms_callbacks.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/http/query.h"

namespace hotline::bot::sms {

namespace {

using nlohmann::json;

// A field that providers send as a number or a string (Alibaba's sequence_id, Tencent's time).
std::string text_of(const json& o, const char* key) {
    if (!o.contains(key)) return {};
    const auto& v = o[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return {};
}

std::string digest_key(const std::string& s) { return adapters::hex_lower(adapters::sha256(s)).substr(0, 32); }

}  // namespace

SmsCallbacks::SmsCallbacks(std::string secret, const adapters::CitizenDataCipher& cipher, workflow::Store& store,
                           const workflow::Clock& clock, Metrics& metrics)
    : secret_(std::move(secret)), cipher_(cipher), store_(store), clock_(clock), metrics_(metrics) {
}

http::Response SmsCallbacks::answer(Provider p, int status, bool ok, const std::string& why) const {
    const json body = p == Provider::tencent ? json{{"result", ok ? 0 : 1}, {"errmsg", ok ? "OK" : why}}
                                             : json{{"code", ok ? 0 : 1}, {"msg", ok ? "接收成功" : why}};
    return http::Response{status, "application/json; charset=utf-8", body.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

http::Response SmsCallbacks::tencent_reply(const http::Request& r) { return handle(r, Provider::tencent, "reply"); }
http::Response SmsCallbacks::tencent_status(const http::Request& r) { return handle(r, Provider::tencent, "status"); }
http::Response SmsCallbacks::aliyun_up(const http::Request& r) { return handle(r, Provider::aliyun, "reply"); }
http::Response SmsCallbacks::aliyun_report(const http::Request& r) { return handle(r, Provider::aliyun, "status"); }

http::Response SmsCallbacks::handle(const http::Request& r, Provider p, const std::string& kind) {
    const std::string provider = p == Provider::tencent ? "tencent" : "aliyun";
    auto count = [&](const char* result) {
        metrics_.inc("hotline_sms_callbacks_total",
                     fmt::format("provider=\"{}\",kind=\"{}\",result=\"{}\"", provider, kind, result));
    };
    const auto query = http::parse_query(r.query, true);
    const std::string key = query && query->count("key") ? query->at("key") : "";
    if (secret_.empty() || key.size() != secret_.size() || CRYPTO_memcmp(key.data(), secret_.data(), key.size()) != 0) {
        count("unauthorized");
        spdlog::warn("sms: {} {} callback from {} refused: missing or wrong key", provider, kind, r.remote);
        return answer(p, 401, false, "unauthorized");
    }
    const json body = json::parse(r.body, nullptr, false);
    // Tencent's reply push is one object; everything else is an array of them.
    const bool single = p == Provider::tencent && kind == "reply";
    if (body.is_discarded() || (single ? !body.is_object() : !body.is_array())) {
        count("malformed");
        return answer(p, 400, false, single ? "expected a JSON object" : "expected a JSON array");
    }

    std::vector<Item> items;
    const json list = single ? json::array({body}) : body;
    for (const auto& o : list) {
        if (!o.is_object()) {
            count("malformed");
            return answer(p, 400, false, "expected JSON objects");
        }
        const std::string phone = adapters::phone_digits(text_of(o, p == Provider::tencent ? "mobile" : "phone_number"));
        if (phone.size() < 7) {
            count("malformed");
            return answer(p, 400, false, "missing phone number");
        }
        const std::string phone_hash = cipher_.phone_hash(phone);
        json payload{{"kind", kind == "reply" ? "sms_reply" : "sms_receipt"},
                     {"provider", provider},
                     {"phone_enc", cipher_.encrypt(phone)},
                     {"phone_hash", phone_hash},
                     {"phone_masked", adapters::mask_phone(phone)}};
        std::string dedup;
        if (kind == "reply") {
            const std::string text = text_of(o, p == Provider::tencent ? "text" : "content");
            const std::string sign = text_of(o, p == Provider::tencent ? "sign" : "sign_name");
            const std::string time = text_of(o, p == Provider::tencent ? "time" : "send_time");
            payload["text"] = text;
            payload["sign"] = sign;
            payload["time"] = time;
            // Alibaba numbers each up message; Tencent's push is identical on retry.
            const std::string seq = text_of(o, "sequence_id");
            dedup = p == Provider::aliyun && !seq.empty() ? "up:" + seq
                                                          : "reply:" + digest_key(phone_hash + "|" + time + "|" + sign + "|" + text);
        } else {
            const std::string id = text_of(o, p == Provider::tencent ? "sid" : "biz_id");
            bool delivered = false;
            std::string detail;
            if (p == Provider::tencent) {
                delivered = text_of(o, "report_status") == "SUCCESS";
                detail = text_of(o, "errmsg") + (o.contains("description") ? " " + text_of(o, "description") : "");
            } else {
                delivered = o.contains("success") && o["success"].is_boolean() ? o["success"].get<bool>()
                                                                               : text_of(o, "success") == "true";
                detail = text_of(o, "err_code") + " " + text_of(o, "err_msg");
            }
            if (id.empty()) {
                count("malformed");
                return answer(p, 400, false, "missing message id");
            }
            payload["provider_id"] = id;
            payload["delivered"] = delivered;
            payload["detail"] = detail;
            dedup = "report:" + digest_key(id + "|" + phone_hash + "|" + (delivered ? "1" : "0"));
        }
        items.push_back({dedup, payload.dump(-1, ' ', false, json::error_handler_t::replace)});
    }

    std::size_t stored = 0;
    try {
        store_.transact([&](workflow::StoreTx& tx) {
            for (const auto& item : items) {
                workflow::InboxEntry e;
                e.channel = "sms_" + provider;
                e.dedup_key = item.dedup_key;
                e.payload = item.payload;
                e.received_at = clock_.now();
                if (tx.inbox().insert(e)) ++stored;
            }
        });
    } catch (const std::exception& e) {
        // Not stored: the provider must retry, so it must not hear "OK".
        spdlog::error("sms: {} {} callback could not be stored: {}", provider, kind, e.what());
        count("error");
        return answer(p, 500, false, "temporarily unavailable");
    }
    count(stored == items.size() ? "stored" : stored == 0 ? "duplicate" : "partly_duplicate");
    if (stored && on_stored_) on_stored_();
    return answer(p, 200, true, "");
}

}  // namespace hotline::bot::sms
