#include "adapters/sms/push.h"

#include <nlohmann/json.hpp>

namespace hotline::adapters::sms {

namespace {

using nlohmann::json;

// A field that providers send as a number or a string.
std::string text_of(const json& o, const char* key) {
    if (!o.contains(key)) return {};
    const auto& v = o[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return {};
}

// The push's objects, or why it is not a push: one object (Tencent's reply) or an array of them.
std::variant<std::vector<json>, PushError> objects_of(std::string_view body, bool single) {
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || (single ? !parsed.is_object() : !parsed.is_array()))
        return PushError{single ? "expected a JSON object" : "expected a JSON array"};
    std::vector<json> out;
    for (const auto& o : single ? json::array({parsed}) : parsed) {
        if (!o.is_object()) return PushError{"expected JSON objects"};
        out.push_back(o);
    }
    return out;
}

PushedReply reply_of(PushProvider p, const json& o) {
    const bool tencent = p == PushProvider::tencent;
    return PushedReply{.phone = text_of(o, tencent ? "mobile" : "phone_number"),
                       .text = text_of(o, tencent ? "text" : "content"),
                       .sign = text_of(o, tencent ? "sign" : "sign_name"),
                       .time = text_of(o, tencent ? "time" : "send_time"),
                       .sequence_id = tencent ? std::string() : text_of(o, "sequence_id")};
}

PushedReceipt receipt_of(PushProvider p, const json& o) {
    if (p == PushProvider::tencent)
        return PushedReceipt{.phone = text_of(o, "mobile"),
                             .provider_id = text_of(o, "sid"),
                             .delivered = text_of(o, "report_status") == "SUCCESS",
                             .detail = text_of(o, "errmsg") +
                                       (o.contains("description") ? " " + text_of(o, "description") : "")};
    const bool delivered = o.contains("success") && o["success"].is_boolean() ? o["success"].get<bool>()
                                                                             : text_of(o, "success") == "true";
    return PushedReceipt{.phone = text_of(o, "phone_number"),
                         .provider_id = text_of(o, "biz_id"),
                         .delivered = delivered,
                         .detail = text_of(o, "err_code") + " " + text_of(o, "err_msg")};
}

}  // namespace

std::variant<std::vector<PushedReply>, PushError> read_reply_push(PushProvider p, std::string_view body) {
    auto objects = objects_of(body, p == PushProvider::tencent);
    if (auto* e = std::get_if<PushError>(&objects)) return *e;
    std::vector<PushedReply> out;
    for (const auto& o : std::get<std::vector<json>>(objects)) out.push_back(reply_of(p, o));
    return out;
}

std::variant<std::vector<PushedReceipt>, PushError> read_receipt_push(PushProvider p, std::string_view body) {
    auto objects = objects_of(body, false);
    if (auto* e = std::get_if<PushError>(&objects)) return *e;
    std::vector<PushedReceipt> out;
    for (const auto& o : std::get<std::vector<json>>(objects)) out.push_back(receipt_of(p, o));
    return out;
}

std::string push_answer(PushProvider p, bool ok, std::string_view why) {
    const json body = p == PushProvider::tencent
                          ? json{{"result", ok ? 0 : 1}, {"errmsg", ok ? std::string("OK") : std::string(why)}}
                          : json{{"code", ok ? 0 : 1}, {"msg", ok ? std::string("接收成功") : std::string(why)}};
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace hotline::adapters::sms
