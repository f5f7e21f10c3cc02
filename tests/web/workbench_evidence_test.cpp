// Evidence on the workbench, in process: a photo or a PDF uploaded to a ticket under the chat's
// rule (the ticket's unit, until filed), the type read from the bytes, the size limited, the
// CSRF token required; stored, audited and counted as chat evidence is; shown as thumbnails and
// served only to those who may see the ticket. The live preview of the result form.
#include <gtest/gtest.h>

#include "adapters/text/utf8.h"
#include "bot/web/evidence_pages.h"
#include "tests/web/web_harness.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2000, 'j');
const std::string kPdf = "%PDF-1.4\n" + std::string(500, 'p') + "\n%%EOF\n";

struct Upload {
    WebHarness& web;
    std::string cookie;

    bot::http::Response operator()(std::int64_t id, const std::string& bytes, const std::string& name = "现场.jpg",
                                   bool with_token = true) {
        const auto page = web.call("GET", "/web/", "", cookie);
        std::map<std::string, std::string> headers{{"x-file-name", adapters::url_encode(name)},
                                                   {"content-type", "application/octet-stream"}};
        if (with_token) headers["x-csrf-token"] = form_value(page.body, "csrf");
        return web.call("POST", bot::web::kUploadPath, "id=" + std::to_string(id), cookie, bytes, headers);
    }
};

}  // namespace

TEST(WorkbenchEvidence, APhotoAndAPdfFromTheUnitAreStoredAuditedAndShownToThoseWhoMaySeeTheTicket) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto id = env.ticket_in(workflow::State::handling);
    const auto handler = web.cookie_for(kHandler);
    Upload upload{web, handler};

    const auto page = web.call("GET", "/web/ticket", "id=" + std::to_string(id), handler);
    EXPECT_NE(page.body.find("class=\"upload\""), std::string::npos) << "the unit's handler is offered the upload";
    EXPECT_NE(page.body.find("src=\"/web/static/app.js\""), std::string::npos);

    const auto photo = upload(id, kJpeg);
    ASSERT_EQ(photo.status, 200) << photo.body;
    EXPECT_EQ(photo.body, "照片已保存为工单#" + std::to_string(id) + "的佐证材料（本工单共1件）。");
    const auto pdf = upload(id, kPdf, "整改报告<1>.pdf");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_NE(pdf.body.find("文件已保存"), std::string::npos);

    std::vector<workflow::Evidence> items;
    int audited = 0;
    env.store->transact([&](workflow::StoreTx& tx) {
        items = tx.evidence().of(id);
        for (const auto& ev : tx.audit().of(id)) audited += ev.action == "evidence";
    });
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].kind, "image");
    EXPECT_EQ(items[0].mime, "image/jpeg");
    EXPECT_EQ(items[0].state, "stored");
    EXPECT_EQ(items[0].sender, kHandler);
    EXPECT_EQ(items[1].kind, "file");
    EXPECT_EQ(items[1].mime, "application/pdf");
    EXPECT_EQ(items[1].detail, "整改报告<1>.pdf");
    const auto odd = upload(id, kJpeg, std::string("\xFF\xFE/..\x01a.jpg", 10));
    ASSERT_EQ(odd.status, 200) << "a name that is not UTF-8 is cleaned, not refused: " << odd.body;
    env.store->transact([&](workflow::StoreTx& tx) { items = tx.evidence().of(id); });
    ASSERT_EQ(items.size(), 3u);
    EXPECT_TRUE(adapters::is_valid_utf8(items[2].detail)) << items[2].detail;
    EXPECT_EQ(items[2].detail.find('/'), std::string::npos);
    EXPECT_EQ(items[2].detail.find('\x01'), std::string::npos);
    items.pop_back();
    EXPECT_EQ(audited, 2) << "each stored item puts its hash in the chain";
    EXPECT_EQ(web.attachments.read(items[0].sha256), kJpeg);

    // The chat's 材料 N lists them too.
    std::string answer;
    env.store->transact([&](workflow::StoreTx& tx) { answer = web.executor.execute(tx, kHandler, "材料 " + std::to_string(id)); });
    EXPECT_NE(answer.find("照片（image/jpeg"), std::string::npos) << answer;
    EXPECT_NE(answer.find("文件（application/pdf"), std::string::npos) << answer;

    // Thumbnails and links on the ticket page for the unit's leader; the name escaped.
    const auto leader_page = web.call("GET", "/web/ticket", "id=" + std::to_string(id), web.cookie_for(kLeader));
    const std::string file_query = "id=" + std::to_string(id) + "&evidence=" + std::to_string(items[0].id);
    EXPECT_NE(leader_page.body.find("<img class=\"thumb\" src=\"/web/file?id=" + std::to_string(id) + "&amp;evidence="),
              std::string::npos);
    EXPECT_NE(leader_page.body.find("整改报告&lt;1&gt;.pdf"), std::string::npos);
    EXPECT_EQ(leader_page.body.find("整改报告<1>"), std::string::npos);

    const auto served = web.call("GET", "/web/file", file_query, web.cookie_for(kLeader));
    EXPECT_EQ(served.status, 200);
    EXPECT_EQ(served.content_type, "image/jpeg");
    EXPECT_EQ(served.body, kJpeg);
    EXPECT_EQ(served.headers.at("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(web.call("GET", "/web/file", file_query, web.cookie_for(kStaff)).status, 200) << "hotline staff see every ticket";
    const auto other = web.call("GET", "/web/file", file_query, web.cookie_for(kOtherHandler));
    EXPECT_EQ(other.status, 403);
    EXPECT_NE(other.body.find("无权查看"), std::string::npos);
    EXPECT_EQ(web.call("GET", "/web/file", "id=" + std::to_string(id) + "&evidence=999999", handler).status, 404);
    EXPECT_EQ(web.call("GET", "/web/file", file_query, "").status, 302) << "without a session: to sign in";
}

TEST(WorkbenchEvidence, UploadsAreRefusedWithoutTheTokenOutsideTheUnitOfTheWrongTypeOrTooLarge) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto id = env.ticket_in(workflow::State::handling);
    Upload handler{web, web.cookie_for(kHandler)};

    EXPECT_EQ(handler(id, kJpeg, "a.jpg", false).status, 403) << "no CSRF token";
    const auto other = Upload{web, web.cookie_for(kOtherHandler)}(id, kJpeg);
    EXPECT_EQ(other.status, 403);
    EXPECT_NE(other.body.find("不是本单位的工单"), std::string::npos) << other.body;
    const auto staff = Upload{web, web.cookie_for(kStaff)}(id, kJpeg);
    EXPECT_EQ(staff.status, 403) << "evidence comes from the unit, as in chat: " << staff.body;

    const auto html = handler(id, "<html><script>alert(1)</script></html>", "x.jpg");
    EXPECT_EQ(html.status, 415);
    EXPECT_NE(html.body.find("只能上传JPEG、PNG、GIF格式的照片或PDF文件"), std::string::npos);
    const auto video = handler(id, std::string("\x00\x00\x00\x18" "ftypmp42\x00\x00\x00\x00", 16), "v.mp4");
    EXPECT_EQ(video.status, 415) << "videos come through chat";
    EXPECT_EQ(handler(id, "", "empty.jpg").status, 400);
    const auto large = handler(id, std::string("\xFF\xD8\xFF", 3) + std::string(2 * 1024 * 1024, 'x'));
    EXPECT_EQ(large.status, 413);
    EXPECT_NE(large.body.find("2 MB"), std::string::npos) << large.body;

    std::size_t stored = 1;
    env.store->transact([&](workflow::StoreTx& tx) { stored = tx.evidence().of(id).size(); });
    EXPECT_EQ(stored, 0u) << "nothing refused was kept";

    // Filed tickets take no more evidence, and the page does not offer it.
    const auto filed = env.ticket_in(workflow::State::archived);
    EXPECT_EQ(handler(filed, kJpeg).status, 403);
    EXPECT_EQ(web.call("GET", "/web/ticket", "id=" + std::to_string(filed), web.cookie_for(kHandler)).body.find("class=\"upload\""),
              std::string::npos);
}

TEST(WorkbenchResult, TheLivePreviewRendersBothDocumentsForTheFieldsAsTypedAndSavesNothing) {
    WorkflowEnv env;
    WebHarness web(env);
    const auto id = env.ticket_in(workflow::State::handling);
    const auto handler = web.cookie_for(kHandler);
    const auto form = web.call("GET", "/web/result", "id=" + std::to_string(id), handler);
    ASSERT_EQ(form.status, 200);
    EXPECT_NE(form.body.find("id=\"preview\""), std::string::npos);
    const auto csrf = form_value(form.body, "csrf");
    const auto preview = web.call("POST", "/web/result/preview", "", handler,
                                  form_encode({{"csrf", csrf}, {"id", std::to_string(id)}, {"s0", "属实"}, {"s2", "更换路灯<b>3</b>盏"}}));
    ASSERT_EQ(preview.status, 200);
    EXPECT_NE(preview.body.find("预览：核查办理情况的报告"), std::string::npos);
    EXPECT_NE(preview.body.find("预览：答复网民"), std::string::npos);
    EXPECT_NE(preview.body.find("更换路灯&lt;b&gt;3"), std::string::npos) << preview.body;
    EXPECT_NE(preview.body.find("尚缺："), std::string::npos);
    EXPECT_EQ(preview.body.find("<html"), std::string::npos) << "a fragment for the page's script";
    bool drafted = true;
    env.store->transact([&](workflow::StoreTx& tx) { drafted = tx.documents().result_draft(kHandler).has_value(); });
    EXPECT_FALSE(drafted);
    const auto other = web.cookie_for(kOtherHandler);
    const auto other_csrf = form_value(web.call("GET", "/web/", "", other).body, "csrf");
    const auto refused = web.call("POST", "/web/result/preview", "", other,
                                  form_encode({{"csrf", other_csrf}, {"id", std::to_string(id)}, {"s0", "x"}}));
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.body.find("路灯"), std::string::npos);
}
