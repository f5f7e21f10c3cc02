// Evidence (佐证材料) through the real binary: a handler sends two photos and a location over
// encrypted callbacks, the bot fetches the photos from the fake WeCom's media/get in the
// background, stores them by SHA-256, and 材料 N lists them and sends them back as images.
// Oversized and wrong-type files are refused with nothing stored; another unit sees nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

std::string text_of(const Delivery& d) {
    const std::string type = d.body.value("msgtype", "");
    return type == "text" ? d.body["text"].value("content", "") : "";
}

// Waits until `user` has been shown a text containing `needle`; returns it (empty if never).
std::string shown(const FakeWecomServer& fake, const std::string& user, const std::string& needle) {
    std::string found;
    eventually([&] {
        for (const auto& d : fake.deliveries())
            if (d.body.value("touser", "") == user && text_of(d).find(needle) != std::string::npos) {
                found = text_of(d);
                return true;
            }
        return false;
    });
    return found;
}

int count_shown(const FakeWecomServer& fake, const std::string& user, const std::string& needle) {
    int n = 0;
    for (const auto& d : fake.deliveries())
        n += d.body.value("touser", "") == user && text_of(d).find(needle) != std::string::npos;
    return n;
}

std::string sha256_hex(const std::string& s) { return adapters::hex_lower(adapters::sha256(s)); }

}  // namespace

TEST(EvidenceEndToEnd, PhotosAndALocationFromChatAreStoredListedAndSentBack) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    const std::string photo1 = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10) + std::string(30000, 'a');
    const std::string photo2 = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(20000, 'b');
    fake.add_media("PHOTO-1", photo1);
    fake.add_media("PHOTO-2", photo2, "image/png");
    fake.add_media("BIG-1", std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2 * 1024 * 1024, 'c'));
    fake.add_media("FAKE-1", "<html>not a photo</html>", "image/jpeg");  // the header lies; the bytes do not
    BotProcess bot(dir.path(), fake.base_url(), "[attachments]\nmax_bytes = 1048576\n");
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;

    const auto added = run({HOTLINE_BOT_BINARY, "ticket", "add", "--config", bot.config_path(), "--source-id", "RM-1",
                            "--title", "小区供暖不热", "--content", "暖气只有十几度。", "--category", "complaint"});
    ASSERT_EQ(added.exit_code, 0) << added.output;
    ASSERT_EQ(bot.send_text("wangfang", "认领 1", "m1"), 200);
    ASSERT_FALSE(shown(fake, "wangfang", "已认领").empty()) << bot.log();
    ASSERT_EQ(bot.send_text("wangfang", "派单 1 住建局 投诉", "m2"), 200);
    ASSERT_FALSE(shown(fake, "wangfang", "已派单").empty()) << bot.log();
    ASSERT_EQ(bot.send_text("zhangwei", "签收 1", "m3"), 200);
    ASSERT_FALSE(shown(fake, "zhangwei", "已签收").empty()) << bot.log();

    // The handler's only open ticket: everything goes to it.
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    ASSERT_EQ(bot.send_xml(media_message_xml("zhangwei", "image", "PHOTO-1", "m4", now), "m4"), 200);
    ASSERT_EQ(bot.send_xml(media_message_xml("zhangwei", "image", "PHOTO-2", "m5", now), "m5"), 200);
    ASSERT_EQ(bot.send_xml(location_message_xml("zhangwei", "39.91", "111.23", "薛家湾镇幸福小区", "m6", now), "m6"), 200);
    EXPECT_FALSE(shown(fake, "zhangwei", "已将位置「薛家湾镇幸福小区（纬度39.91，经度111.23）」保存为工单#1").empty())
        << bot.log();
    ASSERT_TRUE(eventually([&] { return count_shown(fake, "zhangwei", "照片已保存为佐证材料") == 2; })) << bot.log();
    EXPECT_FALSE(shown(fake, "zhangwei", "本工单共3件").empty());

    // Stored once each, by content.
    for (const auto* p : {&photo1, &photo2}) {
        const auto h = sha256_hex(*p);
        const auto file = dir.path() / "attachments" / h.substr(0, 2) / h;
        ASSERT_TRUE(std::filesystem::exists(file)) << file;
        EXPECT_EQ(std::filesystem::file_size(file), p->size());
    }

    // 材料 1: the list, and the photos back as image messages.
    ASSERT_EQ(bot.send_text("zhangwei", "材料 1", "m7"), 200);
    const auto list = shown(fake, "zhangwei", "工单#1的佐证材料（3件）");
    EXPECT_NE(list.find("image/jpeg"), std::string::npos) << list;
    EXPECT_NE(list.find("位置：薛家湾镇幸福小区"), std::string::npos) << list;
    ASSERT_TRUE(eventually([&] {
        int images = 0;
        for (const auto& d : fake.deliveries())
            images += d.body.value("touser", "") == "zhangwei" && d.body.value("msgtype", "") == "image";
        return images == 2;
    })) << bot.log();
    const auto uploads = fake.uploads();
    EXPECT_NE(std::find(uploads.begin(), uploads.end(), photo1), uploads.end());
    EXPECT_NE(std::find(uploads.begin(), uploads.end(), photo2), uploads.end());

    // The unit leader's approval card says what is attached.
    ASSERT_EQ(bot.send_text("zhangwei", "反馈 1\n" + complete_result(), "m13"), 200);
    EXPECT_TRUE(eventually([&] {
        for (const auto& d : fake.deliveries())
            if (d.body.value("touser", "") == "liuyang" && d.body.dump().find("附佐证材料3件") != std::string::npos)
                return true;
        return false;
    })) << bot.log();

    // With the card, the report itself as a PDF file to sign; 报告 N sends it to anyone who may see it.
    auto files_to = [&](const std::string& user) {
        int n = 0;
        for (const auto& d : fake.deliveries())
            n += d.body.value("touser", "") == user && d.body.value("msgtype", "") == "file";
        return n;
    };
    ASSERT_TRUE(eventually([&] { return files_to("liuyang") == 1; })) << bot.log();
    ASSERT_EQ(bot.send_text("zhangwei", "报告 1", "m14"), 200);
    EXPECT_FALSE(shown(fake, "zhangwei", "工单#1的办理情况报告（第1版，共1版").empty()) << bot.log();
    EXPECT_TRUE(eventually([&] { return files_to("zhangwei") == 1; })) << bot.log();
    int pdfs = 0;
    for (const auto& u : fake.uploads()) pdfs += u.rfind("%PDF-", 0) == 0;
    EXPECT_EQ(pdfs, 2);
    // Sent back: the second submission is version 2.
    ASSERT_EQ(bot.send_text("liuyang", "退回 1 请补充现场照片说明", "m15"), 200);
    ASSERT_FALSE(shown(fake, "liuyang", "已退回").empty()) << bot.log();
    ASSERT_EQ(bot.send_text("zhangwei", "反馈 1\n" + complete_result(), "m16"), 200);
    ASSERT_TRUE(eventually([&] { return files_to("liuyang") == 2; })) << bot.log();
    ASSERT_EQ(bot.send_text("chenjing", "报告 1", "m17"), 200);
    EXPECT_FALSE(shown(fake, "chenjing", "工单#1不是本单位的工单，您无权查看").empty()) << bot.log();

    // Too large, or not an image: refused, nothing stored.
    ASSERT_EQ(bot.send_xml(media_message_xml("zhangwei", "image", "BIG-1", "m8", now), "m8"), 200);
    EXPECT_FALSE(shown(fake, "zhangwei", "超过1 MB的上限，未保存").empty()) << bot.log();
    ASSERT_EQ(bot.send_xml(media_message_xml("zhangwei", "image", "FAKE-1", "m9", now), "m9"), 200);
    EXPECT_FALSE(shown(fake, "zhangwei", "不是JPEG、PNG或GIF格式的图片，未保存").empty()) << bot.log();
    // An unknown (or expired) MediaId: WeCom's 40007.
    ASSERT_EQ(bot.send_xml(media_message_xml("zhangwei", "image", "GONE-1", "m10", now), "m10"), 200);
    EXPECT_FALSE(shown(fake, "zhangwei", "已失效").empty()) << bot.log();
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path() / "attachments"))
        files += e.is_regular_file();
    // Two photos and the two report versions (报告 1 before any approval renders version 1 again,
    // byte for byte).
    EXPECT_EQ(files, 2u + 2u);

    // Another unit's handler: no open ticket to attach to, and no view of this one's evidence.
    ASSERT_EQ(bot.send_xml(media_message_xml("chenjing", "image", "PHOTO-1", "m11", now), "m11"), 200);
    EXPECT_FALSE(shown(fake, "chenjing", "您目前没有在办的工单，照片未保存").empty()) << bot.log();
    ASSERT_EQ(bot.send_text("chenjing", "材料 1", "m12"), 200);
    EXPECT_FALSE(shown(fake, "chenjing", "工单#1不是本单位的工单，您无权查看").empty()) << bot.log();
    EXPECT_EQ(bot.stop(), 0);

    // The archive holds the files, with a manifest, each verified against the hash chain.
    const auto out = dir.path() / "archive";
    auto exported = run({HOTLINE_BOT_BINARY, "archive", "export", "--config", bot.config_path(), "--ticket", "1",
                         "--out", out.string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.output;
    EXPECT_NE(exported.output.find("evidence files: verified"), std::string::npos) << exported.output;
    auto read = [](const std::filesystem::path& p) {
        std::ifstream f(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    EXPECT_EQ(sha256_hex(read(out / "ticket-1" / "evidence" / "01-image.jpg")), sha256_hex(photo1));
    EXPECT_EQ(sha256_hex(read(out / "ticket-1" / "evidence" / "02-image.png")), sha256_hex(photo2));
    const auto manifest = nlohmann::json::parse(read(out / "ticket-1" / "evidence" / "manifest.json"));
    ASSERT_EQ(manifest.size(), 3u);
    EXPECT_EQ(manifest[0]["sha256"], sha256_hex(photo1));
    EXPECT_EQ(manifest[0]["by_name"], "张伟");
    EXPECT_EQ(manifest[2]["kind"], "location");
    EXPECT_NE(read(out / "ticket-1" / "record.md").find("六、佐证材料"), std::string::npos);
    EXPECT_EQ(read(out / "ticket-1" / "reports" / "report-v1.pdf").rfind("%PDF-", 0), 0u);
    EXPECT_EQ(read(out / "ticket-1" / "reports" / "report-v2.pdf").rfind("%PDF-", 0), 0u);

    // A changed file is reported, and the export fails.
    const auto h = sha256_hex(photo2);
    std::ofstream(dir.path() / "attachments" / h.substr(0, 2) / h, std::ios::binary | std::ios::trunc) << "changed";
    exported = run({HOTLINE_BOT_BINARY, "archive", "export", "--config", bot.config_path(), "--ticket", "1", "--out",
                    (dir.path() / "archive2").string()});
    EXPECT_EQ(exported.exit_code, 1) << exported.output;
    EXPECT_NE(exported.output.find("文件内容已被改动"), std::string::npos) << exported.output;
}
