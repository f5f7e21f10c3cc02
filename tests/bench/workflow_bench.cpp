// Actions applied per second with synchronous=FULL: one action per transaction (each waits for
// its own fsync), concurrent callers sharing group commits, and an explicit batch.
// Run: cmake --build build --target bench   (or: taskset -c 0 build/tests/hotline_bench)
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <vector>

#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"

using namespace hotline::workflow;
using namespace hotline::testing;

namespace {

std::unique_ptr<WorkflowEnv> g_env;
std::vector<std::int64_t> g_tickets;
std::atomic<std::size_t> g_next{0};
std::mutex g_setup;

// Tickets in state received, created in big transactions outside the timed region.
void prepare(std::size_t n) {
    g_env = std::make_unique<WorkflowEnv>();
    g_tickets.clear();
    g_next = 0;
    std::size_t made = 0;
    while (made < n) {
        g_env->store->transact([&](StoreTx& tx) {
            for (int i = 0; i < 1000 && made < n; ++i, ++made) {
                NewTicket t;
                t.source = "renmin";
                t.source_id = "bench-" + std::to_string(made);
                t.title = "供暖";
                t.content = "供暖不热";
                t.category = Category::complaint;
                t.received_at = g_env->clock.now();
                g_tickets.push_back(tx.tickets().insert(t));
            }
        });
    }
}

// Group commit is the SQLite backend's: these benchmarks measure it on SQLite.
std::uint64_t sqlite_commits() { return dynamic_cast<SqliteStore&>(*g_env->store).commits(); }

ActionRequest claim(std::int64_t id) {
    ActionRequest r;
    r.action = Action::claim;
    r.ticket_id = id;
    r.actor = kStaff;
    return r;
}

// Reports how many actions shared one commit (one fsync) on average.
void count_commits(benchmark::State& state, std::uint64_t commits_before, std::int64_t actions) {
    const auto commits = sqlite_commits() - commits_before;
    state.counters["actions_per_commit"] = commits ? static_cast<double>(actions) / static_cast<double>(commits) : 0;
}

void BM_ApplyOnePerTransaction(benchmark::State& state) {
    static std::uint64_t commits_before = 0;
    if (state.thread_index() == 0) {
        prepare(200000);
        commits_before = sqlite_commits();
    }
    for (auto _ : state) {
        const auto r = g_env->engine.apply(claim(g_tickets[g_next++]));
        if (!r.ok()) state.SkipWithError(r.refusal->message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
    if (state.thread_index() == 0) count_commits(state, commits_before, state.iterations() * state.threads());
}
BENCHMARK(BM_ApplyOnePerTransaction)->Threads(1)->Threads(8)->Threads(32)->UseRealTime()->MinTime(2.0);

void BM_ApplyExplicitBatch(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    prepare(400000);
    const auto commits_before = sqlite_commits();
    for (auto _ : state) {
        g_env->store->transact([&](StoreTx& tx) {
            for (std::size_t i = 0; i < batch; ++i) g_env->engine.apply_in(tx, claim(g_tickets[g_next++]));
        });
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
    count_commits(state, commits_before, static_cast<std::int64_t>(state.iterations() * batch));
}
BENCHMARK(BM_ApplyExplicitBatch)->Arg(10)->Arg(100)->UseRealTime()->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
