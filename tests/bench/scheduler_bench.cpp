// The reminder scheduler on a large store: 1,000,000 tickets, 100,000 of them open with their six
// deadline timers each. A pass with nothing due must cost almost nothing, and a pass's cost must
// follow the number of timers due, not the store's size. Also: chat commands handled end to end
// (inbox entry stored, parsed, executed, reply enqueued; synchronous=FULL).
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bot/commands/executor.h"
#include "bot/inbox_worker.h"
#include "tests/support/test_env.h"
#include "workflow/notify/reminders.h"

using namespace hotline;
using namespace hotline::workflow;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kTickets = 1'000'000;
constexpr int kOpen = 100'000;

struct BigStore {
    BigStore() {
        // Built in large transactions outside the timed region.
        const Instant t0 = env.clock.now();
        for (int made = 0; made < kTickets;) {
            env.store->transact([&](StoreTx& tx) {
                for (int i = 0; i < 20000 && made < kTickets; ++i, ++made) {
                    NewTicket t;
                    t.source = "renmin";
                    t.source_id = "big-" + std::to_string(made);
                    t.title = "标题";
                    t.content = "内容";
                    t.category = Category::complaint;
                    t.received_at = t0;
                    const auto id = tx.tickets().insert(t);
                    if (made >= kOpen) continue;  // closed history
                    Ticket ticket = *tx.tickets().find(id);
                    ticket.state = State::handling;
                    ticket.unit_code = "zjj";
                    ticket.dispatched_at = t0;
                    ticket.feedback_deadline = t0 + 24h * 5;
                    ticket.report_deadline = t0 + 24h * 3;
                    ticket.deadline_version = 1;
                    tx.tickets().update(ticket);
                    for (const auto& k : timer_kinds()) {
                        if (k.anchor != Anchor::report && k.anchor != Anchor::feedback) continue;
                        const Instant base = k.anchor == Anchor::report ? *ticket.report_deadline : *ticket.feedback_deadline;
                        tx.timers().schedule(Timer{.ticket_id = id, .kind = k.kind, .due_at = base + k.offset, .deadline_version = 1});
                    }
                }
            });
        }
    }
    WorkflowEnv env;
};

BigStore& big() {
    static BigStore store;
    return store;
}

ReminderPolicy no_quiet() {
    ReminderPolicy p;
    p.unit_people.enabled = false;
    p.hotline_people.enabled = false;
    p.morning_digest = false;
    return p;
}

void BM_ReminderPassNothingDue(benchmark::State& state) {
    auto& b = big();
    ReminderScheduler scheduler(*b.env.store, b.env.clock, no_quiet());
    for (auto _ : state) {
        const auto pass = scheduler.run_once();
        if (pass.fired) state.SkipWithError("something was due");
    }
    state.counters["tickets"] = kTickets;
    state.counters["open"] = kOpen;
}
BENCHMARK(BM_ReminderPassNothingDue)->Unit(benchmark::kMillisecond);

// N timers due: moved to "now" before each pass (untimed), then the pass fires them.
// A kind the ticket has not had yet (a timer is unique per ticket, kind and version, and the
// report and feedback kinds are armed at setup): the n-th round over the open tickets uses the
// n-th redo kind, which leaves room for 500,000 timers.
TimerKind fresh_kind(std::int64_t serial) {
    static const auto kinds = [] {
        std::vector<TimerKind> out;
        for (const auto& k : timer_kinds())
            if (k.anchor == Anchor::redo) out.push_back(k.kind);
        return out;
    }();
    return kinds.at(static_cast<std::size_t>((serial - 1) / kOpen) % kinds.size());
}

void BM_ReminderPassWithDue(benchmark::State& state) {
    auto& b = big();
    const auto n = static_cast<int>(state.range(0));
    ReminderScheduler scheduler(*b.env.store, b.env.clock, no_quiet());
    static std::int64_t next_ticket = 1;
    for (auto _ : state) {
        state.PauseTiming();
        b.env.store->transact([&](StoreTx& tx) {
            for (int i = 0; i < n; ++i, ++next_ticket)
                tx.timers().schedule(Timer{.ticket_id = (next_ticket - 1) % kOpen + 1,
                                        .kind = fresh_kind(next_ticket),
                                        .due_at = b.env.clock.now(),
                                        .deadline_version = 1});
        });
        state.ResumeTiming();
        const auto pass = scheduler.run_once(n + 10);
        if (pass.fired != n) state.SkipWithError("not all fired");
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_ReminderPassWithDue)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_ChatCommandEndToEnd(benchmark::State& state) {
    WorkflowEnv env;
    bot::commands::Executor executor(env.engine);
    bot::InboxWorker worker(*env.store, env.clock, executor);
    const auto id = env.ticket_in(State::handling);
    std::int64_t n = 0;
    const bool act = state.range(0) == 1;
    for (auto _ : state) {
        const std::string text = act ? "延期 " + std::to_string(id) + " 1 理由" : "查询 " + std::to_string(id);
        InboxEntry e{0, "console", "bench-" + std::to_string(++n),
                     nlohmann::json{{"kind", "text"}, {"from", act ? kHandler : kStaff}, {"content", text}}.dump(),
                     env.clock.now(), "new"};
        std::int64_t inbox_id = 0;
        env.store->transact([&](StoreTx& tx) {
            tx.inbox().insert(e);
            inbox_id = tx.inbox().by_key("console", e.dedup_key)->id;
        });
        worker.handle(inbox_id);
        if (act) {
            state.PauseTiming();  // withdraw the request so the next one is allowed
            env.act(Action::reject_extension, id, kCenter, "基准测试");
            state.ResumeTiming();
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChatCommandEndToEnd)->Arg(0)->Arg(1)->ArgName("action");

}  // namespace
