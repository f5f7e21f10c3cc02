#pragma once
// What an inbox entry holds, one typed record per kind: a chat text, a card click, a photo, video
// or location, a citizen's SMS reply or a delivery receipt, or an event that needs no answer.
// Written by the endpoints (the WeCom callback, the SMS pushes, the console `say`) and read by the
// inbox worker. Stored as JSON with a "kind" field; rows written by earlier versions read the same.
#include <string>
#include <string_view>
#include <variant>

namespace hotline::bot::inbox {

struct ChatText {
    std::string from{};
    std::string content{};
    bool unreadable = false;  // the client's bytes were not UTF-8: not guessed at
};

struct CardClick {
    std::string from{};
    std::string task_id{};
    std::string event_key{};
    std::string response_code{};  // lets the answer update the card in place
};

struct ChatMedia {
    std::string from{};
    std::string msg_type{};  // image | video | location
    std::string media_id{};
    std::string latitude{};
    std::string longitude{};
    std::string label{};
};

// A citizen's number as the inbox keeps it: never in the clear.
struct CitizenNumber {
    std::string phone_enc{};
    std::string phone_hash{};
    std::string phone_masked{};
};

struct SmsReply {
    std::string provider{};  // tencent | aliyun
    CitizenNumber number{};
    std::string text{};
    std::string sign{};
    std::string time{};
};

struct SmsReceipt {
    std::string provider{};
    CitizenNumber number{};
    std::string provider_id{};
    bool delivered = false;
    std::string detail{};
};

// enter_agent and other events, and anything unreadable: marked ignored with its kind.
struct OtherEvent {
    std::string kind{};
    std::string from{};
};

using Payload = std::variant<ChatText, CardClick, ChatMedia, SmsReply, SmsReceipt, OtherEvent>;

// Always valid UTF-8 JSON, whatever bytes the fields hold, so storing it never fails.
std::string encode(const Payload& p);
Payload decode(std::string_view stored);

}  // namespace hotline::bot::inbox
