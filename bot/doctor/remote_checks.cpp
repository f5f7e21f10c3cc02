#include "bot/doctor/remote_checks.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <fmt/ranges.h>

#include "adapters/crypto/encoding.h"
#include "bot/sms/sms_provider_factory.h"

namespace hotline::bot::doctor {

namespace {

std::optional<workflow::Instant> parse_http_date(const std::string& date) {
    std::tm tm{};
    if (date.empty() || !strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
    return workflow::from_unix(static_cast<std::int64_t>(timegm(&tm)));
}

adapters::HttpResult get(adapters::HttpClient& http, const std::string& url) {
    adapters::HttpRequest req;
    req.url = url;
    req.timeout = std::chrono::seconds(10);
    return http.send(req);
}

}  // namespace

std::optional<workflow::Instant> check_wecom(const Config& c, adapters::HttpClient& http, Findings& out) {
    const std::string area = "企业微信 WeCom";
    if (!c.wecom.enabled) {
        out.ok(area, "未启用（消息写入控制台日志）", "not enabled (messages go to the console log)");
        return std::nullopt;
    }
    const auto& w = c.wecom;
    const auto token_res = get(http, fmt::format("{}/cgi-bin/gettoken?corpid={}&corpsecret={}", w.api_base,
                                                 adapters::url_encode(w.corp_id), adapters::url_encode(w.secret)));
    if (!token_res.ok()) {
        out.error(area, fmt::format("无法连接 {}：{}", w.api_base, adapters::describe(token_res.error)),
                  fmt::format("cannot reach {}: {} {}", w.api_base, adapters::describe(token_res.error), token_res.detail),
                  "检查本机的外网访问（防火墙、代理、DNS）：qyapi.weixin.qq.com:443 必须可达");
        return std::nullopt;
    }
    const auto server_time = parse_http_date(token_res.date);
    const auto j = nlohmann::json::parse(token_res.body, nullptr, false);
    const int errcode = j.is_object() ? j.value("errcode", -2) : -2;
    const std::string errmsg = j.is_object() ? j.value("errmsg", "") : token_res.body.substr(0, 200);
    const auto ip_refused = [&] {
        out.error(area, "本服务器的出口IP不在应用的企业可信IP中（errcode 60020），消息无法发送",
                  "this server's IP is not a trusted IP of the app (errcode 60020): no message can be sent",
                  "企业微信管理后台 应用管理 > 应用 > 企业可信IP，添加本机的出口IP（企业微信的答复：" + errmsg + "）");
    };
    if (errcode == 60020) return ip_refused(), server_time;
    if (errcode == 40013) {
        out.error(area, "企业ID（corp_id）错误（errcode 40013）", "the corp id is wrong (errcode 40013)",
                  "企业微信管理后台 我的企业 > 企业信息 > 企业ID，写入 [wecom] corp_id");
        return server_time;
    }
    if (errcode == 40001 || errcode == 40091 || errcode == 42001) {
        out.error(area, fmt::format("应用 Secret 错误（errcode {}）", errcode), fmt::format("the app Secret is wrong (errcode {})", errcode),
                  fmt::format("企业微信管理后台 应用管理 > 应用 > Secret 查看，写入 {} 的 HOTLINE_WECOM_SECRET=…，然后 systemctl restart hotline-bot",
                              kSecretsFile));
        return server_time;
    }
    if (errcode != 0 || !j.contains("access_token")) {
        out.error(area, fmt::format("获取 access_token 失败：errcode {} {}", errcode, errmsg),
                  fmt::format("gettoken failed: errcode {} {}", errcode, errmsg), "对照企业微信全局错误码说明处理");
        return server_time;
    }
    const std::string token = j["access_token"].get<std::string>();
    const auto agent_res = get(http, fmt::format("{}/cgi-bin/agent/get?access_token={}&agentid={}", w.api_base,
                                                 adapters::url_encode(token), adapters::url_encode(w.agent_id)));
    const auto a = nlohmann::json::parse(agent_res.body, nullptr, false);
    const int agent_code = agent_res.ok() && a.is_object() ? a.value("errcode", -2) : -2;
    if (agent_code == 60020) return ip_refused(), server_time;
    if (agent_code == 0)
        out.ok(area, fmt::format("Secret 正确，应用 {}（AgentId {}）可访问", a.value("name", ""), w.agent_id),
               fmt::format("the Secret works and app {} (AgentId {}) answers", a.value("name", ""), w.agent_id));
    else
        out.error(area, fmt::format("应用 AgentId {} 无法访问：errcode {}", w.agent_id, agent_code),
                  fmt::format("app AgentId {} does not answer: errcode {}", w.agent_id, agent_code),
                  "企业微信管理后台 应用管理 > 应用 > AgentId，与 Secret 属于同一个应用，写入 [wecom] agent_id");
    return server_time;
}

void check_sms(const Config& c, adapters::HttpClient& http, const workflow::Clock& clock, Findings& out) {
    const std::string area = "短信 SMS";
    if (!c.sms.enabled) {
        out.ok(area, "短信回访未启用", "the SMS survey is not enabled");
        return;
    }
    std::vector<std::string> missing;
    for (const char* key : {"ask", "follow_up_satisfaction", "follow_up_resolution", "clarify", "remind"})
        if (!c.sms.templates.contains(key) || c.sms.templates.at(key).empty()) missing.emplace_back(key);
    if (!missing.empty())
        out.error(area, fmt::format("短信模板未配置：{}", fmt::join(missing, ", ")),
                  fmt::format("SMS templates not configured: {}", fmt::join(missing, ", ")),
                  "在短信控制台按 README 的模板正文申请并审核通过，把模板ID写入 [sms.templates]");
    else
        out.ok(area, "五个回访短信模板均已配置", "all five survey templates are configured");
    const auto provider = make_sms_provider(c.sms, clock, http);
    const auto sign = provider->signature_status();
    using State = adapters::sms::SignatureStatus::State;
    const std::string name = "【" + c.sms.survey.signature + "】";
    switch (sign.state) {
        case State::approved:
            out.ok(area, fmt::format("短信签名 {} 已审核通过（{}）", name, provider->name()),
                   fmt::format("the signature {} is approved ({}): {}", name, provider->name(), sign.detail));
            break;
        case State::pending:
            out.warning(area, fmt::format("短信签名 {} 仍在审核中，审核通过前短信无法发送", name),
                        fmt::format("the signature {} is still in review: {}", name, sign.detail),
                        "等待短信控制台审核通过；如超过 2 个工作日，联系服务商");
            break;
        case State::rejected:
            out.error(area, fmt::format("短信签名 {} 未审核通过或不可用，短信无法发送", name),
                      fmt::format("the signature {} is not approved: {}", name, sign.detail),
                      "在短信控制台 > 签名管理 查看驳回原因，按要求补充资质后重新提交；[sms] signature 须与控制台签名完全一致");
            break;
        case State::unknown: {
            const bool credentials = sign.detail.find("AuthFailure") != std::string::npos ||
                                     sign.detail.find("SignatureDoesNotMatch") != std::string::npos ||
                                     sign.detail.find("InvalidAccessKeyId") != std::string::npos;
            if (credentials)
                out.error(area, "短信服务商拒绝了密钥（AccessKey / SecretId 错误）",
                          fmt::format("the provider refused the credentials: {}", sign.detail),
                          fmt::format("在服务商控制台核对 API 密钥，写入 {}（HOTLINE_SMS_…），然后 systemctl restart hotline-bot", kSecretsFile));
            else
                out.warning(area, "无法查询短信签名审核状态", fmt::format("the signature's approval could not be checked: {}", sign.detail),
                            "按提示补充配置（腾讯云需 [sms.tencent] sign_id），或在短信控制台人工确认签名已通过");
        }
    }
}

void check_clock(std::optional<workflow::Instant> server_time, workflow::Instant now, Findings& out) {
    const std::string area = "时钟 clock";
    if (!server_time) {
        out.warning(area, "未能与服务器时间比对（企业微信未启用或未应答）", "the clock was not compared (no server answered with its time)",
                    "确认 systemd-timesyncd 或 chrony 在运行：timedatectl status");
        return;
    }
    const auto skew = std::chrono::duration_cast<std::chrono::seconds>(now - *server_time).count();
    const auto text_zh = fmt::format("本机时间与企业微信服务器相差 {} 秒", skew);
    const auto text_en = fmt::format("this machine's clock is {} s off the WeCom server's", skew);
    if (std::llabs(skew) > 300)
        out.error(area, text_zh + "：超过 5 分钟的回调会被拒绝", text_en + ": callbacks beyond 5 minutes are refused",
                  "timedatectl set-ntp true（或配置 chrony），确认时间同步后重启服务");
    else if (std::llabs(skew) > 60)
        out.warning(area, text_zh, text_en, "timedatectl set-ntp true：时间偏差会导致短信签名和回调校验失败");
    else
        out.ok(area, text_zh, text_en);
}

void check_public_url(const Config& c, adapters::HttpClient& http, Findings& out) {
    const std::string area = "公网地址 public URL";
    const auto& url = c.server.public_url;
    if (url.empty()) {
        out.warning(area, "未配置 [server] public_url，无法检查企业微信回调地址", "[server] public_url is not set: the callback address is not checked",
                    "写入 nginx 对外的 https 地址，例如 public_url = \"https://bot.example.gov.cn\"");
        return;
    }
    const auto res = get(http, url + "/healthz");
    if (res.ok() && res.status == 200) {
        const bool tls = url.rfind("https://", 0) == 0;
        out.ok(area, fmt::format("{} 可访问{}", url, tls ? "，TLS 证书有效" : ""),
               fmt::format("{} answers{}", url, tls ? ", its TLS certificate is valid" : ""));
        return;
    }
    if (res.error == adapters::TransportError::tls_failed)
        out.error(area, fmt::format("{} 的 TLS 证书不被信任或与域名不符", url),
                  fmt::format("{}: the TLS certificate is not trusted or does not match: {}", url, res.detail),
                  "在 nginx 配置有效证书（含完整证书链），域名与 public_url 一致");
    else if (!res.ok())
        out.error(area, fmt::format("{} 无法连接：{}", url, adapters::describe(res.error)),
                  fmt::format("{} cannot be reached: {} {}", url, adapters::describe(res.error), res.detail),
                  "检查 DNS、防火墙 443 端口与 nginx 是否运行（systemctl status nginx）");
    else
        out.error(area, fmt::format("{}/healthz 返回 HTTP {}", url, res.status),
                  fmt::format("{}/healthz answers HTTP {}", url, res.status),
                  "nginx 须把请求转发到 [server] listen 的地址（见 /usr/share/doc/hotline-bot/examples/nginx）");
}

}  // namespace hotline::bot::doctor
