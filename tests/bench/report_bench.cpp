// A monthly three-rate report over a store of 1,000,000 tickets spread over two years (about
// 41,700 due per month, 10 units), each with its dispatch and unit approval in the audit trail
// and, for most, a survey: the statistics (counts, rates, ranking, ticket details) and the
// rendering of the chat text and the Markdown report.
//
// With HOTLINE_TEST_STORE=postgresql the store is built in SQLite first and moved with
// `store copy` (one statement per row instead of the contract's ten per ticket), then reported
// on PostgreSQL.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/support/store_backend.h"
#include "tests/support/test_env.h"
#include "workflow/store/copy/sqlite_to_postgresql.h"
#include "workflow/statistics/report_text.h"
#include "workflow/statistics/statistics.h"

using namespace hotline;
using namespace hotline::testing;
using namespace std::chrono_literals;

namespace {

struct ReportStore {
    static constexpr int kTickets = 1'000'000;
    ReportStore() {
        build(*built.store);
        const char* backend = std::getenv("HOTLINE_TEST_STORE");
        if (backend && std::string_view(backend) == PostgresBackend::kName) {
            built.store.reset();
            const auto copied = workflow::copy_sqlite_to_postgresql((built.dir / "hotline.db").string(),
                                                                    PostgresBackend::conninfo(target_dir.path()));
            std::fprintf(stderr, "report store copied to PostgreSQL: %lld audit events verified\n",
                         static_cast<long long>(copied.audit_events));
            store = PostgresBackend::open(target_dir.path());
        } else {
            store = std::move(built.store);
        }
    }

    static void build(workflow::Store& into) {
        into.transact([&](workflow::StoreTx& tx) {
            for (int u = 0; u < 10; ++u)
                tx.directory().upsert_unit(workflow::Unit{"u" + std::to_string(u), "单位" + std::to_string(u), {}});
        });
        const auto start = workflow::from_china_time(2025, 1, 1);
        const auto span = std::chrono::duration_cast<std::chrono::seconds>(workflow::from_china_time(2027, 1, 1) - start);
        for (int made = 0; made < kTickets;) {
            into.transact([&](workflow::StoreTx& tx) {
                for (int i = 0; i < 20000 && made < kTickets; ++i, ++made) {
                    const auto received = start + std::chrono::seconds(span.count() * made / kTickets);
                    workflow::NewTicket nt;
                    nt.source = "renmin";
                    nt.source_id = "R-" + std::to_string(made);
                    nt.title = "留言" + std::to_string(made);
                    nt.content = "内容";
                    nt.received_at = received;
                    auto t = *tx.tickets().find(tx.tickets().insert(nt));
                    t.unit_code = "u" + std::to_string(made % 10);
                    t.state = workflow::State::surveyed;
                    t.dispatched_at = received + 1h;
                    t.feedback_deadline = received + 1h + 24h * 5;
                    tx.tickets().update(t);
                    workflow::AuditEvent e;
                    e.ticket_id = t.id;
                    e.actor = "staff1";
                    e.action = "dispatch";
                    e.at = *t.dispatched_at;
                    e.unit_code = t.unit_code;
                    tx.audit().append(e);
                    e.action = "unit_approve";
                    e.at = *t.feedback_deadline + std::chrono::hours(made % 7 == 0 ? 5 : -20);  // 1 in 7 late
                    tx.audit().append(e);
                    if (made % 5 == 4) continue;  // 1 in 5 not surveyed
                    workflow::Survey s;
                    s.ticket_id = t.id;
                    s.phone_hash = "p" + std::to_string(made);
                    s.created_at = e.at;
                    s.id = tx.surveys().insert(s);
                    s.state = workflow::SurveyState::recorded;
                    s.satisfaction = made % 3 == 0    ? workflow::Satisfaction::basically_satisfied
                                     : made % 11 == 0 ? workflow::Satisfaction::dissatisfied
                                                      : workflow::Satisfaction::satisfied;
                    s.resolution = made % 13 == 0 ? workflow::Resolution::unsolved : workflow::Resolution::solved;
                    tx.surveys().update(s);
                }
            });
        }
    }
    WorkflowEnv built{{}, &SqliteBackend::open};
    TempDir target_dir;
    std::unique_ptr<workflow::Store> store;
};

void BM_MonthlyReportOverAMillionTickets(benchmark::State& state) {
    static ReportStore store;
    const auto now = workflow::from_china_time(2027, 1, 5);
    const auto period = *workflow::parse_period("2026-10", now);
    std::size_t assessed = 0, bytes = 0;
    for (auto _ : state) {
        workflow::StatsReport r;
        store.store->transact([&](workflow::StoreTx& tx) { r = workflow::compute_stats(tx, period, {}, now); });
        bytes = workflow::report_markdown(r).size() + workflow::report_chat(r, "").size();
        assessed = r.tickets.size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["assessed_tickets"] = static_cast<double>(assessed);
}
BENCHMARK(BM_MonthlyReportOverAMillionTickets)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
