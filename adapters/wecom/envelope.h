#pragma once
// The XML around WeCom callbacks: the outer envelope (<Encrypt>), the decrypted message, and the
// encrypted passive reply. Parsed with pugixml; anything unexpected is an error value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotline::adapters::wecom {

struct Envelope {
    std::string to_user;
    std::string agent_id;  // may exceed 32 bits: kept as text
    std::string encrypt;
};
std::optional<Envelope> parse_envelope(std::string_view xml);

enum class InboundKind {
    text,        // a typed chat message
    card_click,  // template_card_event: a button on one of our cards
    event,       // enter_agent, subscribe, ... acknowledged and ignored
    media,       // image, video or location: evidence (佐证材料) for a ticket
    other,       // voice, link, ... acknowledged and ignored
};

struct InboundMessage {
    InboundKind kind = InboundKind::other;
    std::string to_user;
    std::string from_user;  // the sender's userid
    std::string create_time;
    std::string msg_type;
    std::string content;  // text
    std::string msg_id;   // may be a string
    std::string agent_id;
    std::string event;
    std::string event_key;  // card: the button key we set
    std::string task_id;    // card: the task_id we set
    std::string response_code;
    std::string card_type;
    std::string media_id;       // image, video: temporary media, fetched with media/get (valid 3 days)
    std::string location_x;     // location: latitude
    std::string location_y;     // location: longitude
    std::string location_label;  // location: the place as WeCom names it
    // Some field was not valid UTF-8: its invalid bytes are replaced by U+FFFD, and a text this
    // happened to is not read as a command.
    bool unreadable = false;

    // Unique per delivery, identical on WeCom's retries: MsgId, or for events
    // FromUserName + CreateTime + Event + TaskId + EventKey.
    std::string dedup_key() const;
};
std::optional<InboundMessage> parse_message(std::string_view xml);

// The XML body of an encrypted passive reply.
std::string reply_envelope(std::string_view encrypted, std::string_view signature, std::string_view timestamp,
                           std::string_view nonce);

}  // namespace hotline::adapters::wecom
