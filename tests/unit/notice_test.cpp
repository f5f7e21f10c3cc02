// The one writer of messages to people: what the outbox row says, and that the procedure never
// names a transport.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/test_env.h"
#include "workflow/notify/notice.h"

using namespace hotline::workflow;
using namespace hotline::testing;

TEST(Notice, TheWriterRoutesToThePersonOnceAKey) {
    WorkflowEnv env;
    env.store->transact([&](StoreTx& tx) {
        const Notice n{.to = kHandler, .key = "k1", .body = "【工单#1】请签收", .ticket_id = 1, .at = env.clock.now()};
        EXPECT_TRUE(write_notice(tx, n));
        EXPECT_FALSE(write_notice(tx, n));  // the same key is the same message
        write_notice(tx, {.to = kStaff,
                          .key = "k2",
                          .body = "答复",
                          .form = NoticeForm::markdown,
                          .ticket_id = 1,
                          .at = env.clock.now(),
                          .purpose = OutboxPurpose::answer,
                          .route = Route::terminal});
        const auto rows = tx.outbox().of(1);
        ASSERT_EQ(rows.size(), 2u);
        EXPECT_EQ(rows[0].channel, "person");
        EXPECT_EQ(rows[0].recipient, kHandler);
        EXPECT_EQ(rows[0].kind, "text");
        EXPECT_EQ(rows[0].purpose, OutboxPurpose::notification);
        EXPECT_EQ(rows[1].channel, "console");
        EXPECT_EQ(rows[1].kind, "markdown");
        EXPECT_EQ(rows[1].purpose, OutboxPurpose::answer);
    });
    for (const auto f : {NoticeForm::text, NoticeForm::decision_card, NoticeForm::media_file})
        EXPECT_EQ(parse_notice_form(to_string(f)), f);
}

TEST(Notice, TheProcedureNeverNamesATransport) {
    // bot/ maps people to channels; the workflow only says "a person".
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(HOTLINE_SOURCE_DIR) + "/workflow")) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_EQ(text.str().find("\"wecom\""), std::string::npos) << entry.path();
    }
}
