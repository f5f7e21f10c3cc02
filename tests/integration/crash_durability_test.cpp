// SIGKILL in the middle of a burst of actions: the store must open, its audit chain must verify,
// and every action whose call returned success must be there.
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <sstream>

#include "tests/support/process.h"
#include "workflow/store/sqlite/sqlite_store.h"
#include "tests/support/test_env.h"

using namespace hotline::workflow;
using namespace hotline::testing;

TEST(CrashDurability, EveryAcknowledgedActionSurvivesSigkill) {
    TempDir dir;
    const auto db = (dir / "crash.db").string();
    struct Ack {
        std::int64_t ticket;
        std::string action;
    };
    std::map<std::int64_t, Ack> acked;  // by audit seq
    {
        Child writer({HOTLINE_CRASH_WRITER, db});
        while (acked.size() < 600) {
            const auto line = writer.read_line();
            ASSERT_TRUE(line.has_value()) << "writer stopped early";
            if (line->rfind("ack ", 0) != 0) continue;  // "ready", warnings
            std::istringstream in(*line);
            std::string word, action;
            std::int64_t ticket = 0, seq = 0;
            in >> word >> ticket >> seq >> action;
            ASSERT_EQ(word, "ack") << *line;
            acked[seq] = {ticket, action};
        }
        writer.signal(SIGKILL);
        EXPECT_EQ(writer.wait(), 128 + SIGKILL);
    }
    // Lines written after our last read may hold more acks; what we read is the lower bound.
    SqliteStore store(db);
    AuditChainVerifier verifier;
    std::map<std::int64_t, AuditEvent> events;
    store.transact([&](StoreTx& tx) {
        tx.audit().for_each([&](const AuditEvent& e) {
            events[e.seq] = e;
            return verifier.feed(e);
        });
    });
    EXPECT_FALSE(verifier.first_break().has_value()) << verifier.first_break()->reason;
    for (const auto& [seq, ack] : acked) {
        const auto it = events.find(seq);
        ASSERT_NE(it, events.end()) << "acknowledged action lost: seq " << seq;
        EXPECT_EQ(it->second.ticket_id, ack.ticket);
        EXPECT_EQ(it->second.action, ack.action);
    }
    // The tickets agree with their last audited action.
    store.transact([&](StoreTx& tx) {
        for (const auto& [seq, ack] : acked) {
            const auto t = tx.tickets().find(ack.ticket);
            ASSERT_TRUE(t.has_value());
            const auto trail = tx.audit().of(ack.ticket);
            EXPECT_EQ(std::string(to_string(t->state)), trail.back().to_state);
        }
    });
}
