#include "adapters/wecom/envelope.h"

#include <pugixml.hpp>

#include "adapters/text/utf8.h"

namespace hotline::adapters::wecom {

namespace {

std::optional<pugi::xml_document> load(std::string_view xml) {
    pugi::xml_document doc;
    // No DOCTYPE/entity expansion in pugixml; parse_default keeps CDATA as text.
    const auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) return std::nullopt;
    if (!doc.child("xml")) return std::nullopt;
    return doc;
}

std::string text_of(const pugi::xml_node& root, const char* name) { return root.child(name).text().as_string(); }

// A field as valid UTF-8; `unreadable` is set when bytes had to be replaced.
std::string utf8_field(const pugi::xml_node& root, const char* name, bool& unreadable) {
    std::string s = text_of(root, name);
    if (is_valid_utf8(s)) return s;
    unreadable = true;
    return scrub_utf8(s);
}

}  // namespace

std::optional<Envelope> parse_envelope(std::string_view xml) {
    auto doc = load(xml);
    if (!doc) return std::nullopt;
    const auto root = doc->child("xml");
    Envelope e;
    e.encrypt = text_of(root, "Encrypt");
    if (e.encrypt.empty()) return std::nullopt;
    e.to_user = text_of(root, "ToUserName");
    e.agent_id = text_of(root, "AgentID");
    return e;
}

std::optional<InboundMessage> parse_message(std::string_view xml) {
    auto doc = load(xml);
    if (!doc) return std::nullopt;
    const auto root = doc->child("xml");
    InboundMessage m;
    bool& bad = m.unreadable;
    m.to_user = utf8_field(root, "ToUserName", bad);
    m.from_user = utf8_field(root, "FromUserName", bad);
    m.create_time = utf8_field(root, "CreateTime", bad);
    m.msg_type = utf8_field(root, "MsgType", bad);
    m.content = utf8_field(root, "Content", bad);
    m.msg_id = utf8_field(root, "MsgId", bad);
    m.agent_id = utf8_field(root, "AgentID", bad);
    m.event = utf8_field(root, "Event", bad);
    m.event_key = utf8_field(root, "EventKey", bad);
    m.task_id = utf8_field(root, "TaskId", bad);
    m.response_code = utf8_field(root, "ResponseCode", bad);
    m.card_type = utf8_field(root, "CardType", bad);
    m.media_id = utf8_field(root, "MediaId", bad);
    m.location_x = utf8_field(root, "Location_X", bad);
    m.location_y = utf8_field(root, "Location_Y", bad);
    m.location_label = utf8_field(root, "Label", bad);
    if (m.from_user.empty() || m.msg_type.empty()) return std::nullopt;
    if (m.msg_type == "text")
        m.kind = InboundKind::text;
    else if (m.msg_type == "event" && m.event == "template_card_event")
        m.kind = InboundKind::card_click;
    else if (m.msg_type == "event")
        m.kind = InboundKind::event;
    else if (((m.msg_type == "image" || m.msg_type == "video") && !m.media_id.empty()) || m.msg_type == "location")
        m.kind = InboundKind::media;
    else
        m.kind = InboundKind::other;
    if (m.kind != InboundKind::event && m.kind != InboundKind::card_click && m.msg_id.empty()) return std::nullopt;
    return m;
}

std::string InboundMessage::dedup_key() const {
    if (!msg_id.empty()) return "msg:" + msg_id;
    return "event:" + from_user + "|" + create_time + "|" + event + "|" + task_id + "|" + event_key;
}

std::string reply_envelope(std::string_view encrypted, std::string_view signature, std::string_view timestamp,
                           std::string_view nonce) {
    pugi::xml_document doc;
    auto root = doc.append_child("xml");
    root.append_child("Encrypt").append_child(pugi::node_cdata).set_value(std::string(encrypted).c_str());
    root.append_child("MsgSignature").append_child(pugi::node_cdata).set_value(std::string(signature).c_str());
    root.append_child("TimeStamp").text().set(std::string(timestamp).c_str());
    root.append_child("Nonce").append_child(pugi::node_cdata).set_value(std::string(nonce).c_str());
    std::string out;
    struct Writer : pugi::xml_writer {
        std::string* s;
        void write(const void* data, size_t size) override { s->append(static_cast<const char*>(data), size); }
    } w;
    w.s = &out;
    doc.save(w, "", pugi::format_raw | pugi::format_no_declaration);
    return out;
}

}  // namespace hotline::adapters::wecom
