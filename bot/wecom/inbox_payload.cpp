#include "bot/wecom/inbox_payload.h"

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

inbox::Payload payload_of(const adapters::wecom::InboundMessage& m) {
    switch (m.kind) {
        case InboundKind::text:
            return inbox::ChatText{.from = m.from_user, .content = m.content, .unreadable = m.unreadable};
        case InboundKind::card_click:
            return inbox::CardClick{.from = m.from_user, .task_id = m.task_id, .event_key = m.event_key,
                                    .response_code = m.response_code};
        case InboundKind::media:
            return inbox::ChatMedia{.from = m.from_user, .msg_type = m.msg_type, .media_id = m.media_id,
                                    .latitude = m.location_x, .longitude = m.location_y, .label = m.location_label};
        case InboundKind::event:
        case InboundKind::other: break;
    }
    return inbox::OtherEvent{.kind = kind_name(m.kind), .from = m.from_user};
}

std::string inbox_payload(const adapters::wecom::InboundMessage& m) { return inbox::encode(payload_of(m)); }

}  // namespace hotline::bot::wecom
