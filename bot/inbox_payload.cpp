#include "bot/inbox_payload.h"

#include <nlohmann/json.hpp>

namespace hotline::bot::inbox {

namespace {

using nlohmann::json;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // clang 14 does not deduce aggregates' bases yet

json number_json(const CitizenNumber& n) {
    return json{{"phone_enc", n.phone_enc}, {"phone_hash", n.phone_hash}, {"phone_masked", n.phone_masked}};
}

CitizenNumber number_of(const json& j) {
    return CitizenNumber{.phone_enc = j.value("phone_enc", ""),
                         .phone_hash = j.value("phone_hash", ""),
                         .phone_masked = j.value("phone_masked", "")};
}

// A string field, or empty when missing or of another type (a stored row is never trusted blindly).
std::string text(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

json to_json(const Payload& p) {
    return std::visit(
        Overloaded{
            [](const ChatText& t) {
                json j{{"kind", "text"}, {"from", t.from}, {"content", t.content}};
                if (t.unreadable) j["unreadable"] = true;
                return j;
            },
            [](const CardClick& c) {
                return json{{"kind", "card_click"}, {"from", c.from}, {"task_id", c.task_id},
                            {"event_key", c.event_key}, {"response_code", c.response_code}};
            },
            [](const ChatMedia& m) {
                return json{{"kind", "media"},
                            {"from", m.from},
                            {"msg_type", m.msg_type},
                            {"media", {{"media_id", m.media_id},
                                       {"latitude", m.latitude},
                                       {"longitude", m.longitude},
                                       {"label", m.label}}}};
            },
            [](const SmsReply& r) {
                auto j = number_json(r.number);
                j.update(json{{"kind", "sms_reply"}, {"provider", r.provider}, {"text", r.text}, {"sign", r.sign},
                              {"time", r.time}});
                return j;
            },
            [](const SmsReceipt& r) {
                auto j = number_json(r.number);
                j.update(json{{"kind", "sms_receipt"}, {"provider", r.provider}, {"provider_id", r.provider_id},
                              {"delivered", r.delivered}, {"detail", r.detail}});
                return j;
            },
            [](const OtherEvent& e) { return json{{"kind", e.kind}, {"from", e.from}}; },
        },
        p);
}

}  // namespace

std::string encode(const Payload& p) {
    // The fields are valid UTF-8 already where they came from WeCom; replacing is a second guard, so
    // a client's bytes can never turn into a 500 that the sender would retry forever.
    return to_json(p).dump(-1, ' ', false, json::error_handler_t::replace);
}

Payload decode(std::string_view stored) {
    const auto j = json::parse(stored, nullptr, false);
    if (!j.is_object()) return OtherEvent{};
    const std::string kind = text(j, "kind");
    const std::string from = text(j, "from");
    if (kind == "sms_reply")
        return SmsReply{.provider = text(j, "provider"), .number = number_of(j), .text = text(j, "text"),
                        .sign = text(j, "sign"), .time = text(j, "time")};
    if (kind == "sms_receipt")
        return SmsReceipt{.provider = text(j, "provider"), .number = number_of(j), .provider_id = text(j, "provider_id"),
                          .delivered = flag(j, "delivered"), .detail = text(j, "detail")};
    // Chat kinds need a sender to answer.
    if (from.empty()) return OtherEvent{.kind = kind, .from = from};
    if (kind == "text") return ChatText{.from = from, .content = text(j, "content"), .unreadable = flag(j, "unreadable")};
    if (kind == "card_click")
        return CardClick{.from = from, .task_id = text(j, "task_id"), .event_key = text(j, "event_key"),
                         .response_code = text(j, "response_code")};
    if (kind == "media" && j.contains("media") && j["media"].is_object()) {
        const auto& m = j["media"];
        return ChatMedia{.from = from, .msg_type = text(j, "msg_type"), .media_id = text(m, "media_id"),
                         .latitude = text(m, "latitude"), .longitude = text(m, "longitude"), .label = text(m, "label")};
    }
    return OtherEvent{.kind = kind, .from = from};
}

}  // namespace hotline::bot::inbox
