#include "tests/fakes/fake_sms_gateway.h"

#include <chrono>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "adapters/sms/signing.h"

namespace hotline::testing {

namespace {

using nlohmann::json;

void answer(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

// "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=a;b,Signature=hex" -> the three parts.
std::map<std::string, std::string> acs3_parts(const std::string& auth) {
    std::map<std::string, std::string> out;
    const auto space = auth.find(' ');
    if (space == std::string::npos) return out;
    std::string rest = auth.substr(space + 1);
    std::size_t pos = 0;
    while (pos < rest.size()) {
        auto comma = rest.find(',', pos);
        if (comma == std::string::npos) comma = rest.size();
        const auto part = rest.substr(pos, comma - pos);
        const auto eq = part.find('=');
        if (eq != std::string::npos) out[part.substr(0, eq)] = part.substr(eq + 1);
        pos = comma + 1;
    }
    return out;
}

}  // namespace

FakeSmsGateway::FakeSmsGateway(Kind kind, std::string key_id, std::string secret)
    : kind_(kind), key_id_(std::move(key_id)), secret_(std::move(secret)) {
    server_.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
        ++requests_;
        kind_ == Kind::tencent ? tencent(req, res) : aliyun(req, res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeSmsGateway::~FakeSmsGateway() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
}

void FakeSmsGateway::throttle_next(int n) { std::lock_guard l(mutex_); throttle_ = n; }
void FakeSmsGateway::blacklist(const std::string& phone) { std::lock_guard l(mutex_); blacklist_.insert(phone); }
void FakeSmsGateway::internal_error_next(int n) { std::lock_guard l(mutex_); internal_ = n; }
void FakeSmsGateway::config_error_next(int n) { std::lock_guard l(mutex_); config_ = n; }

std::vector<SentSms> FakeSmsGateway::sent() const {
    std::lock_guard l(mutex_);
    return sent_;
}

std::string FakeSmsGateway::accept(SentSms sms) {
    std::lock_guard l(mutex_);
    const bool tc = kind_ == Kind::tencent;
    if (config_ > 0) return --config_, tc ? "FailedOperation.TemplateIncorrectOrUnapproved" : "isv.SMS_TEMPLATE_ILLEGAL";
    if (internal_ > 0) return --internal_, tc ? "InternalError.Timeout" : "isp.SYSTEM_ERROR";
    if (throttle_ > 0) return --throttle_, tc ? "LimitExceeded.PhoneNumberThirtySecondLimit" : "isv.BUSINESS_LIMIT_CONTROL";
    if (blacklist_.count(sms.phone)) return tc ? "FailedOperation.PhoneNumberInBlacklist" : "isv.BLACK_KEY_CONTROL_LIMIT";
    sms.provider_id = (tc ? "2433:" : "BIZ") + std::to_string(++serial_);
    sent_.push_back(std::move(sms));
    return "";
}

void FakeSmsGateway::tencent(const httplib::Request& req, httplib::Response& res) {
    const std::string request_id = "req-" + std::to_string(requests_.load());
    adapters::sms::Tc3Request sign;
    sign.host = req.get_header_value("Host");
    if (const auto colon = sign.host.find(':'); colon != std::string::npos) sign.host.resize(colon);
    sign.service = "sms";
    sign.content_type = req.get_header_value("Content-Type");
    sign.body = req.body;
    sign.timestamp = std::atoll(req.get_header_value("X-TC-Timestamp").c_str());
    sign.secret_id = key_id_;
    sign.secret_key = secret_;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (check_time_ && std::llabs(now - sign.timestamp) > 300) {
        ++bad_signatures_;
        return answer(res, 200, {{"Response", {{"Error", {{"Code", "AuthFailure.SignatureExpire"}, {"Message", "signature expired"}}},
                                               {"RequestId", request_id}}}});
    }
    const auto action = req.get_header_value("X-TC-Action");
    if (req.get_header_value("Authorization") != adapters::sms::tc3_authorization(sign) ||
        (action != "SendSms" && action != "DescribeSmsSignList") || req.get_header_value("X-TC-Version") != "2021-01-11") {
        ++bad_signatures_;
        return answer(res, 200, {{"Response", {{"Error", {{"Code", "AuthFailure.SignatureFailure"},
                                                          {"Message", "The provided credentials could not be validated."}}},
                                               {"RequestId", request_id}}}});
    }
    if (action == "DescribeSmsSignList") return tencent_sign_list(req, res, request_id);
    const auto body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("PhoneNumberSet"))
        return answer(res, 200, {{"Response", {{"Error", {{"Code", "InvalidParameter"}, {"Message", "bad body"}}},
                                               {"RequestId", request_id}}}});
    json statuses = json::array();
    for (const auto& number : body["PhoneNumberSet"]) {
        std::string phone = number.get<std::string>();
        if (phone.rfind("+86", 0) == 0) phone = phone.substr(3);
        SentSms sms{phone, body.value("SignName", ""), body.value("TemplateId", ""),
                    body.value("TemplateParamSet", std::vector<std::string>{}), body.value("SessionContext", ""), ""};
        const auto code = accept(sms);
        std::string serial;
        if (code.empty()) serial = sent().back().provider_id;
        statuses.push_back({{"SerialNo", serial}, {"PhoneNumber", "+86" + phone}, {"Fee", code.empty() ? 1 : 0},
                            {"SessionContext", sms.reference}, {"Code", code.empty() ? "Ok" : code},
                            {"Message", code.empty() ? "send success" : code}, {"IsoCode", "CN"}});
    }
    answer(res, 200, {{"Response", {{"SendStatusSet", statuses}, {"RequestId", request_id}}}});
}

void FakeSmsGateway::tencent_sign_list(const httplib::Request& req, httplib::Response& res,
                                       const std::string& request_id) {
    const auto body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("SignIdSet") || !body["SignIdSet"].is_array() || body["SignIdSet"].empty())
        return answer(res, 200, {{"Response", {{"Error", {{"Code", "MissingParameter"}, {"Message", "SignIdSet"}}},
                                               {"RequestId", request_id}}}});
    std::lock_guard l(mutex_);
    const int status = signature_status_ == -100 ? 0 : signature_status_;
    const json sign{{"SignId", body["SignIdSet"][0]}, {"International", 0},      {"StatusCode", status},
                    {"ReviewReply", status == -1 ? "签名与资质不符" : ""}, {"SignName", signature_name_},
                    {"CreateTime", 1700000000}};
    answer(res, 200, {{"Response", {{"DescribeSignListStatusSet", json::array({sign})}, {"RequestId", request_id}}}});
}

void FakeSmsGateway::aliyun(const httplib::Request& req, httplib::Response& res) {
    const std::string request_id = "REQ-" + std::to_string(requests_.load());
    std::map<std::string, std::string> params;
    bool signature_ok = false;
    if (req.has_header("Authorization")) {  // ACS3: parameters in the query, signed headers
        for (const auto& [k, v] : req.params) params[k] = v;
        auto parts = acs3_parts(req.get_header_value("Authorization"));
        adapters::sms::Acs3Request sign;
        sign.method = "POST";
        sign.path = "/";
        sign.query = params;
        sign.body = req.body;
        std::string names = parts["SignedHeaders"];
        for (std::size_t pos = 0; pos <= names.size();) {
            auto semi = names.find(';', pos);
            if (semi == std::string::npos) semi = names.size();
            const auto name = names.substr(pos, semi - pos);
            std::string value = req.get_header_value(name.c_str());
            if (name == "host") value = value.substr(0, value.find(':'));
            sign.signed_headers[name] = value;
            pos = semi + 1;
        }
        sign.access_key_id = key_id_;
        sign.secret = secret_;
        signature_ok = parts["Credential"] == key_id_ &&
                       req.get_header_value("x-acs-content-sha256") == adapters::hex_lower(adapters::sha256(req.body)) &&
                       req.get_header_value("Authorization") == adapters::sms::acs3_authorization(sign);
    } else {  // RPC v1: form body with Signature
        httplib::Params form;
        httplib::detail::parse_query_text(req.body, form);
        for (const auto& [k, v] : form) params[k] = v;
        const std::string given = params["Signature"];
        params.erase("Signature");
        signature_ok = params["AccessKeyId"] == key_id_ && given == adapters::sms::rpc_v1_signature("POST", params, secret_);
    }
    if (!signature_ok) {
        ++bad_signatures_;
        return answer(res, 400, {{"Code", "SignatureDoesNotMatch"},
                                 {"Message", "Specified signature is not matched with our calculation."},
                                 {"RequestId", request_id}});
    }
    if (params["Action"] == "QuerySmsSign" || req.get_header_value("x-acs-action") == "QuerySmsSign") {
        std::lock_guard l(mutex_);
        if (params["SignName"] != signature_name_)
            return answer(res, 200, {{"Code", "isv.SMS_SIGN_ILLEGAL"}, {"Message", "签名不合法"}, {"RequestId", request_id}});
        const int status = signature_status_ == -100 ? 1 : signature_status_;
        return answer(res, 200, {{"Code", "OK"}, {"Message", "OK"}, {"SignName", signature_name_}, {"SignStatus", status},
                                 {"Reason", status == 2 ? "签名与资质不符" : ""}, {"CreateDate", "2026-01-05 10:00:00"},
                                 {"RequestId", request_id}});
    }
    std::vector<std::string> values;
    const auto tp = json::parse(params["TemplateParam"], nullptr, false);
    for (int i = 1; tp.is_object() && tp.contains("p" + std::to_string(i)); ++i)
        values.push_back(tp["p" + std::to_string(i)].get<std::string>());
    SentSms sms{params["PhoneNumbers"], params["SignName"], params["TemplateCode"], values, params["OutId"], ""};
    const auto code = accept(sms);
    if (!code.empty())
        return answer(res, 200, {{"Code", code}, {"Message", code == "isv.BUSINESS_LIMIT_CONTROL" ? "触发分钟级流控Permits:1" : code},
                                 {"RequestId", request_id}});
    answer(res, 200, {{"Code", "OK"}, {"Message", "OK"}, {"BizId", sent().back().provider_id}, {"RequestId", request_id}});
}

httplib::Result FakeSmsGateway::post_reply(const std::string& bot_base, const std::string& key, const std::string& phone,
                                           const std::string& text, const std::string& sign, long long sequence) const {
    httplib::Client client(bot_base);
    if (kind_ == Kind::tencent) {
        const json body{{"extend", ""}, {"mobile", phone}, {"nationcode", "86"}, {"sign", sign}, {"text", text},
                        {"time", 1700000000 + sequence}};
        return client.Post("/sms/tencent/reply?key=" + key, body.dump(), "application/json");
    }
    const json body = json::array({{{"phone_number", phone}, {"send_time", "2026-11-30 10:00:00"}, {"content", text},
                                    {"sign_name", sign}, {"dest_code", "1234"}, {"sequence_id", sequence}}});
    return client.Post("/sms/aliyun/up?key=" + key, body.dump(), "application/json");
}

httplib::Result FakeSmsGateway::post_receipt(const std::string& bot_base, const std::string& key, const SentSms& sms,
                                             bool delivered) const {
    httplib::Client client(bot_base);
    if (kind_ == Kind::tencent) {
        const json body = json::array({{{"user_receive_time", "2026-11-30 10:00:05"}, {"nationcode", "86"},
                                        {"mobile", sms.phone}, {"report_status", delivered ? "SUCCESS" : "FAIL"},
                                        {"errmsg", delivered ? "DELIVRD" : "MK:0001"},
                                        {"description", delivered ? "用户短信送达成功" : "空号"}, {"sid", sms.provider_id}}});
        return client.Post("/sms/tencent/status?key=" + key, body.dump(), "application/json");
    }
    const json body = json::array({{{"phone_number", sms.phone}, {"send_time", "2026-11-30 10:00:00"},
                                    {"report_time", "2026-11-30 10:00:05"}, {"success", delivered},
                                    {"err_code", delivered ? "DELIVERED" : "MK:0001"},
                                    {"err_msg", delivered ? "用户接收成功" : "空号"}, {"sms_size", "1"},
                                    {"biz_id", sms.provider_id}, {"out_id", sms.reference}}});
    return client.Post("/sms/aliyun/report?key=" + key, body.dump(), "application/json");
}

}  // namespace hotline::testing
