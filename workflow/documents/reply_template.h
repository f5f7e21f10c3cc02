#pragma once
// The seed's reply template (附件: 反映问题类网民留言答复模板). A unit's result is written in
// labelled sections; this parses them, says which required ones are missing, and renders both
// documents of the 附件: the report to the hotline (关于网民反映…问题核查办理情况的报告) and the public
// reply to the citizen (网民朋友您好…).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/procedure/clock.h"

namespace hotline::workflow {

enum class Section {
    finding,     // 核查结论: 属实 / 不属实 / 部分属实
    cause,       // 原因: background, cause, course
    work_done,   // 已开展工作
    progress,    // 目前进展
    next_steps,  // 下一步计划 (required when not solved)
    expected,    // 预计时限 (required when not solved)
    attitude,    // 群众态度: 满意 / 认可 / 理解 ...
    contact,     // 联系人
    phone,       // 电话
};

std::string_view label(Section s);

struct ReplyDraft {
    std::map<Section, std::string> sections;

    bool solved() const;  // 目前进展 says 已解决 / 已办结 / 已完成
    std::vector<Section> missing() const;
    std::string to_json() const;
    static std::optional<ReplyDraft> from_json(std::string_view json);
};

// The question the guided mode asks for a section.
std::string_view prompt(Section s);
// Labelled text ("核查结论：属实\n原因：…") that parse_reply reads back.
std::string to_text(const ReplyDraft& d);

// Reads "标签：内容" lines (full-width or ASCII colon); a section's text runs on until the next
// label. Unlabelled text before the first label is ignored.
ReplyDraft parse_reply(std::string_view text);

// The blank template a handler fills in, one label per line.
std::string blank_template();

struct RenderContext {
    std::string title;     // the citizen's message title, for 关于网民反映「…」问题
    std::string message;   // the original message (一、留言内容)
    std::string unit_name;
    Instant date{};
};
std::string render_report(const ReplyDraft& d, const RenderContext& c);
std::string render_public_reply(const ReplyDraft& d, const RenderContext& c);

}  // namespace hotline::workflow
