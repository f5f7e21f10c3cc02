#include "bot/sandbox/sandbox.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/app.h"
#include "bot/chat_services.h"
#include "bot/config/config.h"
#include "bot/sandbox/demo_tickets.h"
#include "bot/sandbox/sandbox_inbox.h"
#include "bot/sandbox/sandbox_page.h"
#include "bot/sandbox/sandbox_sms.h"
#include "bot/web/web_context.h"
#include "bot/web/web_session.h"

namespace hotline::bot::sandbox {

namespace {

// Removes the temporary folder however the sandbox ends (a refusal, an exception, Ctrl-C).
struct TempFolder {
    std::filesystem::path path;
    bool remove = true;
    ~TempFolder() {
        std::error_code ec;
        if (remove && !path.empty()) std::filesystem::remove_all(path, ec);
    }
};

// The citizens' data key of the sandbox's store: kept beside it, so a store kept with --keep still
// opens its demo citizen's number next time.
std::string sandbox_key(const std::filesystem::path& folder) {
    const auto file = folder / "privacy.key";
    if (std::ifstream in(file); in) {
        std::string key;
        std::getline(in, key);
        if (!key.empty()) return key;
    }
    const auto key = adapters::base64_encode(adapters::random_bytes(32));
    std::ofstream(file) << key << "\n";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return key;
}

}  // namespace

int run_sandbox(const SandboxOptions& options) {
    auto load = load_config(options.config_path);
    if (!load.problems.empty()) {
        for (const auto& p : load.problems) std::cerr << format_problem(options.config_path, p) << "\n";
        return 2;
    }
    Config config = *load.config;
    if (config.wecom.enabled || config.sms.enabled) {
        std::cerr << "sandbox: refused: " << options.config_path << " enables "
                  << (config.wecom.enabled ? "[wecom]" : "[sms]")
                  << "; the training sandbox never reaches real people. Use the example configuration "
                     "(config/hotline.example.toml) or turn them off.\n";
        return 2;
    }
    TempFolder folder;
    if (options.keep.empty()) {
        std::string pattern = (std::filesystem::temp_directory_path() / "hotline-sandbox-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("sandbox: cannot make a temporary folder");
        folder.path = pattern;
    } else {
        folder.path = options.keep;
        folder.remove = false;
        std::filesystem::create_directories(folder.path);
    }
    config.store.backend = "sqlite";
    config.store.path = folder.path / "sandbox.db";
    config.attachments.dir = folder.path / "attachments";
    config.server.host = "127.0.0.1";
    config.server.port = options.port;
    config.server.instance_id = kSandboxInstance;
    config.intake.enabled = false;
    config.web.enabled = true;
    config.web.public_url = fmt::format("http://127.0.0.1:{}", options.port);
    // The survey runs against the sandbox's own provider (nothing is sent), with keys of its own
    // for its throw-away store.
    config.sms.enabled = true;
    config.sms.provider = "console";
    config.privacy_key = sandbox_key(folder.path);
    if (config.sms.callback_secret.empty()) config.sms.callback_secret = web::random_token(16);

    auto app = open_app(config);
    if (const auto start = workflow::parse_china_time(options.start))  // before the demo tickets, which date from it
        app->clock.advance(*start - app->clock.now());
    const auto start_offset = app->clock.offset();
    sync_directory_file(*app);
    const bool fresh = [&] {
        bool none = true;
        app->store->transact([&](workflow::StoreTx& tx) { none = !tx.tickets().find(1); });
        return none;
    }();
    if (fresh) {
        ChatServices chat(*app);
        seed_demo_tickets(*app, chat.executor);
    }
    SandboxInbox inbox(app->clock);
    SandboxSms sms(app->clock, config.sms.survey.signature);
    SandboxContext page{*app->store, app->clock, start_offset, inbox, web::random_token(16), sms, *app->cipher};
    ServiceHooks hooks;
    hooks.person_channel = &inbox;
    hooks.sms_provider = &sms;
    hooks.workbench_without_wecom = true;
    hooks.add_routes = [&page](RunningParts& parts) {
        if (parts.workbench) parts.workbench->local_sign_in = "/sandbox";
        add_sandbox_routes(parts, page);
    };
    std::cout << fmt::format("培训沙盘：在浏览器打开 http://127.0.0.1:{}/sandbox （数据在 {}，{}）\n", options.port,
                             folder.path.string(), folder.remove ? "退出时删除" : "退出后保留")
              << std::flush;
    return serve(*app, hooks);
}

}  // namespace hotline::bot::sandbox
