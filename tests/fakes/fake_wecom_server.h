#pragma once
// A fake WeCom server on 127.0.0.1 speaking the real API's JSON shapes and error codes, for the
// bot's client, notifier and end-to-end tests. It records what it received and can be told to
// fail: expire the token, answer -1 (busy) or 45009 (rate limit) for a while, delay answers
// past the client's timeout, reject the caller's IP (60020), reset connections.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hotline::testing {

struct Delivery {
    std::string path;  // /cgi-bin/message/send, ...
    nlohmann::json body;
    std::chrono::steady_clock::time_point at{};  // when it arrived (latency benchmarks)
};

class FakeWecomServer {
public:
    FakeWecomServer(std::string corp_id, std::string secret);
    ~FakeWecomServer();

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string webhook_key() const { return "robot-key-123"; }
    // A second address on which every connection is accepted, its request read, and then reset
    // (RST, no answer): what a crashing upstream or a middlebox looks like to the client.
    std::string resetting_base_url();

    // --- faults ---
    void expire_tokens();                        // every issued token now answers 42001
    void busy_ratio(double ratio, unsigned seed = 1);  // that share of sends answers -1
    void rate_limit_next(int n);                 // the next n sends answer 45009
    // The next n sends whose message content contains `marker` answer -1 (to fail a chosen part).
    void busy_when_content_has(std::string marker, int n);
    void delay_next(int n, std::chrono::milliseconds d);  // the next n sends answer late
    void untrusted_ip(bool on);                  // every API call answers 60020
    void set_known_users(std::set<std::string> users);  // others answer 81013
    // Who the next sign-ins (OAuth in the WeCom app, or QR login on a desktop) are: a member's
    // userid, or "" for someone outside the corp (getuserinfo then gives only an openid).
    void sign_in_as(std::string userid) {
        std::lock_guard lock(mutex_);
        signing_in_ = std::move(userid);
    }
    // The QR login page lists these members (userid, name) as links, one "scan" each, for a real
    // browser to click; until then it answers for sign_in_as at once.
    void qr_member_picker(std::vector<std::pair<std::string, std::string>> members) {
        std::lock_guard lock(mutex_);
        qr_members_ = std::move(members);
    }
    int user_info_calls() const { return user_info_calls_; }
    // The Date header of its answers runs this far ahead of this machine's clock (skew checks).
    void clock_offset(std::chrono::seconds s) { clock_offset_ = s; }
    // --- temporary media a person sent, served by media/get ---
    void add_media(const std::string& media_id, std::string bytes, std::string content_type = "image/jpeg") {
        std::lock_guard lock(mutex_);
        media_[media_id] = {std::move(bytes), std::move(content_type)};
    }
    int media_gets() const {
        std::lock_guard lock(mutex_);
        return media_gets_;
    }

    // --- what it saw ---
    std::vector<Delivery> deliveries() const;  // messages shown to people (after the duplicate check)
    int token_fetches() const { return token_fetches_; }
    std::vector<std::string> uploads() const {  // media/upload files, in order (MEDIA-1, MEDIA-2 ...)
        std::lock_guard lock(mutex_);
        return uploads_;
    }
    int send_requests() const { return send_requests_; }
    // How many message/send calls reached it for `user` (answered or not): what WeCom's
    // per-member limit counts.
    int send_calls_to(const std::string& user) const {
        std::lock_guard lock(mutex_);
        return send_calls_.contains(user) ? send_calls_.at(user) : 0;
    }
    // The most message/send calls for `user` within any 60 seconds: WeCom's per-member measure.
    int most_calls_in_a_minute(const std::string& user) const {
        std::lock_guard lock(mutex_);
        if (!send_call_times_.contains(user)) return 0;
        const auto& t = send_call_times_.at(user);
        int most = 0;
        for (std::size_t a = 0, b = 0; b < t.size(); ++b) {
            while (t[b] - t[a] >= std::chrono::seconds(60)) ++a;
            most = std::max(most, static_cast<int>(b - a + 1));
        }
        return most;
    }
    // Sends accepted but not shown because the duplicate check recognised them.
    int duplicates_dropped() const { return duplicates_dropped_; }

private:
    void routes();
    bool check_token(const httplib::Request& req, httplib::Response& res);
    bool fault(httplib::Response& res, const std::string& body = {});
    static void answer(httplib::Response& res, const nlohmann::json& body);

    std::string corp_id_, secret_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    int reset_fd_ = -1;
    std::thread reset_thread_;
    std::atomic<bool> stopping_{false};

    mutable std::mutex mutex_;
    std::map<std::string, bool> tokens_;  // token -> expired
    int token_counter_ = 0;
    std::vector<Delivery> deliveries_;
    std::map<std::string, int> send_calls_;
    std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> send_call_times_;
    std::vector<std::string> uploads_;
    struct Media {
        std::string bytes;
        std::string content_type;
    };
    std::map<std::string, Media> media_;
    int media_gets_ = 0;
    std::map<std::string, std::chrono::steady_clock::time_point> duplicate_check_;  // touser|content
    double busy_ratio_ = 0;
    std::mt19937 rng_{1};
    int rate_limited_ = 0;
    std::string busy_marker_;
    int busy_marked_ = 0;
    int delayed_ = 0;
    std::chrono::milliseconds delay_{0};
    bool untrusted_ip_ = false;
    std::set<std::string> known_users_;
    std::string signing_in_;
    std::vector<std::pair<std::string, std::string>> qr_members_;
    std::map<std::string, std::string> codes_;  // single-use sign-in code -> userid ("" for a non-member)
    std::atomic<int> user_info_calls_{0};
    std::atomic<int> token_fetches_{0};
    std::atomic<int> send_requests_{0};
    std::atomic<int> duplicates_dropped_{0};
    std::atomic<std::chrono::seconds> clock_offset_{std::chrono::seconds(0)};
};

}  // namespace hotline::testing
