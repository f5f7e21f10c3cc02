// POST /intake/tickets from both lines: one ticket per citizen message, signed requests only.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "adapters/crypto/citizen_data.h"
#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/http/http_server.h"
#include "bot/intake/intake_endpoint.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using nlohmann::json;

namespace {

const std::string kRenminSecret = "renmin-secret-0123456789";
const std::string kHotlineSecret = "hotline-secret-0123456789";

struct IntakeEnv : WorkflowEnv {
    IntakeEnv()
        : cipher(std::string(32, 'k')),
          endpoint({{"renmin", kRenminSecret}, {"hotline12345", kHotlineSecret}}, cipher, *store, engine, {}, metrics) {
        router.add("POST", "/intake/tickets", [this](const bot::http::Request& r) { return endpoint.receive(r); });
        server = std::make_unique<bot::http::HttpServer>(bot::http::ServerOptions{"127.0.0.1", 0, 4}, router, metrics);
        server->start();
    }

    static json message(const std::string& source, const std::string& id, const std::string& content,
                        const std::string& phone = "13812345678") {
        return {{"source", source},        {"source_id", id},        {"title", "小区供暖不热"},
                {"content", content},      {"citizen_phone", phone}, {"citizen_name", "王先生"},
                {"received_at", "2026-11-02T08:30:00+08:00"}};
    }

    httplib::Result post(const std::string& body, const std::string& secret, std::int64_t ts) const {
        const auto sig = adapters::hex_lower(adapters::hmac_sha256(secret, std::to_string(ts) + "." + body));
        httplib::Client c("127.0.0.1", server->port());
        return c.Post("/intake/tickets", {{"X-Hotline-Timestamp", std::to_string(ts)}, {"X-Hotline-Signature", sig}},
                      body, "application/json");
    }
    httplib::Result post(const json& msg, std::int64_t ts_offset = 0) const {
        const auto secret = msg["source"] == "renmin" ? kRenminSecret : kHotlineSecret;
        return post(msg.dump(), secret, workflow::to_unix(clock.now()) + ts_offset);
    }

    std::int64_t ticket_count() {
        std::int64_t n = 0;
        store->transact([&](workflow::StoreTx& tx) {
            for (const auto& [state, c] : tx.tickets().counts_by_state()) n += c;
        });
        return n;
    }

    adapters::CitizenDataCipher cipher;
    bot::Metrics metrics;
    bot::intake::IntakeEndpoint endpoint;
    bot::http::Router router;
    std::unique_ptr<bot::http::HttpServer> server;
};

const std::string kText = "小区暖气温度只有十几度，老人孩子受不了，请尽快处理。";

}  // namespace

TEST(Intake, BothLinesInEitherOrderMakeOneTicketWithBothIds) {
    for (const bool renmin_first : {true, false}) {
        IntakeEnv env;
        const auto a = IntakeEnv::message("renmin", "RM-1", kText);
        // The platform reformats: full-width punctuation, spaces.
        const auto b = IntakeEnv::message("hotline12345", "HL-9", "小区暖气温度只有十几度, 老人孩子受不了, 请尽快处理!");
        auto r1 = env.post(renmin_first ? a : b);
        auto r2 = env.post(renmin_first ? b : a);
        ASSERT_TRUE(r1 && r2);
        EXPECT_EQ(r1->status, 201) << r1->body;
        EXPECT_EQ(r2->status, 200) << r2->body;
        const auto first = json::parse(r1->body), second = json::parse(r2->body);
        EXPECT_EQ(first["result"], "created");
        EXPECT_EQ(second["result"], "merged");
        EXPECT_EQ(first["ticket"], second["ticket"]);
        EXPECT_EQ(env.ticket_count(), 1);
        env.store->transact([&](workflow::StoreTx& tx) {
            EXPECT_EQ(tx.tickets().sources_of(first["ticket"].get<std::int64_t>()).size(), 2u);
        });
    }
}

TEST(Intake, TheOtherLinesIdMergesEvenWhenTheTextDiffers) {
    IntakeEnv env;
    ASSERT_EQ(env.post(IntakeEnv::message("renmin", "RM-7", kText))->status, 201);
    auto b = IntakeEnv::message("hotline12345", "HL-7", "市民来电反映供暖问题（内容经坐席整理）", "0477-0000000");
    b["other_source_id"] = "RM-7";
    const auto r = env.post(b);
    EXPECT_EQ(json::parse(r->body)["result"], "merged");
    EXPECT_EQ(env.ticket_count(), 1);
}

TEST(Intake, ConcurrentCopiesFromSixteenThreadsMakeOneTicket) {
    IntakeEnv env;
    std::vector<std::thread> threads;
    std::atomic<int> created{0}, ok{0};
    for (int i = 0; i < 16; ++i)
        threads.emplace_back([&, i] {
            const auto msg = i % 2 ? IntakeEnv::message("renmin", "RM-C", kText) : IntakeEnv::message("hotline12345", "HL-C", kText);
            const auto r = env.post(msg, -i);  // distinct timestamps: distinct signatures, not replays
            if (r && (r->status == 200 || r->status == 201)) ++ok;
            if (r && r->status == 201) ++created;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, 16);
    EXPECT_EQ(created, 1);
    EXPECT_EQ(env.ticket_count(), 1);
    env.store->transact([&](workflow::StoreTx& tx) {
        const auto id = tx.tickets().for_source("renmin", "RM-C");
        ASSERT_TRUE(id);
        EXPECT_EQ(tx.tickets().for_source("hotline12345", "HL-C"), id);
    });
}

TEST(Intake, ForgedOldAndReplayedRequestsAreRefusedAndStoreNothing) {
    IntakeEnv env;
    const auto body = IntakeEnv::message("renmin", "RM-X", kText).dump();
    const auto now = workflow::to_unix(env.clock.now());
    auto tampered = body;
    tampered.replace(tampered.find("RM-X"), 4, "RM-Y");
    const auto sig = adapters::hex_lower(adapters::hmac_sha256(kRenminSecret, std::to_string(now) + "." + body));
    httplib::Client c("127.0.0.1", env.server->port());
    auto r = c.Post("/intake/tickets", {{"X-Hotline-Timestamp", std::to_string(now)}, {"X-Hotline-Signature", sig}}, tampered,
                    "application/json");
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(env.post(body, "wrong-secret-0123456789", now)->status, 401);
    EXPECT_EQ(env.post(body, kRenminSecret, now - 301)->status, 401);
    EXPECT_EQ(c.Post("/intake/tickets", body, "application/json")->status, 401);  // unsigned
    EXPECT_EQ(env.ticket_count(), 0);
    EXPECT_EQ(env.post(body, kRenminSecret, now)->status, 201);
    EXPECT_EQ(env.post(body, kRenminSecret, now)->status, 401);  // the same signed request again
    EXPECT_EQ(env.ticket_count(), 1);
    EXPECT_EQ(env.metrics.value("hotline_intake_requests_total", "outcome=\"replay\""), 1u);
}

TEST(Intake, SchemaErrorsNameTheField) {
    IntakeEnv env;
    auto check = [&](json msg, const std::string& field) {
        const auto r = env.post(msg);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 400) << r->body;
        EXPECT_EQ(json::parse(r->body)["field"], field) << r->body;
    };
    auto m = IntakeEnv::message("renmin", "RM-S", kText);
    m.erase("title");
    check(m, "title");
    m = IntakeEnv::message("renmin", "RM-S", kText, "12");
    check(m, "citizen_phone");
    m = IntakeEnv::message("renmin", "RM-S", kText);
    m["received_at"] = "yesterday";
    check(m, "received_at");
    m = IntakeEnv::message("renmin", "RM-S", kText);
    m["category"] = "urgent";
    check(m, "category");
    m = IntakeEnv::message("renmin", "RM-S", kText);
    m["attachments"] = json::array({"ftp://x"});
    check(m, "attachments");
    m = IntakeEnv::message("renmin", "RM-S", kText);
    m["priority"] = 1;
    check(m, "priority");
    EXPECT_EQ(env.ticket_count(), 0);
}

TEST(Intake, TheSameCitizenWithSimilarTextIsFlaggedNotMerged) {
    IntakeEnv env;
    ASSERT_EQ(env.post(IntakeEnv::message("renmin", "RM-1", kText))->status, 201);
    const auto r = env.post(IntakeEnv::message("hotline12345", "HL-2", "小区暖气温度只有十几度，老人孩子受不了，物业一直不管。"));
    const auto body = json::parse(r->body);
    EXPECT_EQ(body["result"], "created");
    ASSERT_EQ(body["flagged"].size(), 1u);
    EXPECT_EQ(env.ticket_count(), 2);
    bool told = false;
    env.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& m : tx.outbox().of(body["ticket"].get<std::int64_t>()))
            told |= m.recipient == kStaff && m.payload.find("疑似重复") != std::string::npos;
    });
    EXPECT_TRUE(told);
    // A different citizen with the same text is a different message.
    EXPECT_EQ(json::parse(env.post(IntakeEnv::message("hotline12345", "HL-3", kText, "13900000000"))->body)["result"],
              "created");
}

TEST(Intake, PhoneNumbersAreStoredEncryptedAndMatchedByKeyedHash) {
    IntakeEnv env;
    ASSERT_EQ(env.post(IntakeEnv::message("renmin", "RM-P", kText, "+86 138-1234-5678"))->status, 201);
    std::string enc;
    env.store->transact([&](workflow::StoreTx& tx) { enc = tx.tickets().find(1)->citizen_phone_enc; });
    EXPECT_EQ(enc.find("13812345678"), std::string::npos);
    EXPECT_EQ(env.cipher.decrypt(enc), "13812345678");
    // Nothing in the database file holds the number in clear.
    env.store.reset();
    sqlite3* db = nullptr;
    sqlite3_open((env.dir / "hotline.db").c_str(), &db);
    int found = 0;
    sqlite3_exec(
        db, "SELECT COUNT(*) FROM tickets WHERE citizen_phone_enc LIKE '%5678%' OR content LIKE '%13812345678%'",
        [](void* out, int, char** values, char**) {
            *static_cast<int*>(out) = std::atoi(values[0]);
            return 0;
        },
        &found, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(found, 0);
    EXPECT_EQ(adapters::mask_phone("+86 138-1234-5678"), "138****5678");
}

TEST(Intake, ValuesOutsideTheDocumentedLimitsAreRefusedNamingTheField) {
    IntakeEnv env;
    const auto now = workflow::to_unix(env.clock.now());
    struct Case {
        const char* what;
        std::function<void(json&)> change;
        const char* field;
    };
    const std::vector<Case> cases{
        {"received_at the largest integer", [](json& m) { m["received_at"] = std::numeric_limits<std::int64_t>::max(); }, "received_at"},
        {"received_at the smallest integer", [](json& m) { m["received_at"] = std::numeric_limits<std::int64_t>::min(); }, "received_at"},
        {"received_at above the signed range", [](json& m) { m["received_at"] = std::numeric_limits<std::uint64_t>::max(); }, "received_at"},
        {"received_at with a zone of letters (found by the fuzzer)", [](json& m) { m["received_at"] = "2026-11-02T09:00:00+ab:cd"; }, "received_at"},
        {"received_at with a sign in the month", [](json& m) { m["received_at"] = "2026-+1-02T09:00:00Z"; }, "received_at"},
        {"received_at before 2000", [](json& m) { m["received_at"] = "1999-12-31T23:59:59Z"; }, "received_at"},
        {"received_at two days ahead", [&](json& m) { m["received_at"] = now + 2 * 86400; }, "received_at"},
        {"51 attachments", [](json& m) { m["attachments"] = std::vector<std::string>(51, "https://a.example/1.jpg"); }, "attachments"},
        {"25,000 attachments", [](json& m) { m["attachments"] = std::vector<std::string>(25000, "https://a.example/1.jpg"); }, "attachments"},
        {"a URL of 2,049 bytes", [](json& m) { m["attachments"] = {"https://a.example/" + std::string(2049 - 18, 'x')}; }, "attachments"},
        {"a URL with a newline", [](json& m) { m["attachments"] = {"https://a.example/\n1.jpg"}; }, "attachments"},
        {"source_id with a newline", [](json& m) { m["source_id"] = "RM-1\nforged"; }, "source_id"},
        {"source_id with an escape", [](json& m) { m["source_id"] = "RM-\x1b[31m1"; }, "source_id"},
        {"source_id with U+2028", [](json& m) { m["source_id"] = "RM-1\u2028x"; }, "source_id"},
        {"source_id of 129 bytes", [](json& m) { m["source_id"] = std::string(129, '1'); }, "source_id"},
        {"source_id ending in a space", [](json& m) { m["source_id"] = "RM-1 "; }, "source_id"},
        {"other_source_id with a tab", [](json& m) { m["other_source_id"] = "HL\t1"; }, "other_source_id"},
        {"a title with a newline", [](json& m) { m["title"] = "路灯\n不亮"; }, "title"},
        {"a title of 513 bytes", [](json& m) { m["title"] = std::string(513, 'a'); }, "title"},
        {"content over 64 KiB", [](json& m) { m["content"] = std::string(64 * 1024 + 1, 'a'); }, "content"},
        {"a name of 129 bytes", [](json& m) { m["citizen_name"] = std::string(129, 'a'); }, "citizen_name"},
        {"a location of 513 bytes", [](json& m) { m["location"] = std::string(513, 'a'); }, "location"},
    };
    int n = 0;
    for (const auto& c : cases) {
        auto m = IntakeEnv::message("renmin", "RM-L" + std::to_string(++n), kText);
        c.change(m);
        auto r = env.post(m);
        ASSERT_TRUE(r) << c.what;
        EXPECT_EQ(r->status, 400) << c.what << ": " << r->body;
        EXPECT_EQ(json::parse(r->body).value("field", ""), c.field) << c.what << ": " << r->body;
    }
    EXPECT_EQ(env.ticket_count(), 0);

    // At the limits, and with line breaks in the content, a message is taken.
    auto m = IntakeEnv::message("renmin", std::string(128, '9'), "第一行\n第二行\t完");
    m["attachments"] = std::vector<std::string>(50, "https://a.example/" + std::string(2048 - 18, 'x'));
    m["received_at"] = now + 86400;
    auto r = env.post(m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201) << r->body;
}
