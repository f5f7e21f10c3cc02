#pragma once
// The SMS survey wired as `serve` wires it, on a fake clock: the workflow with a survey engine,
// the SMS callbacks behind the real HTTP server, the inbox worker, and the notifier whose "sms"
// channel sends through a provider client to a fake gateway on 127.0.0.1.
#include <memory>

#include "adapters/crypto/citizen_data.h"
#include "adapters/sms/aliyun_sms.h"
#include "adapters/sms/tencent_sms.h"
#include "bot/channels/console_channel.h"
#include "bot/commands/executor.h"
#include "bot/http/http_server.h"
#include "bot/inbox_worker.h"
#include "bot/notifier.h"
#include "bot/sms/sms_callbacks.h"
#include "bot/sms/sms_channel.h"
#include "tests/fakes/fake_sms_gateway.h"
#include "tests/support/test_env.h"

namespace hotline::testing {

inline constexpr const char* kCitizenPhone = "13812345678";
inline constexpr const char* kCallbackKey = "callback-secret-0123456789";
inline constexpr const char* kSignature = "某县12345";

inline adapters::CitizenDataCipher test_cipher() { return adapters::CitizenDataCipher(std::string(32, 'k')); }

inline std::map<std::string, std::string> test_templates() {
    return {{"ask", "1001"}, {"follow_up_satisfaction", "1002"}, {"follow_up_resolution", "1003"},
            {"clarify", "1004"}, {"remind", "1005"}};
}

struct SurveyEnv {
    explicit SurveyEnv(FakeSmsGateway::Kind kind = FakeSmsGateway::Kind::tencent)
        : cipher(test_cipher()),
          gateway(kind, "AKID-test", "provider-secret"),
          http(adapters::make_beast_http_client()),
          survey(env.engine, policy(), [this](const std::string& enc) {
              const auto p = cipher.decrypt(enc);
              return p ? adapters::mask_phone(*p) : std::string("****");
          }),
          executor(env.engine, {.survey = &survey}),
          inbox(*env.store, env.clock, executor, &survey),
          inbox_writer(*env.store),
          callbacks(kCallbackKey, cipher, inbox_writer, env.clock, metrics) {
        inbox_writer.start();
        env.citizen_phone_enc = cipher.encrypt(kCitizenPhone);
        env.citizen_phone_hash = cipher.phone_hash(kCitizenPhone);
        if (kind == FakeSmsGateway::Kind::tencent)
            provider = std::make_unique<adapters::sms::TencentSms>(
                *http, env.clock,
                adapters::sms::TencentSmsConfig{gateway.base_url(), "ap-guangzhou", "AKID-test", "provider-secret",
                                                "1400000001", kSignature, test_templates()});
        else
            provider = std::make_unique<adapters::sms::AliyunSms>(
                *http, env.clock,
                adapters::sms::AliyunSmsConfig{gateway.base_url(), "AKID-test", "provider-secret", kSignature, "acs3",
                                               test_templates()});
        channel = std::make_unique<bot::SmsChannel>(*provider, cipher, *env.store, survey, env.clock, metrics);
        notifier = std::make_unique<bot::Notifier>(*env.store, env.clock,
                                                   std::map<std::string, bot::Channel*>{{"sms", channel.get()},
                                                                                        {"person", &console},
                                                                                        {"console", &console}},
                                                   metrics);
        env.engine.on_replied([this](workflow::StoreTx& tx, const workflow::Ticket& t) { survey.start_in(tx, t); });
        using bot::http::Request, bot::http::Respond;
        router.add_async("POST", "/sms/tencent/reply", [this](const Request& r, Respond a) { callbacks.tencent_reply(r, a); });
        router.add_async("POST", "/sms/tencent/status", [this](const Request& r, Respond a) { callbacks.tencent_status(r, a); });
        router.add_async("POST", "/sms/aliyun/up", [this](const Request& r, Respond a) { callbacks.aliyun_up(r, a); });
        router.add_async("POST", "/sms/aliyun/report", [this](const Request& r, Respond a) { callbacks.aliyun_report(r, a); });
        server = std::make_unique<bot::http::HttpServer>(bot::http::ServerOptions{"127.0.0.1", 0, 4}, router, metrics);
        server->start();
        gateway.check_time(false);  // the fake clock is not the gateway's clock
    }
    ~SurveyEnv() {
        server->stop();
        server->wait();
        env.engine.on_replied({});
    }

    static workflow::SurveyPolicy policy() {
        workflow::SurveyPolicy p;
        p.signature = kSignature;
        p.start_delay = std::chrono::minutes(120);
        return p;
    }
    std::string bot_base() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    // One pass of each background worker, in the order serve's loops would get to them.
    void pump() {
        env.store->transact([&](workflow::StoreTx& tx) { survey.run_due_in(tx); });
        inbox.run_once();
        notifier->run_once();
    }
    std::vector<workflow::Survey> surveys(std::int64_t ticket) {
        std::vector<workflow::Survey> out;
        env.store->transact([&](workflow::StoreTx& tx) { out = tx.surveys().of(ticket); });
        return out;
    }
    // Outbox messages about a ticket (0: about none) to one recipient that mention `needle`.
    int outbox_to(std::int64_t ticket, const std::string& recipient, const std::string& needle) {
        int n = 0;
        env.store->transact([&](workflow::StoreTx& tx) {
            for (const auto& m : tx.outbox().of(ticket))
                if (m.recipient == recipient && m.payload.find(needle) != std::string::npos) ++n;
        });
        return n;
    }

    WorkflowEnv env;
    adapters::CitizenDataCipher cipher;
    FakeSmsGateway gateway;
    std::unique_ptr<adapters::HttpClient> http;
    std::unique_ptr<adapters::sms::SmsProvider> provider;
    bot::Metrics metrics;
    workflow::SurveyEngine survey;
    bot::ConsoleChannel console;
    std::unique_ptr<bot::SmsChannel> channel;
    std::unique_ptr<bot::Notifier> notifier;
    bot::commands::Executor executor;
    bot::InboxWorker inbox;
    bot::InboxWriter inbox_writer;  // started: pushes are acknowledged as serve does it
    bot::sms::SmsCallbacks callbacks;
    bot::http::Router router;
    std::unique_ptr<bot::http::HttpServer> server;
};

}  // namespace hotline::testing
