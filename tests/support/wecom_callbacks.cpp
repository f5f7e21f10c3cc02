#include "tests/support/wecom_callbacks.h"

#include <fmt/format.h>

namespace hotline::testing {

SignedCallback sign_callback(const adapters::wecom::CallbackCrypto& crypto, const std::string& plaintext_xml,
                             std::int64_t timestamp, const std::string& nonce) {
    SignedCallback s;
    s.encrypt = crypto.encrypt(plaintext_xml);
    const auto ts = std::to_string(timestamp);
    s.query = fmt::format("msg_signature={}&timestamp={}&nonce={}", crypto.signature(ts, nonce, s.encrypt), ts, nonce);
    s.body = fmt::format("<xml><ToUserName><![CDATA[{}]]></ToUserName><Encrypt><![CDATA[{}]]></Encrypt>"
                         "<AgentID><![CDATA[1000002]]></AgentID></xml>",
                         crypto.receive_id(), s.encrypt);
    return s;
}

std::string text_message_xml(const std::string& from, const std::string& content, const std::string& msg_id,
                             std::int64_t create_time) {
    return fmt::format(
        "<xml><ToUserName><![CDATA[{}]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName>"
        "<CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{}]]></Content>"
        "<MsgId>{}</MsgId><AgentID>1000002</AgentID></xml>",
        kCorpId, from, create_time, content, msg_id);
}

std::string media_message_xml(const std::string& from, const std::string& msg_type, const std::string& media_id,
                              const std::string& msg_id, std::int64_t create_time) {
    return fmt::format(
        "<xml><ToUserName><![CDATA[{}]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName>"
        "<CreateTime>{}</CreateTime><MsgType><![CDATA[{}]]></MsgType>"
        "<PicUrl><![CDATA[http://127.0.0.1/pic]]></PicUrl><MediaId><![CDATA[{}]]></MediaId>"
        "<MsgId>{}</MsgId><AgentID>1000002</AgentID></xml>",
        kCorpId, from, create_time, msg_type, media_id, msg_id);
}

std::string location_message_xml(const std::string& from, const std::string& latitude, const std::string& longitude,
                                 const std::string& label, const std::string& msg_id, std::int64_t create_time) {
    return fmt::format(
        "<xml><ToUserName><![CDATA[{}]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName>"
        "<CreateTime>{}</CreateTime><MsgType><![CDATA[location]]></MsgType><Location_X>{}</Location_X>"
        "<Location_Y>{}</Location_Y><Scale>15</Scale><Label><![CDATA[{}]]></Label>"
        "<MsgId>{}</MsgId><AgentID>1000002</AgentID><AppType><![CDATA[wxwork]]></AppType></xml>",
        kCorpId, from, create_time, latitude, longitude, label, msg_id);
}

std::string card_click_xml(const std::string& from, const std::string& task_id, const std::string& key,
                           std::int64_t create_time) {
    return fmt::format(
        "<xml><ToUserName><![CDATA[{}]]></ToUserName><FromUserName><![CDATA[{}]]></FromUserName>"
        "<CreateTime>{}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>"
        "<EventKey><![CDATA[{}]]></EventKey><TaskId><![CDATA[{}]]></TaskId><CardType><![CDATA[button_interaction]]>"
        "</CardType><ResponseCode><![CDATA[rc-{}]]></ResponseCode><AgentID>1000002</AgentID></xml>",
        kCorpId, from, create_time, key, task_id, task_id);
}

}  // namespace hotline::testing
