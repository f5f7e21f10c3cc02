#include "tests/fakes/fake_wecom_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hotline::testing {

using nlohmann::json;

FakeWecomServer::FakeWecomServer(std::string corp_id, std::string secret)
    : corp_id_(std::move(corp_id)), secret_(std::move(secret)) {
    routes();
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeWecomServer::~FakeWecomServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
    stopping_ = true;
    if (reset_fd_ >= 0) ::shutdown(reset_fd_, SHUT_RDWR);
    if (reset_thread_.joinable()) reset_thread_.join();
    if (reset_fd_ >= 0) ::close(reset_fd_);
}

std::string FakeWecomServer::resetting_base_url() {
    if (reset_fd_ < 0) {
        reset_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(reset_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(reset_fd_, 16);
        reset_thread_ = std::thread([this] {
            while (!stopping_) {
                const int c = ::accept(reset_fd_, nullptr, nullptr);
                if (c < 0) break;
                char buf[1024];
                (void)::recv(c, buf, sizeof buf, 0);
                linger l{1, 0};  // close with RST instead of FIN
                ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
                ::close(c);
            }
        });
    }
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(reset_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    return "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
}

void FakeWecomServer::answer(httplib::Response& res, const json& body) {
    res.set_content(body.dump(), "application/json; charset=UTF-8");
}

void FakeWecomServer::expire_tokens() {
    std::lock_guard lock(mutex_);
    for (auto& [token, expired] : tokens_) expired = true;
}
void FakeWecomServer::busy_ratio(double ratio, unsigned seed) {
    std::lock_guard lock(mutex_);
    busy_ratio_ = ratio;
    rng_.seed(seed);
}
void FakeWecomServer::rate_limit_next(int n) {
    std::lock_guard lock(mutex_);
    rate_limited_ = n;
}
void FakeWecomServer::busy_when_content_has(std::string marker, int n) {
    std::lock_guard lock(mutex_);
    busy_marker_ = std::move(marker);
    busy_marked_ = n;
}
void FakeWecomServer::delay_next(int n, std::chrono::milliseconds d) {
    std::lock_guard lock(mutex_);
    delayed_ = n;
    delay_ = d;
}
void FakeWecomServer::untrusted_ip(bool on) {
    std::lock_guard lock(mutex_);
    untrusted_ip_ = on;
}
void FakeWecomServer::set_known_users(std::set<std::string> users) {
    std::lock_guard lock(mutex_);
    known_users_ = std::move(users);
}
std::vector<Delivery> FakeWecomServer::deliveries() const {
    std::lock_guard lock(mutex_);
    return deliveries_;
}

bool FakeWecomServer::check_token(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    if (untrusted_ip_) {
        answer(res, {{"errcode", 60020}, {"errmsg", "not allow to access from your ip, from ip: 127.0.0.1"}});
        return false;
    }
    const auto it = tokens_.find(req.get_param_value("access_token"));
    if (it == tokens_.end()) {
        answer(res, {{"errcode", 40014}, {"errmsg", "invalid access_token"}});
        return false;
    }
    if (it->second) {
        answer(res, {{"errcode", 42001}, {"errmsg", "access_token expired"}});
        return false;
    }
    return true;
}

// Injected failures, in the order a real server would show them. True when the answer is set.
bool FakeWecomServer::fault(httplib::Response& res, const std::string& body) {
    std::chrono::milliseconds sleep{0};
    {
        std::lock_guard lock(mutex_);
        if (delayed_ > 0) {
            --delayed_;
            sleep = delay_;
        }
    }
    // The answer comes too late for the client, but the message is processed, as WeCom would.
    if (sleep.count()) std::this_thread::sleep_for(sleep);
    std::lock_guard lock(mutex_);
    if (rate_limited_ > 0) {
        --rate_limited_;
        answer(res, {{"errcode", 45009}, {"errmsg", "api freq out of limit"}});
        return true;
    }
    if (busy_marked_ > 0 && !body.empty() && body.find(busy_marker_) != std::string::npos) {
        --busy_marked_;
        answer(res, {{"errcode", -1}, {"errmsg", "system busy"}});
        return true;
    }
    if (busy_ratio_ > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < busy_ratio_) {
        answer(res, {{"errcode", -1}, {"errmsg", "system busy"}});
        return true;
    }
    return false;
}

void FakeWecomServer::routes() {
    // Every answer carries the server's time, as WeCom's do (`doctor` compares clocks with it).
    server_.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
        const auto now = std::chrono::system_clock::now() + clock_offset_.load();
        const std::time_t t = std::chrono::system_clock::to_time_t(now);
        char date[64];
        std::tm tm{};
        gmtime_r(&t, &tm);
        std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        res.set_header("Date", date);
    });
    server_.Get("/cgi-bin/agent/get", [this](const httplib::Request& req, httplib::Response& res) {
        if (!check_token(req, res)) return;
        if (req.get_param_value("agentid") != "1000002")
            return answer(res, {{"errcode", 301002}, {"errmsg", "not allow operate another agent with this accesstoken"}});
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"agentid", 1000002}, {"name", "12345热线办理"}, {"close", 0}});
    });
    // Sign-in: WeCom shows nothing to a member already in the app and sends the browser back to
    // redirect_uri with a code and the state it was given.
    const auto sign_in = [this](const httplib::Request& req, httplib::Response& res, const char* app_param) {
        std::lock_guard lock(mutex_);
        if (req.get_param_value(app_param) != corp_id_ || req.get_param_value("agentid") != "1000002" ||
            req.get_param_value("redirect_uri").empty()) {
            res.status = 400;
            res.set_content("invalid appid, agentid or redirect_uri", "text/plain");
            return;
        }
        const std::string code = "CODE-" + std::to_string(codes_.size() + 1);
        codes_[code] = req.has_param("scanned_by") ? req.get_param_value("scanned_by") : signing_in_;
        const std::string uri = req.get_param_value("redirect_uri");
        res.status = 302;
        res.set_header("Location", uri + (uri.find('?') == std::string::npos ? "?" : "&") + "code=" + code +
                                       "&state=" + httplib::detail::encode_query_param(req.get_param_value("state")));
    };
    server_.Get("/connect/oauth2/authorize", [sign_in](const httplib::Request& req, httplib::Response& res) {
        if (req.get_param_value("response_type") != "code" || req.get_param_value("scope") != "snsapi_base") {
            res.status = 400;
            return;
        }
        sign_in(req, res, "appid");
    });
    server_.Get("/wwlogin/sso/login", [this, sign_in](const httplib::Request& req, httplib::Response& res) {
        if (req.get_param_value("login_type") != "CorpApp") {
            res.status = 400;
            return;
        }
        {
            // In place of the QR code: one link per member, as if their phone had scanned it.
            std::lock_guard lock(mutex_);
            if (!qr_members_.empty() && !req.has_param("scanned_by")) {
                std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>企业微信扫码登录（测试）</title>"
                                   "</head><body><h1>企业微信扫码登录（测试）</h1><ul>";
                const std::string here = "/wwlogin/sso/login?" + httplib::detail::params_to_query_str(req.params);
                for (const auto& [userid, name] : qr_members_)
                    html += "<li><a id=\"scan-" + userid + "\" href=\"" + here + "&amp;scanned_by=" + userid + "\">" + name +
                            "扫码</a></li>";
                res.set_content(html + "</ul></body></html>", "text/html; charset=utf-8");
                return;
            }
        }
        sign_in(req, res, "appid");
    });
    server_.Get("/cgi-bin/auth/getuserinfo", [this](const httplib::Request& req, httplib::Response& res) {
        ++user_info_calls_;
        if (!check_token(req, res)) return;
        std::lock_guard lock(mutex_);
        const auto it = codes_.find(req.get_param_value("code"));
        if (it == codes_.end() || it->second == "\x01used")
            return answer(res, {{"errcode", 40029}, {"errmsg", "invalid code"}});
        const std::string userid = it->second;
        it->second = "\x01used";  // single-use
        if (userid.empty()) return answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"openid", "o-outsider"}});
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"userid", userid}, {"user_ticket", "T-" + userid}});
    });
    server_.Get("/cgi-bin/gettoken", [this](const httplib::Request& req, httplib::Response& res) {
        ++token_fetches_;
        std::lock_guard lock(mutex_);
        if (untrusted_ip_) return answer(res, {{"errcode", 60020}, {"errmsg", "not allow to access from your ip"}});
        if (req.get_param_value("corpid") != corp_id_) return answer(res, {{"errcode", 40013}, {"errmsg", "invalid corpid"}});
        if (req.get_param_value("corpsecret") != secret_)
            return answer(res, {{"errcode", 40001}, {"errmsg", "invalid credential"}});
        const std::string token = "token-" + std::to_string(++token_counter_);
        tokens_[token] = false;
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"access_token", token}, {"expires_in", 7200}});
    });

    server_.Post("/cgi-bin/media/upload", [this](const httplib::Request& req, httplib::Response& res) {
        if (!check_token(req, res) || fault(res)) return;
        const auto type = req.get_param_value("type");
        if ((type != "image" && type != "video" && type != "file") || !req.has_file("media"))
            return answer(res, {{"errcode", 40058}, {"errmsg", "invalid parameter: media"}});
        const auto file = req.get_file_value("media");
        if (file.content.size() < 5 || file.content.size() > 10 * 1024 * 1024)
            return answer(res, {{"errcode", 40005}, {"errmsg", "invalid file size"}});
        std::lock_guard lock(mutex_);
        uploads_.push_back(file.content);
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"type", type},
                     {"media_id", "MEDIA-" + std::to_string(uploads_.size())}, {"created_at", "1800000000"}});
    });
    // media/get answers the file itself, or WeCom's JSON error: 40007 for an unknown or expired id.
    server_.Get("/cgi-bin/media/get", [this](const httplib::Request& req, httplib::Response& res) {
        if (!check_token(req, res) || fault(res)) return;
        std::lock_guard lock(mutex_);
        ++media_gets_;
        const auto it = media_.find(req.get_param_value("media_id"));
        if (it == media_.end()) return answer(res, {{"errcode", 40007}, {"errmsg", "invalid media_id"}});
        res.set_header("Content-disposition", "attachment; filename=\"" + it->first + "\"");
        res.set_content(it->second.bytes, it->second.content_type);
    });
    server_.Post("/cgi-bin/message/send", [this](const httplib::Request& req, httplib::Response& res) {
        ++send_requests_;
        if (const auto b = json::parse(req.body, nullptr, false); b.is_object() && b.contains("touser")) {
            std::lock_guard lock(mutex_);
            ++send_calls_[b.value("touser", "")];
            send_call_times_[b.value("touser", "")].push_back(std::chrono::steady_clock::now());
        }
        if (!check_token(req, res) || fault(res, req.body)) return;
        const auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.contains("touser") || !body.contains("msgtype") || !body.contains("agentid"))
            return answer(res, {{"errcode", 40058}, {"errmsg", "invalid parameter"}});
        const std::string msgtype = body["msgtype"];
        if ((msgtype == "text" || msgtype == "markdown") &&
            body[msgtype].value("content", std::string{}).size() > 2048)
            return answer(res, {{"errcode", 45002}, {"errmsg", "content size out of limit"}});
        std::lock_guard lock(mutex_);
        const std::string touser = body["touser"];
        if (!known_users_.empty() && !known_users_.contains(touser))
            return answer(res, {{"errcode", 81013}, {"errmsg", "user & party & tag all invalid"},
                                {"invaliduser", touser}});
        // enable_duplicate_check: the same content to the same user within the interval is
        // accepted but shown once.
        const std::string key = touser + "|" + body[msgtype].dump();
        const auto now = std::chrono::steady_clock::now();
        const bool duplicate = body.value("enable_duplicate_check", 0) == 1 && duplicate_check_.contains(key);
        if (!duplicate) {
            duplicate_check_[key] = now;
            deliveries_.push_back({req.path, body, std::chrono::steady_clock::now()});
        } else {
            ++duplicates_dropped_;
        }
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"invaliduser", ""}, {"msgid", "msg-" + std::to_string(deliveries_.size())}});
    });

    server_.Post("/cgi-bin/message/update_template_card", [this](const httplib::Request& req, httplib::Response& res) {
        if (!check_token(req, res) || fault(res)) return;
        const auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.contains("response_code"))
            return answer(res, {{"errcode", 40058}, {"errmsg", "invalid parameter"}});
        std::lock_guard lock(mutex_);
        deliveries_.push_back({req.path, body, std::chrono::steady_clock::now()});
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"invaliduser", json::array()}});
    });

    server_.Post("/cgi-bin/appchat/create", [this](const httplib::Request& req, httplib::Response& res) {
        if (!check_token(req, res)) return;
        const auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.contains("userlist") || body["userlist"].size() < 2)
            return answer(res, {{"errcode", 40058}, {"errmsg", "invalid parameter: userlist"}});
        std::lock_guard lock(mutex_);
        deliveries_.push_back({req.path, body, std::chrono::steady_clock::now()});
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"chatid", body.value("chatid", std::string("chat-1"))}});
    });

    server_.Post("/cgi-bin/appchat/send", [this](const httplib::Request& req, httplib::Response& res) {
        if (!check_token(req, res) || fault(res)) return;
        const auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.contains("chatid"))
            return answer(res, {{"errcode", 40058}, {"errmsg", "invalid parameter: chatid"}});
        std::lock_guard lock(mutex_);
        deliveries_.push_back({req.path, body, std::chrono::steady_clock::now()});
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}});
    });

    server_.Post("/cgi-bin/webhook/send", [this](const httplib::Request& req, httplib::Response& res) {
        if (req.get_param_value("key") != webhook_key())
            return answer(res, {{"errcode", 93000}, {"errmsg", "invalid webhook url"}});
        const auto body = json::parse(req.body, nullptr, false);
        std::lock_guard lock(mutex_);
        deliveries_.push_back({req.path, body, std::chrono::steady_clock::now()});
        answer(res, {{"errcode", 0}, {"errmsg", "ok"}});
    });
}

}  // namespace hotline::testing
