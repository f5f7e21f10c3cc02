#include "bot/sms/sms_callbacks.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/http/query.h"

namespace hotline::bot::sms {

namespace {

std::string digest_key(const std::string& s) { return adapters::hex_lower(adapters::sha256(s)).substr(0, 32); }

std::string provider_name(adapters::sms::PushProvider p) {
    return p == adapters::sms::PushProvider::tencent ? "tencent" : "aliyun";
}

}  // namespace

SmsCallbacks::SmsCallbacks(std::string secret, const adapters::CitizenDataCipher& cipher, InboxWriter& inbox,
                           const workflow::Clock& clock, Metrics& metrics)
    : secret_(std::move(secret)), cipher_(cipher), inbox_(inbox), clock_(clock), metrics_(metrics) {}

http::Response SmsCallbacks::answer(Provider p, int status, bool ok, const std::string& why) const {
    return http::Response{status, "application/json; charset=utf-8",
                          adapters::sms::push_answer(p,
                                                     ok, why),
                          {}};
}

void SmsCallbacks::tencent_reply(const http::Request& r, http::Respond respond) {
    handle(r, Provider::tencent, "reply", std::move(respond));
}
void SmsCallbacks::tencent_status(const http::Request& r, http::Respond respond) {
    handle(r, Provider::tencent, "status", std::move(respond));
}
void SmsCallbacks::aliyun_up(const http::Request& r, http::Respond respond) {
    handle(r, Provider::aliyun, "reply", std::move(respond));
}
void SmsCallbacks::aliyun_report(const http::Request& r, http::Respond respond) {
    handle(r, Provider::aliyun, "status", std::move(respond));
}

inbox::CitizenNumber SmsCallbacks::number_of(const std::string& phone) const {
    return inbox::CitizenNumber{.phone_enc = cipher_.encrypt(phone),
                                .phone_hash = cipher_.phone_hash(phone),
                                .phone_masked = adapters::mask_phone(phone)};
}

SmsCallbacks::Items SmsCallbacks::reply_items(Provider p, const std::string& body) const {
    const auto pushed = adapters::sms::read_reply_push(p, body);
    if (const auto* e = std::get_if<adapters::sms::PushError>(&pushed)) return e->why;
    std::vector<Item> items;
    for (const auto& reply : std::get<std::vector<adapters::sms::PushedReply>>(pushed)) {
        const std::string phone = adapters::phone_digits(reply.phone);
        if (phone.size() < 7) return std::string("missing phone number");
        const inbox::SmsReply stored{.provider = provider_name(p), .number = number_of(phone), .text = reply.text,
                                     .sign = reply.sign, .time = reply.time};
        // Alibaba numbers each up message; Tencent's push is identical on retry.
        items.push_back({!reply.sequence_id.empty()
                             ? "up:" + reply.sequence_id
                             : "reply:" + digest_key(stored.number.phone_hash + "|" + reply.time + "|" + reply.sign +
                                                     "|" + reply.text),
                         inbox::encode(stored)});
    }
    return items;
}

SmsCallbacks::Items SmsCallbacks::receipt_items(Provider p, const std::string& body) const {
    const auto pushed = adapters::sms::read_receipt_push(p, body);
    if (const auto* e = std::get_if<adapters::sms::PushError>(&pushed)) return e->why;
    std::vector<Item> items;
    for (const auto& receipt : std::get<std::vector<adapters::sms::PushedReceipt>>(pushed)) {
        const std::string phone = adapters::phone_digits(receipt.phone);
        if (phone.size() < 7) return std::string("missing phone number");
        if (receipt.provider_id.empty()) return std::string("missing message id");
        const inbox::SmsReceipt stored{.provider = provider_name(p), .number = number_of(phone),
                                       .provider_id = receipt.provider_id, .delivered = receipt.delivered,
                                       .detail = receipt.detail};
        items.push_back({"report:" + digest_key(receipt.provider_id + "|" + stored.number.phone_hash + "|" +
                                                (receipt.delivered ? "1" : "0")),
                         inbox::encode(stored)});
    }
    return items;
}

void SmsCallbacks::handle(const http::Request& r, Provider p, const std::string& kind, http::Respond respond) {
    const std::string provider = provider_name(p);
    auto count = [this, provider, kind](const char* result) {
        metrics_.inc("hotline_sms_callbacks_total",
                     fmt::format("provider=\"{}\",kind=\"{}\",result=\"{}\"", provider, kind, result));
    };
    const auto query = http::parse_query(r.query, true);
    const std::string key = query && query->count("key") ? query->at("key") : "";
    if (secret_.empty() || key.size() != secret_.size() || CRYPTO_memcmp(key.data(), secret_.data(), key.size()) != 0) {
        count("unauthorized");
        spdlog::warn("sms: {} {} callback from {} refused: missing or wrong key", provider, kind, r.remote);
        return respond(answer(p, 401, false, "unauthorized"));
    }
    const auto items = kind == "reply" ? reply_items(p, r.body) : receipt_items(p, r.body);
    if (const auto* refused = std::get_if<std::string>(&items)) {
        count("malformed");
        return respond(answer(p, 400, false, *refused));
    }
    std::vector<workflow::InboxEntry> entries;
    for (const auto& item : std::get<std::vector<Item>>(items))
        entries.push_back({.channel = "sms_" + provider,
                           .dedup_key = item.dedup_key,
                           .payload = item.payload,
                           .received_at = clock_.now()});
    const auto total = entries.size();
    inbox_.append(std::move(entries), [this, p, provider, kind, total, count,
                                       respond = std::move(respond)](InboxWriter::Stored stored) {
        if (stored.error) {
            // Not stored: the provider must retry, so it must not hear "OK".
            spdlog::error("sms: {} {} callback could not be stored", provider, kind);
            count("error");
            return respond(answer(p, 500, false, "temporarily unavailable"));
        }
        count(stored.inserted == total ? "stored" : stored.inserted == 0 ? "duplicate" : "partly_duplicate");
        respond(answer(p, 200, true, ""));
    });
}

}  // namespace hotline::bot::sms
