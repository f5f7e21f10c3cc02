#include "bot/wecom/callback_endpoint.h"

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "adapters/wecom/envelope.h"
#include "bot/wecom/inbox_payload.h"
#include "bot/http/query.h"

namespace hotline::bot::wecom {

namespace {

constexpr std::int64_t kMaxClockSkew = 300;  // seconds: WeCom's timestamp must be within 5 minutes

http::Response plain(int status, std::string body = {}) {
    return http::Response{status, "text/plain; charset=utf-8", std::move(body), {}};
}

std::optional<std::int64_t> parse_int(const std::string& s) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

http::Response CallbackEndpoint::refuse(int status, const char* outcome, const std::string& why) {
    metrics_.inc("hotline_wecom_callbacks_total", fmt::format("outcome=\"{}\"", outcome));
    // The reason is for the operator's log; the caller learns only the status.
    spdlog::warn("wecom callback refused: status={} outcome={} reason={}", status, outcome, why);
    return plain(status);
}

http::Response CallbackEndpoint::verify_url(const http::Request& req) {
    const auto q = http::parse_query(req.query, /*plus_is_space=*/false);
    if (!q) return refuse(400, "malformed", "bad query escape");
    const auto get = [&](const char* k) -> const std::string* {
        auto it = q->find(k);
        return it == q->end() ? nullptr : &it->second;
    };
    const auto *sig = get("msg_signature"), *ts = get("timestamp"), *nonce = get("nonce"), *echo = get("echostr");
    if (!sig || !ts || !nonce || !echo) return refuse(400, "malformed", "missing query parameter");
    if (!crypto_.verify(*sig, *ts, *nonce, *echo)) return refuse(401, "bad_signature", "URL check signature mismatch");
    const auto plain_text = crypto_.decrypt(*echo);
    if (!plain_text.ok()) return refuse(400, "malformed", adapters::wecom::describe(plain_text.error));
    metrics_.inc("hotline_wecom_callbacks_total", "outcome=\"url_verified\"");
    spdlog::info("wecom callback URL verified");
    return plain(200, plain_text.message);
}

std::variant<CallbackEndpoint::Accepted, http::Response> CallbackEndpoint::read(const http::Request& req) {
    const auto q = http::parse_query(req.query, false);
    if (!q) return refuse(400, "malformed", "bad query escape");
    const auto find = [&](const char* k) -> std::string {
        auto it = q->find(k);
        return it == q->end() ? std::string{} : it->second;
    };
    const std::string sig = find("msg_signature"), ts = find("timestamp"), nonce = find("nonce");
    if (sig.empty() || ts.empty() || nonce.empty()) return refuse(400, "malformed", "missing query parameter");
    const auto envelope = adapters::wecom::parse_envelope(req.body);
    if (!envelope) return refuse(400, "malformed", "no <xml><Encrypt> envelope");
    if (!crypto_.verify(sig, ts, nonce, envelope->encrypt)) return refuse(401, "bad_signature", "signature mismatch");

    const auto now = clock_.now();
    const auto sent_at = parse_int(ts);
    if (!sent_at) return refuse(400, "malformed", "timestamp is not a number");
    const std::int64_t now_s = workflow::to_unix(now);
    if (*sent_at < now_s - kMaxClockSkew || *sent_at > now_s + kMaxClockSkew)  // no subtraction: no overflow
        return refuse(401, "stale", "timestamp more than 5 minutes from now");
    // A reused (timestamp, nonce) is checked in the store, with the entry: see InboxWriter::Nonce.

    const auto decrypted = crypto_.decrypt(envelope->encrypt);
    if (!decrypted.ok()) return refuse(400, "malformed", adapters::wecom::describe(decrypted.error));
    const auto msg = adapters::wecom::parse_message(decrypted.message);
    if (!msg) return refuse(400, "malformed", "decrypted message is not a WeCom message");
    spdlog::debug("wecom callback read: kind={} from={} unreadable={}", kind_name(msg->kind), msg->from_user,
                  msg->unreadable);
    return Accepted{.entry = workflow::InboxEntry{.channel = "wecom",
                                                  .dedup_key = msg->dedup_key(),
                                                  .payload = inbox_payload(*msg),
                                                  .received_at = now},
                    .nonce = {.key = ts + "|" + nonce,
                              .digest = adapters::hex_lower(adapters::sha256(envelope->encrypt)),
                              .at = now}};
}

void CallbackEndpoint::receive(const http::Request& req, http::Respond respond) {
    auto read_result = read(req);
    if (auto* refused = std::get_if<http::Response>(&read_result)) return respond(std::move(*refused));
    auto& accepted = std::get<Accepted>(read_result);
    std::vector<workflow::InboxEntry> entries;
    entries.push_back(std::move(accepted.entry));
    inbox_.append(std::move(entries), std::move(accepted.nonce), [this, respond = std::move(respond)](InboxWriter::Stored stored) {
        if (stored.replay) return respond(refuse(401, "replay", "timestamp and nonce reused with a different message"));
        if (stored.error) {
            // Not stored: WeCom retries a callback that is not answered 200.
            metrics_.inc("hotline_wecom_callbacks_total", "outcome=\"error\"");
            return respond(plain(500));
        }
        metrics_.inc("hotline_wecom_callbacks_total",
                     fmt::format("outcome=\"{}\"", stored.inserted ? "accepted" : "duplicate"));
        // An empty 200 tells WeCom the message arrived; replies go out through the API later.
        respond(plain(200));
    });
}

}  // namespace hotline::bot::wecom
