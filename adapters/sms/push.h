#pragma once
// The SMS providers' pushes, read into provider-neutral records: citizens' replies and delivery
// receipts. Tencent pushes a reply as one object and receipts as an array; Alibaba pushes both
// (up and report) as arrays. Fields may come as numbers or strings (Alibaba's sequence_id,
// Tencent's time). What the bot then does with them (the inbox, the survey) is not here.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hotline::adapters::sms {

enum class PushProvider { tencent, aliyun };

struct PushedReply {
    std::string phone;        // as the provider wrote it, not yet reduced to digits
    std::string text;
    std::string sign;         // the signature the citizen answered, e.g. 【某某旗12345】
    std::string time;
    std::string sequence_id;  // Alibaba numbers each up message; Tencent: empty
};

struct PushedReceipt {
    std::string phone;
    std::string provider_id;  // Tencent sid / Alibaba biz_id: what the send was answered with (may be empty)
    bool delivered = false;
    std::string detail;       // the provider's code and text
};

// Why a push was refused (answered 400): the whole push, so the provider retries it corrected.
struct PushError {
    std::string why;
};

std::variant<std::vector<PushedReply>, PushError> read_reply_push(PushProvider p, std::string_view body);
std::variant<std::vector<PushedReceipt>, PushError> read_receipt_push(PushProvider p, std::string_view body);

// The body each provider expects in answer (Tencent: result/errmsg, Alibaba: code/msg).
std::string push_answer(PushProvider p, bool ok, std::string_view why);

}  // namespace hotline::adapters::sms
