#include "workflow/documents/reply_template.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>

#include "workflow/documents/chinese_punctuation.h"

namespace hotline::workflow {

namespace {

struct Label {
    Section section;
    std::string_view name;
    std::vector<std::string_view> aliases;
};

const std::vector<Label>& labels() {
    static const std::vector<Label> l{
        {Section::finding, "核查结论", {"结论", "核查情况"}},
        {Section::cause, "原因", {"背景原因", "问题原因", "背景", "原因经过"}},
        {Section::work_done, "已开展工作", {"开展工作", "处理情况", "已做工作"}},
        {Section::progress, "目前进展", {"进展", "解决情况", "解决程度"}},
        {Section::next_steps, "下一步计划", {"下一步", "下步计划"}},
        {Section::expected, "预计时限", {"预计解决时限", "预计完成时间"}},
        {Section::attitude, "群众态度", {"网民态度", "群众意见"}},
        {Section::contact, "联系人", {}},
        {Section::phone, "电话", {"联系电话"}},
    };
    return l;
}

std::string trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// "核查结论：属实" -> (finding, "属实")
std::optional<std::pair<Section, std::string>> labelled(std::string_view line) {
    for (std::string_view colon : {"：", ":"}) {
        const auto p = line.find(colon);
        if (p == std::string_view::npos) continue;
        const auto name = trim(line.substr(0, p));
        for (const auto& l : labels()) {
            bool match = name == l.name;
            for (auto a : l.aliases) match = match || name == a;
            if (match) return std::make_pair(l.section, trim(line.substr(p + colon.size())));
        }
    }
    return std::nullopt;
}

std::string finding_phrase(const std::string& f) {
    if (f.find("部分") != std::string::npos) return "部分属实";
    if (f.find("不属实") != std::string::npos) return "不属实";
    return "属实";
}

std::string get(const ReplyDraft& d, Section s) {
    auto it = d.sections.find(s);
    return it == d.sections.end() ? std::string{} : it->second;
}

// A section as the handler typed it, as one paragraph, without a lead-in word the sentence
// already says ("目前已解决" after 目前).
std::string section_text(const ReplyDraft& d, Section s, std::string_view lead_in = {}) {
    std::string t = as_paragraph_text(get(d, s));
    if (!lead_in.empty() && t.rfind(lead_in, 0) == 0) t.erase(0, lead_in.size());
    return t;
}

// The 核查处置情况 body shared by both documents; `you` switches 网民 to 您. The sections are
// joined with the punctuation a written document needs, whatever the handler typed at their ends.
std::string body(const ReplyDraft& d, const RenderContext& c, bool you) {
    const std::string who = you ? "您" : "网民";
    std::string out = fmt::format("经核查，{}反映问题{}。{}\n\n", who, finding_phrase(get(d, Section::finding)),
                                  as_sentence(section_text(d, Section::cause)));
    out += fmt::format("收到{}反映问题后，{}{}目前{}", who, c.unit_name, as_clause(section_text(d, Section::work_done)),
                       as_sentence(section_text(d, Section::progress, "目前")));
    if (!d.solved())
        out += fmt::format("下一步，{}（预计{}）。", without_final_mark(section_text(d, Section::next_steps, "下一步")),
                           without_final_mark(section_text(d, Section::expected, "预计")));
    out += fmt::format("\n\n以上情况，{}已向{}进行解释说明，{}对办理结果表示{}。", c.unit_name, who, who,
                       without_final_mark(section_text(d, Section::attitude)));
    return out;
}

}  // namespace

std::string_view prompt(Section s) {
    switch (s) {
        case Section::finding: return "核查结论：请回复属实、不属实或部分属实";
        case Section::cause: return "原因：请简述问题产生的背景、原因、经过";
        case Section::work_done: return "已开展工作：收到留言后开展了哪些工作？";
        case Section::progress: return "目前进展：目前解决到什么程度？（已解决请写明“已解决”；暂时解决不了请说明缘由）";
        case Section::next_steps: return "下一步计划：下一步如何处置？（解决措施、方式）";
        case Section::expected: return "预计时限：预计何时解决？";
        case Section::attitude: return "群众态度：已向网民解释说明，网民对办理结果的态度？（满意、认可、理解等）";
        case Section::contact: return "联系人：答复中留的联系人姓名？";
        case Section::phone: return "电话：答复中留的联系电话？";
    }
    return "";
}

std::string to_text(const ReplyDraft& d) {
    std::string out;
    for (const auto& l : labels()) {
        const auto it = d.sections.find(l.section);
        if (it != d.sections.end()) out += fmt::format("{}：{}\n", l.name, it->second);
    }
    return out;
}

std::string_view label(Section s) {
    for (const auto& l : labels())
        if (l.section == s) return l.name;
    return "?";
}

bool ReplyDraft::solved() const {
    const auto it = sections.find(Section::progress);
    if (it == sections.end()) return false;
    if (it->second.find("未解决") != std::string::npos || it->second.find("尚未") != std::string::npos) return false;
    for (std::string_view w : {"已解决", "已办结", "已完成", "已整改", "已修复"})
        if (it->second.find(w) != std::string::npos) return true;
    return false;
}

std::vector<Section> ReplyDraft::missing() const {
    std::vector<Section> out;
    for (const auto& l : labels()) {
        const bool optional_when_solved = l.section == Section::next_steps || l.section == Section::expected;
        if (optional_when_solved && solved()) continue;
        const auto it = sections.find(l.section);
        if (it == sections.end() || it->second.empty()) out.push_back(l.section);
    }
    return out;
}

std::string ReplyDraft::to_json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [s, text] : sections) j[std::string(label(s))] = text;
    return j.dump();
}

std::optional<ReplyDraft> ReplyDraft::from_json(std::string_view json) {
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    ReplyDraft d;
    for (const auto& l : labels())
        if (j.contains(std::string(l.name))) d.sections[l.section] = j[std::string(l.name)].get<std::string>();
    return d;
}

ReplyDraft parse_reply(std::string_view text) {
    ReplyDraft d;
    std::optional<Section> current;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (auto l = labelled(line)) {
            current = l->first;
            d.sections[l->first] = l->second;
        } else if (current) {
            auto& s = d.sections[*current];
            const auto t = trim(line);
            if (!t.empty()) s += (s.empty() ? "" : "\n") + t;
        }
    }
    return d;
}

std::string blank_template() {
    std::string out;
    for (const auto& l : labels()) out += fmt::format("{}：\n", l.name);
    return out;
}

std::string render_report(const ReplyDraft& d, const RenderContext& c) {
    return fmt::format("关于网民反映{}问题核查办理情况的报告\n\n一、留言内容\n\n{}\n\n二、核查处置情况\n\n{}\n\n三、回复情况\n\n{}",
                       c.title, c.message, body(d, c, false), render_public_reply(d, c));
}

std::string render_public_reply(const ReplyDraft& d, const RenderContext& c) {
    return fmt::format(
        "网民朋友您好，您的留言已收到。\n\n{}\n\n如有其他疑问，请咨询{}工作人员{}，联系电话：{}。感谢您对我们工作的理解与支持，"
        "祝您生活愉快，工作顺利。\n\n{}\n{}",
        body(d, c, true), c.unit_name, without_final_mark(get(d, Section::contact)),
        without_final_mark(get(d, Section::phone)), c.unit_name, format_china_date(c.date));
}

}  // namespace hotline::workflow
