// Verify + decrypt of one WeCom callback (the official V2 vector), and encrypt for comparison.
#include <benchmark/benchmark.h>

#include "adapters/wecom/callback_crypto.h"

using hotline::adapters::wecom::CallbackCrypto;

namespace {

const char* kEncrypt =
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvu"
    "JTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2h"
    "gf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4Ehz"
    "JWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2Yoyy"
    "H2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

void BM_WecomVerifyAndDecrypt(benchmark::State& state) {
    const CallbackCrypto c("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
    for (auto _ : state) {
        const bool ok = c.verify("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", kEncrypt);
        auto d = c.decrypt(kEncrypt);
        if (!ok || !d.ok()) state.SkipWithError("vector did not verify");
        benchmark::DoNotOptimize(d);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WecomVerifyAndDecrypt)->Unit(benchmark::kMicrosecond);

void BM_WecomEncrypt(benchmark::State& state) {
    const CallbackCrypto c("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
    const std::string msg(300, 'x');
    for (auto _ : state) benchmark::DoNotOptimize(c.encrypt(msg));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WecomEncrypt)->Unit(benchmark::kMicrosecond);

}  // namespace
