#pragma once
// How the outbox is drained: [outbox] in the configuration, these defaults where it is silent.
#include <chrono>
#include <string>

namespace hotline::bot {

struct NotifierOptions {
    int concurrency = 4;
    int batch = 64;
    int max_attempts = 12;
    std::chrono::seconds first_backoff{5};
    std::chrono::seconds max_backoff{std::chrono::minutes(30)};
    std::chrono::seconds config_error_pause{std::chrono::minutes(15)};
    int answer_reserve = 5;  // of a paced channel's per-person cap, kept for answers
    // This instance's name on its outbox claims. Instances sharing a store must differ, and one
    // instance keeps its name across restarts, so it knows its own unfinished claims at once
    // (serve: [server] instance_id, or host:port).
    std::string instance = "local";
    // How long a claim keeps other instances off a message: longer than any send takes. After it,
    // a dead instance's messages are taken over and treated as interrupted.
    std::chrono::seconds claim_lease{std::chrono::minutes(10)};
};

}  // namespace hotline::bot
