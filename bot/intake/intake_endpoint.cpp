#include "bot/intake/intake_endpoint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <charconv>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"

namespace hotline::bot::intake {

namespace {

using nlohmann::json;
constexpr std::int64_t kMaxSkew = 300;

http::Response json_response(int status, const json& body) {
    return http::Response{status, "application/json; charset=utf-8",
                          body.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

}  // namespace

http::Response IntakeEndpoint::refuse(int status, const char* outcome, const std::string& error, const std::string& field) {
    metrics_.inc("hotline_intake_requests_total", fmt::format("outcome=\"{}\"", outcome));
    spdlog::warn("intake refused: status={} outcome={} field={}", status, outcome, field.empty() ? "-" : field);
    json body{{"error", error}};
    if (!field.empty()) body["field"] = field;
    return json_response(status, body);
}

http::Response IntakeEndpoint::receive(const http::Request& req) {
    const auto ts_header = req.headers.find("x-hotline-timestamp");
    const auto sig_header = req.headers.find("x-hotline-signature");
    if (ts_header == req.headers.end() || sig_header == req.headers.end())
        return refuse(401, "unsigned", "X-Hotline-Timestamp and X-Hotline-Signature are required");
    // Which line's secret to check with is in the body; nothing else is trusted before the check.
    const auto peek = json::parse(req.body, nullptr, false);
    const std::string source = peek.is_object() && peek.contains("source") && peek["source"].is_string()
                                   ? peek["source"].get<std::string>()
                                   : "";
    const auto secret = secrets_.find(source);
    if (secret == secrets_.end()) return refuse(401, "bad_signature", "unknown or unconfigured source", "source");
    const auto expected = adapters::hex_lower(adapters::hmac_sha256(secret->second, ts_header->second + "." + req.body));
    if (!adapters::constant_time_equal(expected, sig_header->second))
        return refuse(401, "bad_signature", "signature mismatch");
    std::int64_t ts = 0;
    const auto& tss = ts_header->second;
    if (std::from_chars(tss.data(), tss.data() + tss.size(), ts).ec != std::errc{}) return refuse(401, "stale", "bad timestamp");
    const auto now_s = workflow::to_unix(engine_.clock().now());
    if (ts < now_s - kMaxSkew || ts > now_s + kMaxSkew) return refuse(401, "stale", "timestamp more than 5 minutes from now");

    auto parsed = parse_intake_json(req.body, engine_.clock().now());
    if (!parsed.error.empty()) return refuse(400, "invalid", parsed.error, parsed.field);
    protect_citizen_data(parsed, cipher_);
    auto& t = parsed.message.ticket;

    bool replay = false;
    workflow::IntakeOutcome outcome;
    store_.transact([&](workflow::StoreTx& tx) {
        // The signature is accepted once: a replay (even of a request that failed) changes nothing.
        workflow::InboxEntry e{0, "intake", sig_header->second, json{{"source", source}, {"source_id", t.source_id}}.dump(),
                               engine_.clock().now(), "done"};
        if (!tx.inbox().insert(e)) {
            replay = true;
            return;
        }
        outcome = workflow::intake(tx, engine_, parsed.message, policy_);
    });
    if (replay) return refuse(401, "replay", "this signed request was already received");
    const char* kind = outcome.kind == workflow::IntakeOutcome::Kind::created  ? "created"
                       : outcome.kind == workflow::IntakeOutcome::Kind::merged ? "merged"
                                                                                : "duplicate";
    metrics_.inc("hotline_intake_requests_total", fmt::format("outcome=\"{}\"", kind));
    spdlog::info("intake: source={} source_id={} ticket={} result={} phone={}", t.source, t.source_id, outcome.ticket_id,
                 kind, adapters::mask_phone(parsed.citizen_phone));
    return json_response(outcome.kind == workflow::IntakeOutcome::Kind::created ? 201 : 200,
                         json{{"ticket", outcome.ticket_id}, {"result", kind}, {"flagged", outcome.flagged}});
}

}  // namespace hotline::bot::intake
