// `hotline-bot import`: platform exports through the intake path.
#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "bot/intake/csv_reader.h"
#include "bot/intake/importer.h"
#include "bot/intake/utf8_file.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::bot::intake;

namespace {

struct ImportEnv : WorkflowEnv {
    ImportSummary run(const std::string& file, bool dry_run = false, const std::string& source = "renmin") {
        ImportOptions o;
        o.source = source;
        o.dry_run = dry_run;
        return import_file(file, o, cipher, *store, engine, {});
    }
    std::int64_t tickets() {
        std::int64_t n = 0;
        store->transact([&](workflow::StoreTx& tx) {
            for (const auto& [s, c] : tx.tickets().counts_by_state()) n += c;
        });
        return n;
    }
    adapters::CitizenDataCipher cipher{std::string(32, 'k')};
};

std::string gb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string out(utf8.size() * 2 + 8, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size(), out_left = out.size();
    char* dst = out.data();
    iconv(cd, &in, &in_left, &dst, &out_left);
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

}  // namespace

TEST(CsvReader, QuotesCommasLineBreaksAndCrlf) {
    std::stringbuf text("a,b,c\r\n1,\"x, y\",\"line1\nline2\"\r\n2,\"say \"\"hi\"\"\",\n\n");
    CsvReader reader(text);
    std::vector<CsvRecord> r;
    while (auto rec = reader.next()) r.push_back(std::move(*rec));
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[1].fields, (std::vector<std::string>{"1", "x, y", "line1\nline2"}));
    EXPECT_EQ(r[2].fields, (std::vector<std::string>{"2", "say \"hi\"", ""}));
    EXPECT_EQ(r[2].line, 4u);  // the quoted line break counts

    std::stringbuf open("a\n\"open");
    CsvReader unclosed(open);
    ASSERT_TRUE(unclosed.next());
    try {
        unclosed.next();
        ADD_FAILURE() << "an unclosed quote must be refused";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
}

TEST(Utf8Check, ACharacterSplitBetweenPiecesIsUtf8ButOverlongOrUnfinishedIsNot) {
    const std::string text = "市民留言：路灯不亮";
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        bot::intake::Utf8Check check;
        EXPECT_TRUE(check.feed(std::string_view(text).substr(0, cut)));
        EXPECT_TRUE(check.feed(std::string_view(text).substr(cut)));
        EXPECT_TRUE(check.finish()) << "cut at byte " << cut;
    }
    bot::intake::Utf8Check overlong;  // "/" spelled in two bytes: not UTF-8
    EXPECT_FALSE(overlong.feed("a\xC0\xAF"));
    bot::intake::Utf8Check unfinished;
    EXPECT_TRUE(unfinished.feed("路\xE7\x81"));  // the start of 灯, never finished
    EXPECT_FALSE(unfinished.finish());
    bot::intake::Utf8Check gb;  // 路灯 in GB18030
    EXPECT_FALSE(gb.feed("\xC2\xB7\xB5\xC6") && gb.finish());
}

TEST(CsvReader, Gb18030AndUtf8WithABomReadAsTheSameUtf8) {
    const std::string text = "标题,内容\n小区供暖不热,暖气只有十几度\n";
    TempDir dir;
    const auto read_back = [&](const std::string& bytes, const std::string& encoding) {
        const auto path = (dir / "export.csv").string();
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
        Utf8File file(path);
        EXPECT_EQ(file.encoding(), encoding);
        return std::string(std::istreambuf_iterator<char>(&file), {});
    };
    EXPECT_EQ(read_back(gb18030(text), "GB18030"), text);
    EXPECT_EQ(read_back("\xEF\xBB\xBF" + text, "UTF-8"), text);
    EXPECT_EQ(read_back(text, "UTF-8"), text);
}

TEST(Import, TenThousandRowsWithThreePercentBadOnesThenAReimportChangesNothing) {
    ImportEnv env;
    const auto file = (env.dir / "renmin.csv").string();
    {
        std::ofstream out(file);
        out << "source_id,title,content,citizen_phone,received_at,category\n";
        for (int i = 0; i < 10000; ++i) {
            const auto id = "RM-" + std::to_string(i);
            const auto phone = std::to_string(13800000000LL + i);
            if (i % 100 == 7) out << id << ",标题,内容" << i << ",,2026-11-02T09:00:00+08:00,complaint\n";  // no phone
            else if (i % 100 == 37) out << id << ",标题,内容" << i << "," << phone << ",yesterday,complaint\n";
            else if (i % 100 == 77) out << id << ",标题,内容" << i << "\n";  // too few fields
            else out << id << ",\"标题, 第" << i << "号\",\"内容 " << i << "\"," << phone << ",2026-11-02T09:00:00+08:00,complaint\n";
        }
    }
    const auto dry = env.run(file, true);
    EXPECT_EQ(dry.created, 9700);
    EXPECT_EQ(env.tickets(), 0);  // a dry run stores nothing

    const auto first = env.run(file);
    EXPECT_EQ(first.rows, 10000u);
    EXPECT_EQ(first.created, 9700);
    ASSERT_EQ(first.rejected.size(), 300u);
    EXPECT_EQ(first.rejected[0].first, 9u);  // row i=7 is on line 9 (header on line 1)
    EXPECT_NE(first.rejected[0].second.find("citizen_phone"), std::string::npos) << first.rejected[0].second;
    EXPECT_NE(first.rejected[1].second.find("received_at"), std::string::npos) << first.rejected[1].second;
    EXPECT_NE(first.rejected[2].second.find("fields"), std::string::npos) << first.rejected[2].second;
    EXPECT_EQ(env.tickets(), 9700);

    // Staff get one digest per batch of 500, not 9,700 cards.
    std::size_t to_staff = 0;
    env.store->transact([&](workflow::StoreTx& tx) {
        for (const auto& m : tx.outbox().due(env.clock.now(), 100000, "")) to_staff += m.recipient == kStaff;
    });
    EXPECT_EQ(to_staff, 20u);

    const auto again = env.run(file);
    EXPECT_EQ(again.created, 0);
    EXPECT_EQ(again.known, 9700);
    EXPECT_EQ(env.tickets(), 9700);
}

TEST(Import, AGb18030ExportRoundTripsAndTheOtherLinesExportMerges) {
    ImportEnv env;
    const auto renmin = (env.dir / "renmin.csv").string();
    std::ofstream(renmin, std::ios::binary) << gb18030(
        "source_id,title,content,citizen_phone,citizen_name,received_at\n"
        "RM-1,小区供暖不热,\"暖气只有十几度，老人孩子受不了。\",13812345678,王先生,2026-11-02T08:30:00+08:00\n");
    const auto s = env.run(renmin);
    EXPECT_EQ(s.encoding, "GB18030");
    ASSERT_EQ(s.created, 1);
    env.store->transact([&](workflow::StoreTx& tx) {
        const auto t = tx.tickets().find(1);
        EXPECT_EQ(t->title, "小区供暖不热");
        EXPECT_EQ(t->content, "暖气只有十几度，老人孩子受不了。");
    });
    const auto hotline = (env.dir / "hotline.json").string();
    std::ofstream(hotline) << R"([{"source_id":"HL-5","title":"供暖问题","content":"暖气只有十几度,老人孩子受不了!",)"
                              R"("citizen_phone":"+86 138 1234 5678","received_at":"2026-11-02T01:00:00Z"}])";
    const auto h = env.run(hotline, false, "hotline12345");
    EXPECT_EQ(h.merged, 1);
    EXPECT_EQ(env.tickets(), 1);
}

TEST(Import, AGb18030FileLargerThanTheReadBufferDecodesCharactersSplitBetweenReads) {
    // 3,000 rows of two-byte characters: the 64 KB reads end inside characters many times, and
    // the UTF-8 check that picks the encoding sees the whole file, not its first read.
    ImportEnv env;
    const auto file = (env.dir / "big.csv").string();
    std::string csv = "source_id,title,content,citizen_phone,received_at\n";
    for (int i = 0; i < 3000; ++i)
        csv += "RM-" + std::to_string(i) + ",第" + std::to_string(i) + "号楼供暖不热,暖气只有十几度，老人孩子受不了。" +
               std::string(i % 3, 'x') + "," + std::to_string(13800000000LL + i) + ",2026-11-02T08:30:00+08:00\n";
    std::ofstream(file, std::ios::binary) << gb18030(csv);
    ASSERT_GT(std::filesystem::file_size(file), 3 * 64 * 1024u);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
    ImportOptions o;
    o.source = "renmin";
    o.progress = [&](std::uint64_t done, std::uint64_t total) { progress.emplace_back(done, total); };
    const auto s = import_file(file, o, env.cipher, *env.store, env.engine, {});
    EXPECT_EQ(s.encoding, "GB18030");
    EXPECT_EQ(s.created, 3000);
    EXPECT_TRUE(s.rejected.empty());
    env.store->transact([&](workflow::StoreTx& tx) {
        for (const std::int64_t id : {1, 1500, 3000}) {
            const auto t = tx.tickets().find(id);
            EXPECT_EQ(t->title, "第" + std::to_string(id - 1) + "号楼供暖不热");
            EXPECT_EQ(t->content.rfind("暖气只有十几度，老人孩子受不了。", 0), 0u) << t->content;
        }
    });
    // One report per committed batch while reading, then the whole file once.
    ASSERT_GE(progress.size(), 2u);
    EXPECT_LT(progress.front().first, progress.front().second);
    EXPECT_EQ(progress.back().first, std::filesystem::file_size(file));
    EXPECT_EQ(progress.back().second, std::filesystem::file_size(file));
}

TEST(Import, AJsonExportIsReadElementByElementAndItsShapeIsChecked) {
    ImportEnv env;
    const auto file = (env.dir / "hotline.json").string();
    std::ofstream(file) << R"([{"source_id":"HL-1","title":"路灯不亮","content":"路灯坏了一周","citizen_phone":"13812345678",)"
                           R"("received_at":"2026-11-02T01:00:00Z"}, 5, ["x"], {"source":"renmin","source_id":"RM-9"}])";
    const auto s = env.run(file, false, "hotline12345");
    EXPECT_EQ(s.rows, 4u);
    EXPECT_EQ(s.created, 1);
    ASSERT_EQ(s.rejected.size(), 3u);
    EXPECT_EQ(s.rejected[0], std::make_pair(std::size_t{2}, std::string("not an object")));
    EXPECT_EQ(s.rejected[1], std::make_pair(std::size_t{3}, std::string("not an object")));
    EXPECT_EQ(s.rejected[2], std::make_pair(std::size_t{4}, std::string("source differs from --source")));

    for (const char* bad : {R"({"source_id":"HL-1"})", "", "[{\"source_id\":", "7"}) {
        std::ofstream(file, std::ios::trunc) << bad;
        EXPECT_THROW(env.run(file, false, "hotline12345"), std::runtime_error) << bad;
    }
}
