#pragma once
// How the outbox is drained: [outbox] in the configuration, these defaults where it is silent.
#include <chrono>

namespace hotline::bot {

struct NotifierOptions {
    int concurrency = 4;
    int batch = 64;
    int max_attempts = 12;
    std::chrono::seconds first_backoff{5};
    std::chrono::seconds max_backoff{std::chrono::minutes(30)};
    std::chrono::seconds config_error_pause{std::chrono::minutes(15)};
    int answer_reserve = 5;  // of a paced channel's per-person cap, kept for answers
};

}  // namespace hotline::bot
