// The case file of a ticket taken through the whole procedure: every section is there, the
// citizen's number is masked unless asked otherwise, and a tampered audit trail is reported.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bot/archive/archive_export.h"
#include "tests/support/process.h"
#include "tests/support/survey_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

std::string read(const std::filesystem::path& p) {
    std::ifstream f(p);
    return {std::istreambuf_iterator<char>(f), {}};
}

}  // namespace

TEST(ArchiveExport, AFiledTicketsRecordHasEverySectionAndTheChainIsVerified) {
    SurveyEnv s;
    const auto id = s.env.ticket_in(workflow::State::replied);
    std::string reply;
    s.env.store->transact([&](workflow::StoreTx& tx) {
        reply = s.executor.execute(tx, kStaff, "回访结果 " + std::to_string(id) + " 满意 已解决");
    });
    ASSERT_TRUE(s.env.act(workflow::Action::close, id, kStaff).ok());
    ASSERT_TRUE(s.env.act(workflow::Action::archive, id, kStaff).ok());

    TempDir out;
    bot::archive::ExportOptions options;
    options.cipher = &s.cipher;
    const auto summary = bot::archive::export_tickets(*s.env.store, {id}, out.path(), options);
    EXPECT_EQ(summary.tickets, 1u);
    EXPECT_FALSE(summary.chain_break);
    const auto dir = out / ("ticket-" + std::to_string(id));
    const auto j = nlohmann::json::parse(read(dir / "record.json"));
    EXPECT_EQ(j["ticket"]["citizen_phone"], "138****5678");
    EXPECT_EQ(j["ticket"]["state"], "archived");
    std::vector<workflow::AuditEvent> audit;
    s.env.store->transact([&](workflow::StoreTx& tx) { audit = tx.audit().of(id); });
    ASSERT_EQ(j["audit_events"].size(), audit.size());
    EXPECT_EQ(j["audit_events"].back()["action"], "archive");
    EXPECT_EQ(j["audit_events"].back()["hash"], audit.back().hash);
    EXPECT_TRUE(j["audit_chain"]["ok"].get<bool>());
    EXPECT_FALSE(j["result"]["public_reply"].get<std::string>().empty());
    EXPECT_EQ(j["surveys"].at(0)["satisfaction"], "satisfied");
    EXPECT_FALSE(j["chat_messages"].empty());
    const auto md = read(dir / "record.md");
    for (const char* section : {"一、留言信息", "二、办理过程", "三、退单与延期申请", "四、办理结果", "答复网民", "五、回访",
                                "电话回访", "六、佐证材料", "七、领导批示", "八、消息记录", "九、审计链校验", "审计链校验通过"})
        EXPECT_NE(md.find(section), std::string::npos) << section;
    EXPECT_EQ(md.find(kCitizenPhone), std::string::npos);
    EXPECT_EQ(read(dir / "record.json").find(kCitizenPhone), std::string::npos);

    // An administrator may ask for the number in clear.
    TempDir clear;
    options.unmasked = true;
    bot::archive::export_tickets(*s.env.store, {id}, clear.path(), options);
    EXPECT_NE(read(clear / ("ticket-" + std::to_string(id)) / "record.json").find(kCitizenPhone), std::string::npos);

    // Someone edits the trail behind the bot's back: the export says so.
    tamper_with_store(s.env.dir.path(), "UPDATE audit_events SET note = 'changed' WHERE seq = 3");
    TempDir tampered;
    options.unmasked = false;
    const auto bad = bot::archive::export_tickets(*s.env.store, {id}, tampered.path(), options);
    ASSERT_TRUE(bad.chain_break);
    EXPECT_NE(read(tampered / ("ticket-" + std::to_string(id)) / "record.md").find("审计链校验失败"), std::string::npos);
}
