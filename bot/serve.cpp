#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fmt/ranges.h>

#include <unistd.h>

#include <csignal>
#include <ranges>
#include <thread>

#include "adapters/http/http_client.h"
#include "adapters/wecom/api_client.h"
#include "adapters/wecom/callback_crypto.h"
#include "adapters/wecom/token_cache.h"
#include "bot/app.h"
#include "bot/channels/console_channel.h"
#include "bot/channels/wecom_channel.h"
#include "bot/directory_import.h"
#include "bot/chat_services.h"
#include "bot/http/http_server.h"
#include "bot/intake/intake_endpoint.h"
#include "bot/inbox_worker.h"
#include "bot/web/evidence_pages.h"
#include "bot/web/workbench.h"
#include "bot/inbox_writer.h"
#include "bot/metrics.h"
#include "bot/notifier.h"
#include "bot/evidence/evidence_downloader.h"
#include "bot/reminder_loop.h"
#include "bot/service/instance_lock.h"
#include "bot/store/open_store.h"
#include "bot/service/systemd_notify.h"
#include "bot/background_loop.h"
#include "bot/sms/sms_callbacks.h"
#include "bot/sms/sms_channel.h"
#include "bot/sms/sms_provider_factory.h"
#include "bot/sms/survey_loop.h"
#include "bot/reports/chart.h"
#include "bot/reports/report_loop.h"
#include "adapters/crypto/encoding.h"
#include "bot/wecom/callback_endpoint.h"

namespace hotline::bot {

namespace {

// The WeCom side of the service, present only when [wecom] enabled = true.
struct WecomParts {
    std::unique_ptr<adapters::HttpClient> http;
    std::unique_ptr<adapters::wecom::CallbackCrypto> crypto;
    std::unique_ptr<adapters::wecom::TokenCache> tokens;
    std::unique_ptr<adapters::wecom::WecomApi> api;
    std::unique_ptr<WecomChannel> channel;
    std::unique_ptr<wecom::CallbackEndpoint> endpoint;
};

WecomParts build_wecom(App& app, InboxWriter& inbox, Metrics& metrics) {
    WecomParts w;
    const auto& c = app.config.wecom;
    w.http = adapters::make_beast_http_client();
    w.crypto = std::make_unique<adapters::wecom::CallbackCrypto>(c.token, c.encoding_aes_key, c.corp_id);
    w.tokens = std::make_unique<adapters::wecom::TokenCache>(*w.http, c.api_base, c.corp_id, c.secret, app.clock);
    w.api = std::make_unique<adapters::wecom::WecomApi>(*w.http, *w.tokens,
                                                        adapters::wecom::ApiConfig{c.api_base, c.agent_id});
    const auto& web = app.config.web;
    w.channel = std::make_unique<WecomChannel>(*w.api, web.enabled ? web.public_url + "/web/ticket?id=" : std::string{});
    w.endpoint = std::make_unique<wecom::CallbackEndpoint>(*w.crypto, inbox, app.clock, metrics);
    metrics.add_gauge("hotline_wecom_token_fetches", "WeCom access tokens fetched since start.",
                      [tokens = w.tokens.get()] {
                          return std::map<std::string, std::int64_t>{{"", static_cast<std::int64_t>(tokens->fetches())}};
                      });
    spdlog::info("wecom: enabled for corp {} agent {}", c.corp_id, c.agent_id);
    return w;
}

// The SMS survey, present only when [sms] enabled = true.
struct SmsParts {
    std::unique_ptr<adapters::HttpClient> http;
    std::unique_ptr<adapters::sms::SmsProvider> provider;
    std::unique_ptr<workflow::SurveyEngine> survey;
    std::unique_ptr<SmsChannel> channel;
    std::unique_ptr<sms::SmsCallbacks> callbacks;
    std::unique_ptr<SurveyLoop> loop;
};

SmsParts build_sms(App& app, const adapters::CitizenDataCipher& cipher, InboxWriter& inbox, Metrics& metrics,
                   adapters::sms::SmsProvider* instead) {
    SmsParts s;
    s.http = adapters::make_beast_http_client();
    s.provider = make_sms_provider(app.config.sms, app.clock, *s.http);
    adapters::sms::SmsProvider& provider = instead ? *instead : *s.provider;
    s.survey = std::make_unique<workflow::SurveyEngine>(*app.engine, app.config.sms.survey, phone_masker(app));
    app.engine->on_replied([survey = s.survey.get()](workflow::StoreTx& tx, const workflow::Ticket& t) {
        survey->start_in(tx, t);
    });
    s.channel = std::make_unique<SmsChannel>(provider, cipher, *app.store, *s.survey, app.clock, metrics);
    s.callbacks = std::make_unique<sms::SmsCallbacks>(app.config.sms.callback_secret, cipher, inbox, app.clock, metrics);
    spdlog::info("sms: survey enabled, provider {}, signature 【{}】", provider.name(), app.config.sms.survey.signature);
    return s;
}

// A configuration error stops a channel: tell the administrators where they will see it even
// though that channel is down (the log, and the console outbox).
Notifier::Alert admin_alert(App& app) {
    return [&app](const std::string& channel, const std::string& reason) {
        app.store->transact([&](workflow::StoreTx& tx) {
            for (const auto& admin : tx.directory().people_with_role(workflow::Role::admin, ""))
                write_notice(tx, {.to = admin.userid,
                                  .key = fmt::format("alert:{}:{}:{}", channel, workflow::to_unix(app.clock.now()),
                                                     admin.userid),
                                  .body = fmt::format("【系统告警】{}消息发送已暂停：{}。请检查配置（应用Secret、可信IP等）。",
                                                      channel, reason),
                                  .at = app.clock.now(),
                                  .route = workflow::Route::terminal});
        });
    };
}

// What the store holds, read at each scrape: tickets by state, the outbox queue and the inbox
// backlog. Outbox routes are labelled by the channel behind them, as operators know them (wecom,
// console, sms).
// Healthy while the store answers: a load balancer then sends callbacks only to instances that can
// store them. Asked at most once a second, however often the balancer probes; while one probe
// waits for the store, the others get the last answer instead of a server thread each.
class StoreHealth {
public:
    explicit StoreHealth(workflow::Store& store) : store_(store) {}
    std::optional<std::string> problem() {
        std::unique_lock checking(check_mutex_, std::try_to_lock);
        if (!checking || std::chrono::steady_clock::now() - checked_at_ < std::chrono::seconds(1)) return last();
        checked_at_ = std::chrono::steady_clock::now();
        std::optional<std::string> found;
        try {
            store_.schema_version();
        } catch (const std::exception& e) {
            found = "store unreachable";
            if (!last()) spdlog::error("healthz: the store does not answer: {}", e.what());
        }
        if (!found && last()) spdlog::info("healthz: the store answers again");
        std::lock_guard lock(state_mutex_);
        problem_ = found;
        return problem_;
    }

    // What the last check found, without asking the store.
    bool known_problem() { return last().has_value(); }

private:
    std::optional<std::string> last() {
        std::lock_guard lock(state_mutex_);
        return problem_;
    }
    workflow::Store& store_;
    std::mutex check_mutex_;  // held by the one probe that asks the store
    std::chrono::steady_clock::time_point checked_at_{};
    std::mutex state_mutex_;
    std::optional<std::string> problem_;
};

// The gauges read from the store. While /healthz knows the store unreachable they are left out at
// once, so a scrape does not wait out every query's retries.
void add_store_gauges(Metrics& metrics, workflow::Store& store, StoreHealth& health,
                      const std::map<std::string, Channel*>& channels) {
    metrics.set_ticket_source([&store, &health] {
        std::map<std::string, std::int64_t> out;
        if (health.known_problem()) throw std::runtime_error("store unreachable");  // the family is left out
        store.transact([&](workflow::StoreTx& tx) {
            out.clear();
            for (const auto& [state, n] : tx.tickets().counts_by_state()) out[std::string(workflow::to_string(state))] = n;
        });
        return out;
    });
    const auto by_channel_and_state = [](const auto& counts, const auto& label) {
        std::map<std::string, std::int64_t> out;
        for (const auto& [key, n] : counts)
            out[fmt::format("channel=\"{}\",state=\"{}\"", label(key.first), key.second)] += n;
        return out;
    };
    metrics.add_gauge("hotline_outbox_messages", "Outbox messages by channel and state (pending = queue depth).",
                      [&store, &health, channels, by_channel_and_state] {
                          std::map<std::pair<std::string, std::string>, std::int64_t> counts;
                          if (health.known_problem()) throw std::runtime_error("store unreachable");
                          store.transact([&](workflow::StoreTx& tx) { counts = tx.outbox().counts_by_state(); });
                          return by_channel_and_state(counts, [&](const std::string& route) {
                              return route_label(channels, route);
                          });
                      });
    metrics.add_gauge("hotline_inbox_entries", "Inbox entries by channel and state (new = not yet handled).",
                      [&store, &health, by_channel_and_state] {
                          std::map<std::pair<std::string, std::string>, std::int64_t> counts;
                          if (health.known_problem()) throw std::runtime_error("store unreachable");
                          store.transact([&](workflow::StoreTx& tx) { counts = tx.inbox().counts_by_state(); });
                          return by_channel_and_state(counts, [](const std::string& channel) { return channel; });
                      });
}

// What the alert rules watch beside the counters: channels paused by a configuration error, the
// holiday data of this year and next, and when the reminder pass last ran.
void add_operations_gauges(Metrics& metrics, App& app, Notifier& notifier, const std::map<std::string, Channel*>& channels,
                           const ReminderLoop& reminders) {
    metrics.add_gauge("hotline_channel_paused", "1 while a configuration error pauses sending on the channel.",
                      [&notifier, channels] {
                          std::map<std::string, std::int64_t> out;
                          for (const auto& [route, channel] : channels)
                              out[fmt::format("channel=\"{}\"", route_label(channels, route))] |=
                                  notifier.paused(route) ? 1 : 0;
                          return out;
                      });
    metrics.add_gauge("hotline_holiday_data", "1 when the holiday file of the year has days in it (this year, next year).",
                      [&app] {
                          const int year = static_cast<int>(
                              std::chrono::year_month_day{workflow::china_date(app.clock.now())}.year());
                          return std::map<std::string, std::int64_t>{
                              {"year=\"this\"", app.calendar.has_data_for(year) ? 1 : 0},
                              {"year=\"next\"", app.calendar.has_data_for(year + 1) ? 1 : 0}};
                      });
    metrics.add_gauge("hotline_reminder_pass_timestamp_seconds",
                      "When the reminder pass last finished without an error (Unix time; 0: not yet).", [&reminders] {
                          return std::map<std::string, std::int64_t>{{"", reminders.last_pass_unix()}};
                      });
}

void add_health_routes(http::Router& router, Metrics& metrics, StoreHealth& health) {
    router.add("GET", "/healthz", [&health](const http::Request&) {
        if (const auto problem = health.problem())
            return http::Response{503, "text/plain; charset=utf-8", *problem + "\n", {}};
        return http::Response{200, "text/plain; charset=utf-8", "ok\n", {}};
    });
    router.add("GET", "/metrics", [&metrics](const http::Request&) {
        return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
    });
}

// Media people send in chat, fetched off the callback's path (a callback only stores its row).
struct EvidenceParts {
    std::unique_ptr<evidence::EvidenceDownloader> downloader;
    std::unique_ptr<BackgroundLoop> loop;
};

EvidenceParts build_evidence(App& app, adapters::wecom::WecomApi& api, ChatServices& chat, Notifier& notifier) {
    EvidenceParts e;
    e.downloader = std::make_unique<evidence::EvidenceDownloader>(
        *app.store, app.clock, api, chat.attachments, evidence::DownloadOptions{.max_bytes = app.config.attachments.max_bytes});
    e.loop = std::make_unique<BackgroundLoop>(
        "evidence", [downloader = e.downloader.get(), &notifier] {
            const auto n = downloader->run_once();
            if (n) notifier.poke();
            return n;
        },
        std::chrono::seconds(2), LoopPriority::background);
    return e;
}

void warn_about_supervision_recipients(App& app) {
    app.store->transact([&sup = app.config.supervision](workflow::StoreTx& tx) {
        for (const auto& userid : sup.recipients)
            if (!documents::SupervisionDelivery::may_read_instructions(tx, userid))
                spdlog::warn("supervision: recipient {} holds no hotline role in the directory; the notice goes to "
                             "them without the leaders' instructions",
                             userid);
    });
}

// The weekly and monthly ranking, with its chart rendered outside the write transaction, and the
// monthly supervision notice when it has recipients.
workflow::ReportSchedule report_schedule(App& app, ChatServices& chat) {
    const auto& rc = app.config.reports;
    const auto& sup = app.config.supervision;
    using Supervision =
        std::function<std::function<workflow::Queue()>(workflow::StoreTx&, const workflow::Period&, workflow::Instant)>;
    Supervision supervision;
    if (sup.monthly && !sup.recipients.empty())
        supervision = [&notices = chat.supervision, &sup](workflow::StoreTx& tx, const workflow::Period& p,
                                                          workflow::Instant now) {
            return notices.scheduled(tx, p, sup.recipients, now);
        };
    return workflow::ReportSchedule{
        .weekly = rc.weekly,
        .monthly = rc.monthly,
        .at = rc.time,
        .recipients = rc.recipients,
        .policy = app.config.statistics,
        .chart =
            [&app](workflow::StoreTx& tx, const workflow::StatsReport& r) -> workflow::Draw {
                auto trend = reports::weekly_trend(tx, r.period.to, app.config.statistics, app.clock.now());
                return [r, trend = std::move(trend)] {
                    return adapters::base64_encode(reports::render_chart_png(r, trend));
                };
            },
        .supervision = std::move(supervision),
    };
}

void add_sms_routes(http::Router& router, sms::SmsCallbacks& callbacks) {
    using Handler = void (sms::SmsCallbacks::*)(const http::Request&, http::Respond);
    const std::pair<const char*, Handler> routes[] = {{"/sms/tencent/reply", &sms::SmsCallbacks::tencent_reply},
                                                      {"/sms/tencent/status", &sms::SmsCallbacks::tencent_status},
                                                      {"/sms/aliyun/up", &sms::SmsCallbacks::aliyun_up},
                                                      {"/sms/aliyun/report", &sms::SmsCallbacks::aliyun_report}};
    for (const auto& [path, handler] : routes)
        router.add_async("POST", path, [cb = &callbacks, handler](const http::Request& r, http::Respond respond) {
            (cb->*handler)(r, std::move(respond));
        });
}

void add_wecom_routes(http::Router& router, wecom::CallbackEndpoint& endpoint) {
    router.add("GET", "/wecom/callback", [&endpoint](const http::Request& r) { return endpoint.verify_url(r); });
    router.add_async("POST", "/wecom/callback", [&endpoint](const http::Request& r, http::Respond respond) {
        endpoint.receive(r, std::move(respond));
    });
}

std::unique_ptr<intake::IntakeEndpoint> add_intake_route(App& app, http::Router& router,
                                                         const adapters::CitizenDataCipher& cipher, Notifier& notifier,
                                                         Metrics& metrics) {
    auto endpoint = std::make_unique<intake::IntakeEndpoint>(app.config.intake.secrets, cipher, *app.store,
                                                             *app.engine, app.config.intake.policy, metrics);
    router.add("POST", "/intake/tickets", [e = endpoint.get(), &notifier](const http::Request& r) {
        auto res = e->receive(r);
        notifier.poke();
        return res;
    });
    spdlog::info("intake: enabled for {}", fmt::join(std::views::keys(app.config.intake.secrets), ", "));
    return endpoint;
}

// Blocks the signals the service acts on (stop, and SIGHUP to reload) in every thread started
// after this; the caller waits for them.
sigset_t block_service_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a peer that hangs up is an error code, not a crash
    return signals;
}

// Returns at SIGTERM or SIGINT; a SIGHUP (systemctl reload) reads the directory and the holiday
// files again meanwhile.
void serve_until_stopped(App& app, const sigset_t& signals) {
    for (;;) {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != SIGHUP) {
            spdlog::info("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
            return;
        }
        spdlog::info("received SIGHUP: reading the directory and the holiday files again");
        service::notify_reloading();
        reload_files(app);
        service::notify_ready("serving");
    }
}

// The outbox options with this instance's name on its claims.
NotifierOptions notifier_options(const Config& config) {
    NotifierOptions o = config.outbox;
    o.instance = config.server.instance_id;
    if (o.instance.empty()) {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        o.instance = fmt::format("{}:{}", host, config.server.port);
    }
    return o;
}

}  // namespace

int serve(App& app, const ServiceHooks& hooks) {
    // SQLite has one writer process: a second service on the same file is refused. PostgreSQL
    // takes any number of instances.
    const bool one_writer = app.config.store.backend == "sqlite";
    const auto instance = one_writer ? service::InstanceLock::try_acquire(app.config.store.path) : std::nullopt;
    if (one_writer && !instance) {
        spdlog::critical("another hotline-bot is already serving {} (it holds {}); one service per SQLite store",
                         app.config.store.path.string(), service::lock_file_of(app.config.store.path).string());
        return 1;
    }
    sync_directory_file(app);
    Metrics metrics;
    http::Router router;
    StoreHealth store_health(*app.store);
    add_health_routes(router, metrics, store_health);
    add_store_pool_gauges(metrics, *app.store);
    // Callbacks and pushes are answered once stored; this writer commits them in batches.
    InboxWriter inbox_writer(*app.store);
    // Outbox routes to channels: people by WeCom (or the log without credentials), `say` answers
    // and alerts to the console, citizens by SMS.
    ConsoleChannel console;
    WecomParts wecom = app.config.wecom.enabled ? build_wecom(app, inbox_writer, metrics) : WecomParts{};
    if (hooks.person_channel) spdlog::info("messages to people go to the {} channel", hooks.person_channel->name());
    else if (!wecom.channel) spdlog::info("wecom: not enabled; messages go to the console channel");  // stored and logged
    const auto& cipher = app.cipher;
    SmsParts sms_parts = app.config.sms.enabled ? build_sms(app, *cipher, inbox_writer, metrics, hooks.sms_provider) : SmsParts{};
    std::map<std::string, Channel*> channels{
        {std::string(workflow::to_string(workflow::Route::terminal)), &console},
        {std::string(workflow::to_string(workflow::Route::person)),
         hooks.person_channel ? hooks.person_channel
                              : wecom.channel ? static_cast<Channel*>(wecom.channel.get()) : &console}};
    if (sms_parts.channel) channels["sms"] = sms_parts.channel.get();
    add_store_gauges(metrics, *app.store, store_health, channels);
    Notifier notifier(*app.store, app.clock, channels, metrics, notifier_options(app.config), admin_alert(app));
    const auto poke_notifier = [&notifier] { notifier.poke(); };
    ChatServices chat(app, sms_parts.survey.get());
    EvidenceParts evidence = wecom.api ? build_evidence(app, *wecom.api, chat, notifier) : EvidenceParts{};
    warn_about_supervision_recipients(app);
    workflow::ReportScheduler report_scheduler(*app.store, app.clock, report_schedule(app, chat));
    ReportLoop report_loop(report_scheduler, poke_notifier);
    InboxWorker inbox(*app.store, app.clock, chat.executor, sms_parts.survey.get());
    inbox_writer.on_stored([&inbox] { inbox.poke(); });
    inbox.on_committed(poke_notifier);
    inbox.yield_to([&inbox_writer] { return inbox_writer.crowded(); },
                   [&metrics](std::chrono::steady_clock::duration d) {
                       metrics.inc("hotline_inbox_yields_total");
                       std::this_thread::sleep_for(d);
                   });
    inbox.on_media([loop = evidence.loop.get()] {
        if (loop) loop->poke();
    });
    workflow::ReminderScheduler reminders(*app.store, app.clock, app.config.reminders);
    ReminderLoop reminder_loop(reminders, poke_notifier);
    add_operations_gauges(metrics, app, notifier, channels, reminder_loop);
    if (sms_parts.survey) {
        sms_parts.loop = std::make_unique<SurveyLoop>(*app.store, *sms_parts.survey, poke_notifier);
        add_sms_routes(router, *sms_parts.callbacks);
    }
    const auto intake_endpoint =
        app.config.intake.enabled ? add_intake_route(app, router, *cipher, notifier, metrics) : nullptr;
    if (wecom.endpoint) add_wecom_routes(router, *wecom.endpoint);
    web::SessionRateLimit web_rate_limit(app.config.web.requests_per_minute);
    std::unique_ptr<web::WebContext> workbench;
    if (app.config.web.enabled && (wecom.api || hooks.workbench_without_wecom)) {
        workbench.reset(new web::WebContext{*app.store, app.clock, wecom.api.get(), chat.executor, app.config.web,
                                            app.config.wecom.corp_id, app.config.wecom.agent_id, poke_notifier,
                                            &web_rate_limit, app.config.statistics, &chat.attachments,
                                            app.config.attachments.max_bytes, {}});
        web::add_workbench_routes(router, *workbench);
        spdlog::info("workbench: {}/web/{}", app.config.web.public_url, wecom.api ? " (sign-in through WeCom)" : "");
    }
    if (hooks.add_routes) {
        RunningParts parts{router, workbench.get(),
                           [&] {
                               reminder_loop.poke();
                               report_loop.poke();
                               if (sms_parts.loop) sms_parts.loop->poke();
                               notifier.poke();
                           },
                           [&inbox] { inbox.poke(); }};
        hooks.add_routes(parts);
    }

    const auto signals = block_service_signals();
    const auto& sc = app.config.server;
    http::ServerOptions server_options{sc.host, sc.port, sc.threads, sc.max_body_bytes};
    // The workbench's upload takes a file as large as evidence may be; every other path keeps the limit.
    if (workbench)
        server_options.body_limit_by_path[web::kUploadPath] =
            std::max<std::uint64_t>(sc.max_body_bytes, static_cast<std::uint64_t>(app.config.attachments.max_bytes));
    http::HttpServer server(server_options, router, metrics);
    inbox_writer.start();
    server.start();
    notifier.start();
    inbox.start();
    if (evidence.loop) evidence.loop->start();
    reminder_loop.start();
    if (sms_parts.loop) sms_parts.loop->start();
    report_loop.start();
    spdlog::info("hotline-bot {} listening on {}:{} store={}", HOTLINE_VERSION, sc.host, server.port(),
                 describe_store(app.config.store));
    service::notify_ready(fmt::format("serving on {}:{}", sc.host, server.port()));
    const service::Watchdog watchdog([&app] {
        try {
            return app.store->schema_version() > 0;
        } catch (const workflow::TransactionAborted&) {
            // A database server that is away (PostgreSQL) is not this process hanging: a restart
            // would not bring it back. /healthz reports it instead.
            return true;
        }
    });

    serve_until_stopped(app, signals);
    service::notify_stopping();
    // The server first, so that every request it accepted is answered; the writer stores what
    // they handed in; then the workers.
    server.stop();
    server.wait();
    inbox_writer.stop();
    report_loop.stop();
    if (sms_parts.loop) sms_parts.loop->stop();
    reminder_loop.stop();
    inbox.stop();
    if (evidence.loop) evidence.loop->stop();
    notifier.stop();
    app.engine->on_replied({});  // the survey it points to ends with this function
    spdlog::info("stopped cleanly");
    return 0;
}

}  // namespace hotline::bot
