#include "bot/wecom/inbox_payload.h"

#include <nlohmann/json.hpp>

namespace hotline::bot::wecom {

using adapters::wecom::InboundKind;

const char* kind_name(InboundKind k) {
    switch (k) {
        case InboundKind::text: return "text";
        case InboundKind::card_click: return "card_click";
        case InboundKind::event: return "event";
        case InboundKind::media: return "media";
        case InboundKind::other: return "other";
    }
    return "other";
}

std::string inbox_payload(const adapters::wecom::InboundMessage& m) {
    nlohmann::json payload{
        {"kind", kind_name(m.kind)},         {"from", m.from_user},         {"msg_type", m.msg_type},
        {"content", m.content},              {"create_time", m.create_time}, {"agent_id", m.agent_id},
        {"event", m.event},                  {"event_key", m.event_key},    {"task_id", m.task_id},
        {"response_code", m.response_code},  {"card_type", m.card_type},
    };
    if (m.kind == InboundKind::media)
        payload["media"] = {{"media_id", m.media_id},
                            {"latitude", m.location_x},
                            {"longitude", m.location_y},
                            {"label", m.location_label}};
    if (m.unreadable) payload["unreadable"] = true;
    // The fields are valid UTF-8 already; replacing is a second guard, so a client's bytes can
    // never turn into a 500 that WeCom would retry forever.
    return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hotline::bot::wecom
