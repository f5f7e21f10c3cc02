// POST /intake/tickets handled in process (signature check, JSON validation, encryption, merge
// lookups, durable commit), against a store already holding 1,000,000 tickets from 1,000,000
// citizens. Every second request is the other line's copy of the one before (a merge).
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "adapters/crypto/citizen_data.h"
#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/intake/intake_endpoint.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

const std::string kSecret = "bench-secret-0123456789";

struct IntakeStore {
    IntakeStore() {
        const auto t0 = env.clock.now();
        for (int made = 0; made < 1'000'000;) {
            env.store->transact([&](workflow::StoreTx& tx) {
                for (int i = 0; i < 20000 && made < 1'000'000; ++i, ++made) {
                    workflow::NewTicket t;
                    t.source = "renmin";
                    t.source_id = "old-" + std::to_string(made);
                    t.title = "历史留言";
                    t.content = "历史留言内容" + std::to_string(made);
                    t.content_key = t.content;
                    t.phone_hash = cipher.phone_hash(std::to_string(15000000000LL + made));
                    t.received_at = t0;
                    tx.tickets().insert(t);
                }
            });
        }
    }
    WorkflowEnv env;
    adapters::CitizenDataCipher cipher{std::string(32, 'k')};
    bot::Metrics metrics;
};

void BM_IntakeAgainstAMillionTickets(benchmark::State& state) {
    static IntakeStore store;
    bot::intake::IntakeEndpoint endpoint({{"renmin", kSecret}, {"hotline12345", kSecret}}, store.cipher, *store.env.store,
                                         store.env.engine, {}, store.metrics);
    static std::int64_t n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto i = n++;
        const bool copy = i % 2 == 1;  // the other line's copy of the previous message
        const auto msg_no = copy ? i - 1 : i;
        nlohmann::json body{{"source", copy ? "hotline12345" : "renmin"},
                            {"source_id", (copy ? "HL-" : "RM-") + std::to_string(msg_no)},
                            {"title", "小区供暖不热"},
                            {"content", "小区暖气温度只有十几度，请尽快处理。编号" + std::to_string(msg_no)},
                            {"citizen_phone", std::to_string(13900000000LL + msg_no)},
                            {"received_at", workflow::to_unix(store.env.clock.now())}};
        bot::http::Request req;
        req.method = "POST";
        req.path = "/intake/tickets";
        req.body = body.dump();
        const auto ts = std::to_string(workflow::to_unix(store.env.clock.now()));
        req.headers["x-hotline-timestamp"] = ts;
        req.headers["x-hotline-signature"] = adapters::hex_lower(adapters::hmac_sha256(kSecret, ts + "." + req.body));
        state.ResumeTiming();
        const auto res = endpoint.receive(req);
        if (res.status != (copy ? 200 : 201)) state.SkipWithError(res.body.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IntakeAgainstAMillionTickets)->MinTime(3.0);

}  // namespace
