#include "bot/cli.h"
#include "bot/sandbox/sandbox.h"


#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/app.h"
#include "bot/backup/backup.h"
#include "bot/doctor/doctor.h"
#include "adapters/http/http_client.h"
#include "bot/commands/executor.h"
#include "bot/inbox_payload.h"
#include "bot/inbox_worker.h"
#include "bot/intake/importer.h"
#include "bot/directory_import.h"
#include "bot/logging.h"
#include "bot/archive/archive_export.h"
#include "bot/reports/chart.h"
#include "bot/reports/report_files.h"
#include "bot/reports/supervision_xlsx.h"
#include "bot/documents/supervision_pdf.h"
#include "bot/chat_services.h"
#include "bot/service/instance_lock.h"
#include "bot/store/open_store.h"
#include "workflow/store/copy/sqlite_to_postgresql.h"
#include "workflow/store/postgresql/pg_conninfo.h"
#include "workflow/statistics/statistics.h"
#include "workflow/procedure/audit_chain.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/sqlite/migrations.h"

namespace hotline::bot {

namespace {

constexpr const char* kDefaultConfig = "config/hotline.example.toml";

// Loads the configuration or prints every problem and returns nullopt.
std::optional<Config> load_or_report(const std::string& path) {
    auto loaded = load_config(path);
    for (const auto& p : loaded.problems) std::cerr << format_problem(path, p) << "\n";
    if (!loaded.config) std::cerr << path << ": " << loaded.problems.size() << " problem(s); nothing was started\n";
    return loaded.config;
}

int cmd_check_config(const std::string& path) {
    auto config = load_or_report(path);
    if (!config) return 2;
    std::cout << path << ": OK\n";
    return 0;
}

int cmd_migrate(App& app) {
    std::cout << "store " << describe_store(app.config.store) << " is at schema version " << app.store->schema_version()
              << " (latest " << workflow::latest_schema_version() << ")\n";
    return 0;
}

int cmd_directory_import(App& app, const std::string& file) {
    auto parsed = read_directory_file(file);
    if (!parsed.problems.empty()) {
        for (const auto& p : parsed.problems) std::cerr << file << ": " << p << "\n";
        std::cerr << file << ": " << parsed.problems.size() << " problem(s); the directory was not changed\n";
        return 2;
    }
    SyncSummary summary;
    app.store->transact([&](workflow::StoreTx& tx) {
        summary = sync_directory(tx, parsed.directory, "admin:cli", app.clock.now());
    });
    std::cout << (summary.changed() ? "directory updated: " : "directory unchanged: ") << summary.describe() << "\n";
    return 0;
}

int cmd_audit_verify(App& app) {
    workflow::AuditChainVerifier verifier;
    app.store->transact([&](workflow::StoreTx& tx) {
        tx.audit().for_each([&](const workflow::AuditEvent& e) { return verifier.feed(e); });
    });
    if (const auto& b = verifier.first_break()) {
        std::cout << "audit chain BROKEN at event " << b->seq << ": " << b->reason << " (" << verifier.verified()
                  << " events before it verified)\n";
        return 1;
    }
    std::cout << "audit chain OK: " << verifier.verified() << " events verified\n";
    return 0;
}

// Injects a chat message through the inbox, exactly as a WeCom callback would arrive, handles it
// with the same worker, and prints the bot's reply.
int cmd_say(App& app, const std::string& userid, const std::string& text) {
    sync_directory_file(app);
    workflow::InboxEntry entry;
    entry.channel = "console";
    entry.dedup_key = fmt::format("console:{}:{}", workflow::to_unix(app.clock.now()),
                                  adapters::hex_lower(adapters::random_bytes(8)));
    entry.payload = inbox::encode(inbox::ChatText{.from = userid, .content = text});
    entry.received_at = app.clock.now();
    std::int64_t id = 0;
    app.store->transact([&](workflow::StoreTx& tx) {
        tx.inbox().insert(entry);
        id = tx.inbox().by_key(entry.channel, entry.dedup_key)->id;
    });
    ChatServices chat(app);
    InboxWorker worker(*app.store, app.clock, chat.executor);
    worker.handle(id);
    std::string reply;
    app.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& m : tx.outbox().of(0))
            if (m.dedup_key == fmt::format("reply:{}", id)) reply = m.payload;
    });
    std::cout << reply << "\n";
    return 0;
}

int cmd_outbox_dead(App& app) {
    std::vector<workflow::OutboxMessage> dead;
    app.store->transact([&](workflow::StoreTx& tx) { dead = tx.outbox().dead_letters(200); });
    if (dead.empty()) {
        std::cout << "no dead letters\n";
        return 0;
    }
    // The message text is left out: it may quote a citizen.
    for (const auto& m : dead)
        std::cout << fmt::format("{}\t{}\t{}\tticket {}\t{} attempts\t{}\n", m.id, m.channel, m.recipient, m.ticket_id,
                                 m.attempts, m.last_error);
    std::cout << dead.size() << " dead letter(s); after fixing the cause: hotline-bot outbox requeue ID...\n";
    return 0;
}

int cmd_outbox_requeue(App& app, const std::vector<std::int64_t>& ids) {
    std::vector<bool> requeued;
    app.store->transact([&](workflow::StoreTx& tx) {
        requeued.assign(ids.size(), false);
        for (std::size_t i = 0; i < ids.size(); ++i) requeued[i] = tx.outbox().requeue_dead_letter(ids[i], app.clock.now());
    });
    // Printed after the commit: what is said happened.
    bool failed = false;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (requeued[i]) std::cout << "requeued " << ids[i] << "\n";
        else std::cout << ids[i] << ": not a dead letter\n";
        failed = failed || !requeued[i];
    }
    return failed ? 1 : 0;
}

int cmd_import(App& app, const std::string& source, const std::string& file, bool dry_run) {
    if (!app.cipher) {
        std::cerr << "import: citizens' phone numbers are stored encrypted: set HOTLINE_PRIVACY_KEY or privacy.key_file\n";
        return 2;
    }
    sync_directory_file(app);
    intake::ImportOptions options;
    options.source = source;
    options.dry_run = dry_run;
    if (isatty(STDERR_FILENO))
        options.progress = [](std::uint64_t done, std::uint64_t total) {
            const int width = 30;
            const auto filled = static_cast<std::size_t>(total ? width * done / total : width);
            std::cerr << fmt::format("\rimporting {:>6.1f}/{:.1f} MB [{}{}] {:3}%", static_cast<double>(done) / 1e6,
                                     static_cast<double>(total) / 1e6, std::string(filled, '#'),
                                     std::string(width - filled, '.'), total ? 100 * done / total : 100)
                      << std::flush;
            if (done == total) std::cerr << "\n";
        };
    intake::ImportSummary s;
    try {
        s = intake::import_file(file, options, *app.cipher, *app.store, *app.engine, app.config.intake.policy);
    } catch (const std::exception& e) {
        std::cerr << "import: " << e.what() << "\n";
        return 2;
    }
    for (const auto& [where, why] : s.rejected) std::cout << file << ":" << where << ": rejected: " << why << "\n";
    std::cout << fmt::format("{}{} rows ({}): {} created, {} merged with the other line, {} already known, "
                             "{} flagged for staff, {} rejected\n",
                             dry_run ? "dry run, nothing stored: " : "", s.rows, s.encoding, s.created, s.merged, s.known,
                             s.flagged, s.rejected.size());
    return s.rejected.empty() ? 0 : 1;
}

// The period a report is about, or nothing (and the reason on stderr).
std::optional<workflow::Period> parse_report_period(const std::string& text, workflow::Instant now) {
    auto period = workflow::parse_period(text, now);
    if (!period)
        std::cerr << "report: period \"" << text
                  << "\" not understood: use 本周, 上周, 本月, 上月, YYYY-MM, YYYY-Www or YYYY-MM-DD..YYYY-MM-DD\n";
    return period;
}

// report --kind supervision: the 督办通报 of a period as PDF or xlsx. The leaders' instructions are
// confidential (seed 三(二)): left out unless asked for.
int cmd_supervision_report(App& app, const std::string& period_text, const std::string& format,
                           const std::string& out, bool with_instructions) {
    if (format != "pdf" && format != "xlsx") {
        std::cerr << "report --kind supervision: --format must be pdf or xlsx\n";
        return 2;
    }
    sync_directory_file(app);
    const auto now = app.clock.now();
    const auto period = parse_report_period(period_text, now);
    if (!period) return 2;
    const ChatServices services(app);
    workflow::SupervisionNotice notice;
    app.store->transact([&](workflow::StoreTx& tx) { notice = services.supervision.compute(tx, *period, now); });
    if (!with_instructions) notice = workflow::without_instructions(std::move(notice));
    try {
        if (format == "pdf") {
            const auto pdf = documents::render_supervision_pdf(notice, app.config.supervision.issuer);
            std::ofstream f(out, std::ios::binary);
            f << pdf;
            if (!f) throw std::runtime_error(out + ": cannot be written");
        } else {
            reports::write_supervision_xlsx(notice, out);
        }
    } catch (const std::exception& e) {
        std::cerr << "report: " << e.what() << "\n";
        return 1;
    }
    std::cout << fmt::format("wrote {} ({}: {} case(s){})\n", out, period->label, notice.cases.size(),
                             with_instructions ? ", with the leaders' instructions" : "");
    return 0;
}

int cmd_report(App& app, const std::string& period_text, const std::string& format, const std::string& out) {
    sync_directory_file(app);
    const auto now = app.clock.now();
    const auto period = parse_report_period(period_text, now);
    if (!period) return 2;
    workflow::StatsReport report;
    std::vector<workflow::StatsReport> trend;
    app.store->transact([&](workflow::StoreTx& tx) {
        report = workflow::compute_stats(tx, *period, app.config.statistics, now);
        trend = reports::weekly_trend(tx, period->to, app.config.statistics, now);
    });
    // The chart goes next to the report: 2026-10.xlsx -> 2026-10.png.
    const auto chart = std::filesystem::path(out).replace_extension(".png");
    try {
        reports::write_report(report, format, out);
        std::ofstream(chart, std::ios::binary) << reports::render_chart_png(report, trend);
    } catch (const std::exception& e) {
        std::cerr << "report: " << e.what() << "\n";
        return 1;
    }
    std::cout << fmt::format("wrote {} and {} ({}: {} units, {} assessed tickets)\n", out, chart.string(), period->label,
                             report.units.size(), report.tickets.size());
    return 0;
}

int cmd_archive_export(App& app, const std::vector<std::int64_t>& tickets, const std::string& period_text,
                       const std::string& out, bool unmasked, const std::string& as) {
    sync_directory_file(app);
    std::vector<std::int64_t> ids = tickets;
    if (!period_text.empty()) {
        const auto period = workflow::parse_period(period_text, app.clock.now());
        if (!period) {
            std::cerr << "archive export: period \"" << period_text << "\" not understood (e.g. 上月, 2026-10)\n";
            return 2;
        }
        std::vector<std::int64_t> found;
        app.store->transact(
            [&](workflow::StoreTx& tx) { found = tx.tickets().ids_received_between(period->from, period->to); });
        ids.insert(ids.end(), found.begin(), found.end());
    }
    if (ids.empty()) {
        std::cerr << "archive export: no tickets (give --ticket N or --period P)\n";
        return 2;
    }
    if (unmasked) {
        // Citizens' numbers in clear are for administrators only, and the export says who asked.
        std::optional<workflow::Person> who;
        app.store->transact([&](workflow::StoreTx& tx) { who = tx.directory().person(as); });
        if (as.empty() || !who || !who->active || !who->has_role(workflow::Role::admin)) {
            std::cerr << "archive export: --unmasked needs --as USERID of an active administrator (admin role)\n";
            return 2;
        }
        spdlog::warn("archive export: citizens' numbers unmasked at the request of {}", as);
    }
    const ChatServices services(app);
    archive::ExportOptions options;
    options.unmasked = unmasked;
    options.cipher = app.cipher ? &*app.cipher : nullptr;
    options.files = &services.attachments;
    try {
        const auto s = archive::export_tickets(*app.store, ids, out, options);
        std::cout << fmt::format("exported {} ticket(s) to {}; audit chain {} ({} events)\n", s.tickets, out,
                                 s.chain_break ? "BROKEN: " + *s.chain_break : std::string("verified"), s.chain_events);
        for (const auto& p : s.evidence_problems) std::cout << "evidence: " << p << "\n";
        if (s.evidence_problems.empty()) std::cout << "evidence files: verified\n";
        return s.ok() ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "archive export: " << e.what() << "\n";
        return 1;
    }
}

int cmd_backup(const Config& config, const std::string& to) {
    try {
        const auto r = backup::take_backup(config, to);
        std::cout << fmt::format("backup {}: {} pages, audit chain verified ({} events)\n", r.store_copy.string(), r.pages,
                                 r.audit_events)
                  << fmt::format("attachments {}: {} file(s), {} bytes\n", r.attachments_tar.string(),
                                 r.attachment_files, r.attachment_bytes);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "backup: " << e.what() << "\n";
        return 1;
    }
}

int cmd_restore(const Config& config, const std::string& from, bool replace) {
    try {
        const auto r = backup::restore_backup(config, from, {.replace = replace});
        std::cout << fmt::format("restored {} from {}: audit chain verified ({} events); {} evidence file(s) unpacked "
                                 "into {}\n",
                                 r.store_copy.string(), from, r.audit_events, r.attachment_files,
                                 config.attachments.dir.string());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "restore: " << e.what() << "; nothing was changed\n";
        return 1;
    }
}

// `store copy --from sqlite:PATH --to postgresql:URL`. An empty URL is taken from
// HOTLINE_STORE_URL, so a password need not be on the command line (or use PGPASSWORD).
int cmd_store_copy(const std::string& from, const std::string& to) {
    constexpr std::string_view kSqlite = "sqlite:", kPostgres = "postgresql:";
    if (!from.starts_with(kSqlite) || !to.starts_with(kPostgres)) {
        std::cerr << "store copy: --from sqlite:PATH --to postgresql:URL (this version copies SQLite into PostgreSQL)\n";
        return 2;
    }
    const std::filesystem::path path = from.substr(kSqlite.size());
    std::string url = to.substr(kPostgres.size());
    if (url.empty()) url = process_env("HOTLINE_STORE_URL").value_or("");
    if (url.empty()) {
        std::cerr << "store copy: no connection string after postgresql: and HOTLINE_STORE_URL is not set\n";
        return 2;
    }
    if (!std::filesystem::is_regular_file(path)) {
        std::cerr << "store copy: " << path.string() << ": no SQLite store there\n";
        return 1;
    }
    // The service must be stopped: what it wrote during the copy would be left behind.
    const auto lock = service::InstanceLock::try_acquire(path);
    if (!lock) {
        std::cerr << "store copy: hotline-bot is serving " << path.string() << "; stop it first (systemctl stop hotline-bot)\n";
        return 1;
    }
    try {
        const auto copy = workflow::copy_sqlite_to_postgresql(path.string(), url);
        std::int64_t rows = 0;
        for (const auto& [table, n] : copy.tables) {
            std::cout << fmt::format("  {:<18} {:>10}\n", table, n);
            rows += n;
        }
        std::cout << fmt::format("copied {} rows of {} into {}; audit chain verified on both sides ({} events)\n", rows,
                                 path.string(), workflow::pg::describe_conninfo(url), copy.audit_events)
                  << "next: set [store] backend = \"postgresql\" and url, and attachments.dir to a folder every "
                     "instance shares (copy "
                  << (path.parent_path() / "attachments").string() << " there)\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "store copy: " << e.what() << "; the PostgreSQL database was left as it was\n";
        return 1;
    }
}

int cmd_ticket_add(App& app, const workflow::NewTicket& t) {
    sync_directory_file(app);
    const auto ticket = app.engine->receive(t);
    std::cout << "created ticket #" << ticket.id << " (" << t.source << " " << t.source_id << ")\n";
    return 0;
}

// What the chosen subcommand does: most act on the App built from the loaded configuration (the
// one composition root); `version` and `check-config` act before it is loaded (check-config
// reports its problems itself).
using Run = std::function<int(App&)>;
using RunWithoutConfig = std::function<int(const std::string& config_path)>;
// backup and restore act on the store's files, so they must not open it as the App does.
using RunOnFiles = std::function<int(const Config&)>;

// The command line as it is declared: every acting subcommand takes --config, and the one chosen
// leaves its run here. Each subcommand keeps its option values in storage its run captures.
struct CommandLine {
    CLI::App app{"hotline-bot: 人民网网民留言办理 webhook bot (WeCom, SMS survey, workflow store)"};
    std::string config_path = kDefaultConfig;
    Run run;
    RunWithoutConfig run_without_config;
    RunOnFiles run_on_files;

    CLI::App* group(CLI::App& parent, const char* name, const char* what) {
        auto* sub = parent.add_subcommand(name, what);
        sub->require_subcommand(1);
        return sub;
    }
    // A subcommand with --config whose run, once chosen, lands in `slot`.
    template <typename R>
    CLI::App* declare(CLI::App& parent, const char* name, const char* what, const std::function<R(CLI::App&)>& make,
                      R& slot) {
        auto* sub = parent.add_subcommand(name, what);
        sub->add_option("--config,-c", config_path, "configuration file")->capture_default_str();
        auto chosen = std::make_shared<R>(make(*sub));
        sub->callback([&slot, chosen] { slot = *chosen; });
        return sub;
    }
    CLI::App* command(CLI::App& parent, const char* name, const char* what,
                      const std::function<Run(CLI::App&)>& make) {
        return declare<Run>(parent, name, what, make, run);
    }
    CLI::App* command(CLI::App& parent, const char* name, const char* what, Run r) {
        return command(parent, name, what, [r = std::move(r)](CLI::App&) { return r; });
    }
    CLI::App* file_command(CLI::App& parent, const char* name, const char* what,
                           const std::function<RunOnFiles(CLI::App&)>& make) {
        return declare<RunOnFiles>(parent, name, what, make, run_on_files);
    }
};

void add_service_commands(CommandLine& cl) {
    cl.command(cl.app, "serve", "run the bot: HTTP server, workers, scheduler", [](App& app) { return serve(app); });
    cl.command(cl.app, "migrate", "create or upgrade the store's schema, then exit", cmd_migrate);
    auto* check = cl.app.add_subcommand("check-config", "validate the configuration and print every problem");
    check->add_option("--config,-c", cl.config_path, "configuration file")->capture_default_str();
    check->callback([&cl] { cl.run_without_config = cmd_check_config; });
    auto* doctor = cl.app.add_subcommand(
        "doctor", "check configuration, secrets, store, disk, holiday data, WeCom, SMS, clock and the public URL");
    doctor->add_option("--config,-c", cl.config_path, "configuration file")->capture_default_str();
    doctor->callback([&cl] {
        cl.run_without_config = [](const std::string& path) {
            const auto http = adapters::make_beast_http_client();
            const workflow::SystemClock clock;
            return doctor::run_doctor(path, *http, clock, std::cout);
        };
    });
    auto* sandbox = cl.app.add_subcommand(
        "sandbox", "training sandbox: a throw-away store with demo tickets, no WeCom or SMS, and the trainer's page /sandbox");
    {
        auto options = std::make_shared<sandbox::SandboxOptions>();
        sandbox->add_option("--config,-c", cl.config_path, "configuration file (WeCom and SMS must be off)")
            ->capture_default_str();
        sandbox->add_option("--port", options->port, "the port on 127.0.0.1")->capture_default_str();
        sandbox->add_option("--keep", options->keep, "keep the store in this folder (default: a temporary one, removed at exit)");
        sandbox
            ->add_option("--start", options->start,
                         "the sandbox clock's time at start, China time, e.g. \"2026-12-08 08:50\" (default: now); "
                         "a script of a training session can rely on it")
            ->check(CLI::Validator(
                [](const std::string& s) {
                    return workflow::parse_china_time(s) ? std::string{} : "expected \"YYYY-MM-DD HH:MM\" in China time";
                },
                "\"YYYY-MM-DD HH:MM\""));
        sandbox->callback([&cl, options] {
            cl.run_without_config = [options](const std::string& path) {
                options->config_path = path;
                return sandbox::run_sandbox(*options);
            };
        });
    }
    cl.app.add_subcommand("version", "print the version")->callback([&cl] {
        cl.run_without_config = [](const std::string&) {
            std::cout << "hotline-bot " << HOTLINE_VERSION << "\n";
            return 0;
        };
    });
    cl.file_command(cl.app, "backup", "copy the store while it serves, with the attachments beside it, and verify the copy",
                    [](CLI::App& sub) -> RunOnFiles {
                        auto to = std::make_shared<std::string>();
                        sub.add_option("--to", *to, "the copy to write (FILE; the attachments go to FILE.attachments.tar)")
                            ->required();
                        return [to](const Config& c) { return cmd_backup(c, *to); };
                    });
    cl.file_command(cl.app, "restore", "put a backup in place of the store (the service stopped)",
                    [](CLI::App& sub) -> RunOnFiles {
                        auto from = std::make_shared<std::string>();
                        auto replace = std::make_shared<bool>(false);
                        sub.add_option("--from", *from, "a copy written by `hotline-bot backup`")->required();
                        sub.add_flag("--replace", *replace, "overwrite the existing store");
                        return [from, replace](const Config& c) { return cmd_restore(c, *from, *replace); };
                    });
    auto* copy = cl.group(cl.app, "store", "the store itself")
                     ->add_subcommand("copy", "copy a SQLite store into a new PostgreSQL database, the chain verified");
    {
        auto from = std::make_shared<std::string>(), to = std::make_shared<std::string>();
        copy->add_option("--from", *from, "sqlite:PATH (the service stopped)")->required();
        copy->add_option("--to", *to, "postgresql:URL (empty URL: HOTLINE_STORE_URL); the database must be empty")
            ->required();
        copy->callback([&cl, from, to] {
            cl.run_without_config = [from, to](const std::string&) { return cmd_store_copy(*from, *to); };
        });
    }
    cl.command(*cl.group(cl.app, "directory", "units and people"), "import",
               "sync the store's directory with a directory file", [](CLI::App& sub) -> Run {
                   auto file = std::make_shared<std::string>();
                   sub.add_option("FILE", *file, "directory file (TOML)")->required();
                   return [file](App& app) { return cmd_directory_import(app, *file); };
               });
    cl.command(*cl.group(cl.app, "audit", "the audit trail"), "verify",
               "walk the hash chain and report the first broken link", cmd_audit_verify);
    auto& outbox = *cl.group(cl.app, "outbox", "messages waiting to be sent, and those given up on");
    cl.command(outbox, "dead", "list dead letters with the reason they were given up", cmd_outbox_dead);
    cl.command(outbox, "requeue", "send dead letters again (after fixing the cause)", [](CLI::App& sub) -> Run {
        auto ids = std::make_shared<std::vector<std::int64_t>>();
        sub.add_option("ID", *ids, "dead letter ids, from `outbox dead`")->required();
        return [ids](App& app) { return cmd_outbox_requeue(app, *ids); };
    });
}

void add_ticket_commands(CommandLine& cl) {
    cl.command(cl.app, "say", "send a chat message as a person, through the same path as WeCom", [](CLI::App& sub) -> Run {
        auto as = std::make_shared<std::string>(), text = std::make_shared<std::string>();
        sub.add_option("--as", *as, "the sender's userid (from the directory)")->required();
        sub.add_option("TEXT", *text, "the message, e.g. \"帮助\"")->required();
        return [as, text](App& app) { return cmd_say(app, *as, *text); };
    });
    cl.command(*cl.group(cl.app, "ticket", "tickets"), "add", "add a ticket by hand (as if an intake line sent it)",
               [](CLI::App& sub) -> Run {
                   auto t = std::make_shared<workflow::NewTicket>();
                   auto category = std::make_shared<std::string>("unknown");
                   sub.add_option("--source", t->source, "renmin | hotline12345")
                       ->check(CLI::IsMember({"renmin", "hotline12345"}))
                       ->default_val("renmin");
                   sub.add_option("--source-id", t->source_id, "the line's own id")->required();
                   sub.add_option("--title", t->title, "title")->required();
                   sub.add_option("--content", t->content, "the citizen's message")->required();
                   sub.add_option("--category", *category, "consult | complaint | complex")
                       ->check(CLI::IsMember({"unknown", "consult", "complaint", "complex"}));
                   return [t, category](App& app) {
                       t->category = *workflow::parse_category(*category);
                       t->received_at = app.clock.now();
                       return cmd_ticket_add(app, *t);
                   };
               });
    cl.command(cl.app, "import", "import a platform export (CSV or JSON, UTF-8 or GB18030)", [](CLI::App& sub) -> Run {
        struct Options {
            std::string source, path;
            bool dry_run = false;
        };
        auto o = std::make_shared<Options>();
        sub.add_option("--source", o->source, "renmin | hotline12345")
            ->required()
            ->check(CLI::IsMember({"renmin", "hotline12345"}));
        sub.add_option("FILE", o->path, "FILE.csv or FILE.json")->required();
        sub.add_flag("--dry-run", o->dry_run, "check and count, store nothing");
        return [o](App& app) { return cmd_import(app, o->source, o->path, o->dry_run); };
    });
}

void add_document_commands(CommandLine& cl) {
    cl.command(cl.app, "report", "three-rate statistics and ranking of a period, written to a file", [](CLI::App& sub) -> Run {
        struct Options {
            std::string period = "上周", format = "md", out, kind = "stats";
            bool instructions = false;
        };
        auto o = std::make_shared<Options>();
        auto* period = sub.add_option("--period", o->period,
                                      "本周 | 上周 | 本月 | 上月 | YYYY-MM | YYYY-Www | YYYY-MM-DD..YYYY-MM-DD (supervision: 上月)")
                           ->capture_default_str();
        sub.add_option("--kind", o->kind, "stats (the three rates) | supervision (督办通报)")
            ->check(CLI::IsMember({"stats", "supervision"}))
            ->capture_default_str();
        sub.add_option("--format", o->format, "md | csv | xlsx for stats; pdf | xlsx for supervision")
            ->check(CLI::IsMember({"md", "csv", "xlsx", "pdf"}))
            ->capture_default_str();
        sub.add_option("--out", o->out, "the file to write")->required();
        sub.add_flag("--with-instructions", o->instructions,
                     "supervision: include the leaders' instructions (confidential; off by default)");
        return [o, period](App& app) {
            if (o->kind == "supervision")  // a notice is monthly: 上月 unless told
                return cmd_supervision_report(app, period->count() ? o->period : "上月", o->format, o->out, o->instructions);
            if (o->format == "pdf") {
                std::cerr << "report: --format pdf is for --kind supervision; the three rates are md, csv or xlsx\n";
                return 2;
            }
            return cmd_report(app, o->period, o->format, o->out);
        };
    });
    cl.command(*cl.group(cl.app, "archive", "the case files (立卷存档)"), "export",
               "write each ticket's full record (JSON and a readable document) with the audit chain verified",
               [](CLI::App& sub) -> Run {
                   struct Options {
                       std::vector<std::int64_t> tickets;
                       std::string period, out, as;
                       bool unmasked = false;
                   };
                   auto o = std::make_shared<Options>();
                   sub.add_option("--ticket", o->tickets, "ticket number(s)");
                   sub.add_option("--period", o->period, "the tickets received in: 上月, 2026-10, 2026-10-01..2026-10-15");
                   sub.add_option("--out", o->out, "the folder to write (one sub-folder per ticket)")->required();
                   sub.add_flag("--unmasked", o->unmasked, "citizens' numbers in clear (administrators only, with --as)");
                   sub.add_option("--as", o->as, "your userid, for --unmasked (must hold the admin role)");
                   return [o](App& app) {
                       return cmd_archive_export(app, o->tickets, o->period, o->out, o->unmasked, o->as);
                   };
               });
}

}  // namespace

int run_cli(int argc, char** argv) {
    CommandLine cl;
    cl.app.require_subcommand(1);
    cl.app.set_version_flag("--version", std::string(HOTLINE_VERSION));
    add_service_commands(cl);
    add_ticket_commands(cl);
    add_document_commands(cl);
    CLI11_PARSE(cl.app, argc, argv);
    if (cl.run_without_config) return cl.run_without_config(cl.config_path);

    auto config = load_or_report(cl.config_path);
    if (!config) return 2;
    setup_logging(config->log_level);
    try {
        if (cl.run_on_files) return cl.run_on_files(*config);
        if (!cl.run) return 0;
        const auto app = open_app(*config);
        return cl.run(*app);
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        return 1;
    }
}

}  // namespace hotline::bot
