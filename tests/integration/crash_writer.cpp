// Applies workflow actions from several threads as fast as it can and prints one line per
// acknowledged action: "ack <ticket> <audit_seq> <action>". The durability test kills it with
// SIGKILL mid-burst and checks that every acknowledged action is in the store.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"

using namespace hotline::workflow;
using namespace hotline::testing;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: crash_writer DB\n");
        return 2;
    }
    spdlog::set_level(spdlog::level::warn);  // stdout carries the acks
    SqliteStore store(argv[1]);
    store.transact([](StoreTx& tx) { seed_directory(tx); });
    SystemClock clock;
    const Deadlines deadlines(official_calendar(), DeadlinePolicy{});
    Engine engine(store, clock, deadlines);
    std::mutex out_mutex;
    auto ack = [&](std::int64_t ticket, std::int64_t seq, const char* action) {
        std::lock_guard lock(out_mutex);
        std::printf("ack %lld %lld %s\n", static_cast<long long>(ticket), static_cast<long long>(seq), action);
        std::fflush(stdout);
    };
    std::printf("ready\n");
    std::fflush(stdout);
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w)
        threads.emplace_back([&, w] {
            // Bounded, so a test that forgets to kill it still ends.
            for (int i = 0; i < 5000; ++i) {
                NewTicket nt;
                nt.source = "renmin";
                nt.source_id = "crash-" + std::to_string(w) + "-" + std::to_string(next++);
                nt.title = "测试";
                nt.content = "测试";
                nt.received_at = clock.now();
                const auto t = engine.receive(nt);
                std::int64_t seq = 0;
                store.transact([&](StoreTx& tx) { seq = tx.audit().of(t.id).back().seq; });
                ack(t.id, seq, "receive");
                ActionRequest r;
                r.ticket_id = t.id;
                r.actor = kStaff;
                r.action = Action::claim;
                auto res = engine.apply(r);
                if (res.ok()) ack(t.id, res.audit_seq, "claim");
                r.action = Action::dispatch;
                r.unit_code = "zjj";
                r.category = Category::complaint;
                res = engine.apply(r);
                if (res.ok()) ack(t.id, res.audit_seq, "dispatch");
            }
        });
    for (auto& t : threads) t.join();
    return 0;
}
