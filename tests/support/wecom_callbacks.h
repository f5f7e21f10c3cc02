#pragma once
// Builds WeCom callbacks the way WeCom sends them: encrypted, signed, in the XML envelope.
#include <string>

#include "adapters/wecom/callback_crypto.h"

namespace hotline::testing {

inline constexpr const char* kCorpId = "ww4c5d0e6f7a8b9c01";
inline constexpr const char* kToken = "hotlinetoken";
inline constexpr const char* kAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

struct SignedCallback {
    std::string query;  // msg_signature=..&timestamp=..&nonce=..
    std::string body;   // <xml>...<Encrypt>..</Encrypt></xml>
    std::string encrypt;
};

SignedCallback sign_callback(const adapters::wecom::CallbackCrypto& crypto, const std::string& plaintext_xml,
                             std::int64_t timestamp, const std::string& nonce);

std::string text_message_xml(const std::string& from, const std::string& content, const std::string& msg_id,
                             std::int64_t create_time);
// An image or video message (MediaId), or a location message, as WeCom sends them to an app.
std::string media_message_xml(const std::string& from, const std::string& msg_type, const std::string& media_id,
                              const std::string& msg_id, std::int64_t create_time);
std::string location_message_xml(const std::string& from, const std::string& latitude, const std::string& longitude,
                                 const std::string& label, const std::string& msg_id, std::int64_t create_time);
std::string card_click_xml(const std::string& from, const std::string& task_id, const std::string& key,
                           std::int64_t create_time);

}  // namespace hotline::testing
