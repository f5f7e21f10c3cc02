#include "adapters/wecom/envelope.h"

#include <pugixml.hpp>

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
    m.to_user = text_of(root, "ToUserName");
    m.from_user = text_of(root, "FromUserName");
    m.create_time = text_of(root, "CreateTime");
    m.msg_type = text_of(root, "MsgType");
    m.content = text_of(root, "Content");
    m.msg_id = text_of(root, "MsgId");
    m.agent_id = text_of(root, "AgentID");
    m.event = text_of(root, "Event");
    m.event_key = text_of(root, "EventKey");
    m.task_id = text_of(root, "TaskId");
    m.response_code = text_of(root, "ResponseCode");
    m.card_type = text_of(root, "CardType");
    if (m.from_user.empty() || m.msg_type.empty()) return std::nullopt;
    if (m.msg_type == "text")
        m.kind = InboundKind::text;
    else if (m.msg_type == "event" && m.event == "template_card_event")
        m.kind = InboundKind::card_click;
    else if (m.msg_type == "event")
        m.kind = InboundKind::event;
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
