#pragma once
// A fake SMS provider on 127.0.0.1: Tencent Cloud's SendSms (TC3-HMAC-SHA256) or Alibaba Cloud's
// dysmsapi SendSms (ACS3-HMAC-SHA256 or RPC v1), checking the signature the way the provider does
// and answering a wrong one with the provider's error. It records accepted messages, can be told
// to throttle, blacklist a number or fail inside, and posts replies and receipts to the bot's
// callbacks in the provider's shapes.
#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hotline::testing {

struct SentSms {
    std::string phone;  // digits, no +86
    std::string sign_name;
    std::string template_id;
    std::vector<std::string> params;
    std::string reference;  // SessionContext / OutId
    std::string provider_id;  // SerialNo / BizId
};

class FakeSmsGateway {
public:
    enum class Kind { tencent, aliyun };
    FakeSmsGateway(Kind kind, std::string key_id, std::string secret);
    ~FakeSmsGateway();

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Refuse requests signed more than 5 minutes from now (on by default, like the providers).
    void check_time(bool on) { check_time_ = on; }

    // --- faults ---
    void throttle_next(int n);          // per-number frequency limit (the provider's code)
    void blacklist(const std::string& phone);
    void internal_error_next(int n);    // the provider failed inside: it may or may not have sent
    void config_error_next(int n);      // unapproved template
    // The account's signature as the signature queries (DescribeSmsSignList / QuerySmsSign) show
    // it, in the provider's own status numbers; by default 【县12345热线】, approved.
    void signature(std::string name, int provider_status) {
        std::lock_guard l(mutex_);
        signature_name_ = std::move(name);
        signature_status_ = provider_status;
    }

    // --- what it saw ---
    std::vector<SentSms> sent() const;
    int requests() const { return requests_; }
    int bad_signatures() const { return bad_signatures_; }

    // --- pushes to the bot (bot_base: http://127.0.0.1:port, key: the callback secret) ---
    httplib::Result post_reply(const std::string& bot_base, const std::string& key, const std::string& phone,
                               const std::string& text, const std::string& sign, long long sequence = 1) const;
    httplib::Result post_receipt(const std::string& bot_base, const std::string& key, const SentSms& sms,
                                 bool delivered) const;

private:
    void tencent(const httplib::Request& req, httplib::Response& res);
    void tencent_sign_list(const httplib::Request& req, httplib::Response& res, const std::string& request_id);
    void aliyun(const httplib::Request& req, httplib::Response& res);
    // The common part: faults, then record. Returns the provider's per-message code ("" = OK).
    std::string accept(SentSms sms);

    Kind kind_;
    std::string key_id_, secret_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;

    mutable std::mutex mutex_;
    std::vector<SentSms> sent_;
    std::set<std::string> blacklist_;
    int throttle_ = 0, internal_ = 0, config_ = 0, serial_ = 0;
    std::atomic<int> requests_{0}, bad_signatures_{0};
    std::atomic<bool> check_time_{true};
    std::string signature_name_ = "县12345热线";
    int signature_status_ = -100;  // unset: approved in the provider's terms
};

}  // namespace hotline::testing
