// The public reply is published under the county's name: whatever punctuation a handler typed at
// the ends of the sections, both documents read as written Chinese. A golden table.
#include <gtest/gtest.h>

#include "workflow/documents/chinese_punctuation.h"
#include "workflow/documents/reply_template.h"

using namespace hotline::workflow;

namespace {

struct Golden {
    const char* name;
    std::map<Section, std::string> typed;
    std::string finding_and_cause;  // the three paragraphs of the public reply's body
    std::string work_and_progress;
    std::string attitude;
};

const char* kUnit = "旗住房和城乡建设局";

// A complete, solved result; each case overrides what it is about.
ReplyDraft draft(const std::map<Section, std::string>& typed) {
    ReplyDraft d;
    d.sections = {{Section::finding, "属实"},  {Section::cause, "循环泵故障"}, {Section::work_done, "派人检修"},
                  {Section::progress, "已解决"}, {Section::attitude, "满意"},  {Section::contact, "张伟"},
                  {Section::phone, "0477-1234567"}};
    for (const auto& [s, t] : typed) d.sections[s] = t;
    return d;
}

const std::string kFinding = "经核查，您反映问题属实。";
const std::string kWorkLead = std::string("收到您反映问题后，") + kUnit;
const std::string kSatisfied = std::string("以上情况，") + kUnit + "已向您进行解释说明，您对办理结果表示满意。";

std::vector<Golden> table() {
    return {
        {"the issue's example, full-width commas inside, none at the ends",
         {{Section::cause, "小区换热站循环泵故障，供水温度偏低"},
          {Section::work_done, "12月1日派人到现场检修，更换了循环泵"},
          {Section::progress, "已解决，室温恢复到20度以上"}},
         kFinding + "小区换热站循环泵故障，供水温度偏低。",
         kWorkLead + "12月1日派人到现场检修，更换了循环泵，目前已解决，室温恢复到20度以上。", kSatisfied},
        {"every section already ends with 。",
         {{Section::cause, "循环泵故障。"}, {Section::work_done, "派人检修。"}, {Section::progress, "已解决。"},
          {Section::attitude, "满意。"}},
         kFinding + "循环泵故障。", kWorkLead + "派人检修。目前已解决。", kSatisfied},
        {"half-width commas between Chinese words",
         {{Section::cause, "循环泵故障,供水温度偏低"}, {Section::work_done, "派人检修,更换了循环泵."}},
         kFinding + "循环泵故障，供水温度偏低。", kWorkLead + "派人检修，更换了循环泵。目前已解决。", kSatisfied},
        {"a half-width comma and a space",
         {{Section::cause, "管网老化, 压力不足"}}, kFinding + "管网老化，压力不足。", kWorkLead + "派人检修，目前已解决。",
         kSatisfied},
        {"a section ending with ， runs on",
         {{Section::work_done, "派人检修，"}}, kFinding + "循环泵故障。", kWorkLead + "派人检修，目前已解决。", kSatisfied},
        {"a section ending with 、 or ；",
         {{Section::cause, "管网老化；"}, {Section::work_done, "更换阀门、"}}, kFinding + "管网老化。",
         kWorkLead + "更换阀门，目前已解决。", kSatisfied},
        {"a half-width full stop at the end",
         {{Section::progress, "已解决."}}, kFinding + "循环泵故障。", kWorkLead + "派人检修，目前已解决。", kSatisfied},
        {"the handler wrote 目前 too",
         {{Section::progress, "目前已解决"}}, kFinding + "循环泵故障。", kWorkLead + "派人检修，目前已解决。", kSatisfied},
        {"an exclamation mark ends a sentence",
         {{Section::progress, "已解决！"}}, kFinding + "循环泵故障。", kWorkLead + "派人检修，目前已解决！", kSatisfied},
        {"emoji at the end of sections",
         {{Section::progress, "已解决👍"}, {Section::attitude, "满意😊"}}, kFinding + "循环泵故障。",
         kWorkLead + "派人检修，目前已解决👍。",
         std::string("以上情况，") + kUnit + "已向您进行解释说明，您对办理结果表示满意😊。"},
        {"line breaks inside a section",
         {{Section::cause, "管网老化\n末端压力不足"}, {Section::work_done, "组织现场核查\r\n更换老化阀门\n"}},
         kFinding + "管网老化，末端压力不足。", kWorkLead + "组织现场核查，更换老化阀门，目前已解决。", kSatisfied},
        {"numbered lines with their own punctuation",
         {{Section::work_done, "1.更换循环泵；\n2.清洗管道。"}}, kFinding + "循环泵故障。",
         kWorkLead + "1.更换循环泵；2.清洗管道。目前已解决。", kSatisfied},
        {"不属实",
         {{Section::finding, "不属实"}, {Section::cause, "经现场核查，该小区供暖温度达标"}},
         "经核查，您反映问题不属实。经现场核查，该小区供暖温度达标。", kWorkLead + "派人检修，目前已解决。", kSatisfied},
        {"部分属实, not solved: next steps and the expected date",
         {{Section::finding, "部分属实"},
          {Section::progress, "正在协调资金"},
          {Section::next_steps, "更换老化管网"},
          {Section::expected, "2027年3月底前"},
          {Section::attitude, "理解"}},
         "经核查，您反映问题部分属实。循环泵故障。",
         kWorkLead + "派人检修，目前正在协调资金。下一步，更换老化管网（预计2027年3月底前）。",
         std::string("以上情况，") + kUnit + "已向您进行解释说明，您对办理结果表示理解。"},
        {"not solved, next steps and the date end with 。",
         {{Section::progress, "尚未解决。"}, {Section::next_steps, "更换老化管网。"}, {Section::expected, "2027年3月底前。"}},
         kFinding + "循环泵故障。", kWorkLead + "派人检修，目前尚未解决。下一步，更换老化管网（预计2027年3月底前）。",
         kSatisfied},
        {"not solved, the handler wrote 下一步 and 预计 too",
         {{Section::progress, "暂时无法解决，因资金未到位"},
          {Section::next_steps, "下一步将协调供热公司"},
          {Section::expected, "预计12月底"}},
         kFinding + "循环泵故障。",
         kWorkLead + "派人检修，目前暂时无法解决，因资金未到位。下一步，将协调供热公司（预计12月底）。", kSatisfied},
        {"full-width spaces around a section",
         {{Section::cause, "\u3000循环泵故障\u3000"}}, kFinding + "循环泵故障。", kWorkLead + "派人检修，目前已解决。",
         kSatisfied},
        {"a quotation that ends its sentence",
         {{Section::cause, "居民反映“暖气不热。”"}}, kFinding + "居民反映“暖气不热。”", kWorkLead + "派人检修，目前已解决。",
         kSatisfied},
        {"a quotation that does not",
         {{Section::cause, "居民称“暖气不热”"}}, kFinding + "居民称“暖气不热”。", kWorkLead + "派人检修，目前已解决。",
         kSatisfied},
        {"a half-width ellipsis",
         {{Section::cause, "原因仍在调查..."}}, kFinding + "原因仍在调查……", kWorkLead + "派人检修，目前已解决。", kSatisfied},
        {"a section starting with a comma",
         {{Section::work_done, "，派人到现场"}}, kFinding + "循环泵故障。", kWorkLead + "派人到现场，目前已解决。", kSatisfied},
        {"decimals and English stay as they are",
         {{Section::work_done, "通过12345 APP联系网民"}, {Section::progress, "已解决，室温达到20.5℃"}},
         kFinding + "循环泵故障。", kWorkLead + "通过12345 APP联系网民，目前已解决，室温达到20.5℃。", kSatisfied},
        {"the attitude with its own 。",
         {{Section::attitude, "认可。"}}, kFinding + "循环泵故障。", kWorkLead + "派人检修，目前已解决。",
         std::string("以上情况，") + kUnit + "已向您进行解释说明，您对办理结果表示认可。"},
    };
}

const RenderContext kContext{"小区供暖不热", "暖气只有十几度。", kUnit, from_china_time(2026, 12, 1, 10)};

std::string as_report(std::string s) {
    for (auto at = s.find("您"); at != std::string::npos; at = s.find("您", at)) s.replace(at, 3, "网民");
    return s;
}

}  // namespace

TEST(PublicReplyPunctuation, GoldenTable) {
    const auto cases = table();
    ASSERT_GE(cases.size(), 20u);
    for (const auto& g : cases) {
        const auto d = draft(g.typed);
        const auto reply = render_public_reply(d, kContext);
        const auto body = g.finding_and_cause + "\n\n" + g.work_and_progress + "\n\n" + g.attitude;
        EXPECT_NE(reply.find(body), std::string::npos) << g.name << "\n--- got:\n" << reply;
        const auto report = render_report(d, kContext);
        EXPECT_NE(report.find(as_report(body)), std::string::npos) << g.name << "\n--- got:\n" << report;
    }
}

TEST(PublicReplyPunctuation, NoMarkIsDoubledAndNoLineStartsWithOne) {
    for (const auto& g : table()) {
        const auto d = draft(g.typed);
        for (const auto& doc : {render_public_reply(d, kContext), render_report(d, kContext)}) {
            for (const char* bad : {"，，", "。。", "，。", "。，", "；。", "、。", "。（", "\n，", "\n。", ",", "目前目前"})
                EXPECT_EQ(doc.find(bad), std::string::npos) << g.name << ": " << bad << "\n" << doc;
        }
    }
}

TEST(PublicReplyPunctuation, ContactAndPhoneWithoutTheirTypedFullStop) {
    const auto reply =
        render_public_reply(draft({{Section::contact, "张伟。"}, {Section::phone, "0477-1234567."}}), kContext);
    EXPECT_NE(reply.find("请咨询旗住房和城乡建设局工作人员张伟，联系电话：0477-1234567。感谢"), std::string::npos) << reply;
}

TEST(ChinesePunctuation, SentencesClausesAndBareText) {
    EXPECT_EQ(as_sentence(""), "");
    EXPECT_EQ(as_sentence("已解决"), "已解决。");
    EXPECT_EQ(as_sentence("已解决，"), "已解决。");
    EXPECT_EQ(as_sentence("已解决？"), "已解决？");
    EXPECT_EQ(as_clause("派人检修"), "派人检修，");
    EXPECT_EQ(as_clause("派人检修。"), "派人检修。");
    EXPECT_EQ(as_clause("派人检修；"), "派人检修；");
    EXPECT_EQ(without_final_mark("满意！！"), "满意");
    EXPECT_EQ(as_sentence("version 2.0"), "version 2.0。");
    EXPECT_EQ(as_sentence("(预计12月)"), "（预计12月）。");
    EXPECT_EQ(as_paragraph_text("a\n\n\nb"), "a，b");
    EXPECT_EQ(as_sentence(std::string("\xff坏")), "\xEF\xBF\xBD坏。");  // not UTF-8: U+FFFD, as everywhere
}
