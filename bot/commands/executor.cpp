#include "bot/commands/executor.h"

#include <fmt/format.h>

#include <algorithm>

#include "bot/commands/normalize.h"
#include "workflow/intake/intake.h"
#include "workflow/statistics/report_text.h"
#include "workflow/documents/reply_template.h"
#include "workflow/worklist/worklist.h"

namespace hotline::bot::commands {

namespace {

using workflow::Role;
using workflow::State;
using workflow::Ticket;

bool may_use(const workflow::Person& p, const VerbSpec& spec) {
    const auto roles = roles_for(spec);
    if (roles.empty()) return true;
    return std::any_of(roles.begin(), roles.end(), [&](Role r) { return p.has_role(r); });
}

std::string line_of(const Ticket& t) {
    std::string s = fmt::format("#{} {}（{}", t.id, t.title, workflow::chinese_name(t.state));
    if (t.feedback_deadline) s += "，反馈截止" + workflow::format_china_time(*t.feedback_deadline);
    return s + "）";
}

std::string roles_text(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) out += (out.empty() ? "" : "或") + std::string(workflow::chinese_name(r));
    return out;
}

std::optional<std::int64_t> resolve_ticket(workflow::StoreTx& tx, const std::string& ref) {
    if (!ref.empty() && ref.size() <= 15 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::stoll(ref);
    return tx.tickets().id_by_source(ref);
}

}  // namespace

std::string Executor::help_for(const workflow::Person& p) {
    std::string out = fmt::format("{}，您可以使用以下指令（工单号即消息中的#号码）：", p.name);
    for (const auto& spec : command_table()) {
        if (!may_use(p, spec)) continue;
        out += fmt::format("\n· {}　例：{}", spec.usage, spec.example);
    }
    return out;
}

UnitMatch resolve_unit(workflow::StoreTx& tx, const std::string& typed) {
    const auto units = tx.directory().units();
    for (const auto& u : units) {
        if (u.code == typed || u.name == typed) return {u, {}};
        if (std::find(u.aliases.begin(), u.aliases.end(), typed) != u.aliases.end()) return {u, {}};
    }
    std::vector<workflow::Unit> partial;
    for (const auto& u : units)
        if (u.name.find(typed) != std::string::npos) partial.push_back(u);
    if (partial.size() == 1) return {partial[0], {}};
    if (partial.size() > 1) {
        std::string names;
        for (const auto& u : partial) names += (names.empty() ? "" : "、") + u.name;
        return {std::nullopt, fmt::format("「{}」对应多个单位：{}。请写全称或简称。", typed, names)};
    }
    const workflow::Unit* closest = nullptr;
    std::size_t best = 3;
    for (const auto& u : units) {
        std::vector<std::string> names{u.name};
        names.insert(names.end(), u.aliases.begin(), u.aliases.end());
        for (const auto& n : names)
            if (const auto d = edit_distance(typed, n); d < best) best = d, closest = &u;
    }
    if (closest) return {std::nullopt, fmt::format("没有找到单位「{}」，您是不是要「{}」？", typed, closest->name)};
    return {std::nullopt, fmt::format("没有找到单位「{}」，请核对单位名称。", typed)};
}

std::string Executor::execute(workflow::StoreTx& tx, const std::string& userid, const std::string& message) {
    const auto who = tx.directory().person(userid);
    if (!who || !who->active) return "您不在本系统通讯录中，请联系管理员开通。";
    if (const auto draft = tx.documents().result_draft(userid)) {
        // While a result is being filled in, messages answer it (a new 反馈 starts over).
        if (normalize(message).rfind("反馈", 0) != 0) return continue_draft(tx, *who, *draft, message);
        tx.documents().delete_result_draft(userid);
    }
    if (auto answer = evidence_choice(tx, *who, message)) return *answer;
    const auto parsed = parse_command(message);
    if (!parsed.command) return parsed.error;
    const Command& cmd = *parsed.command;
    const VerbSpec& spec = spec_for(cmd.verb);
    if (!may_use(*who, spec))
        return fmt::format("「{}」须由{}使用，您没有此权限。发送「帮助」查看您可用的指令。", spec.name, roles_text(roles_for(spec)));

    switch (cmd.verb) {
        case Verb::help: return help_for(*who);
        case Verb::my_tickets: return my_tickets(tx, *who);
        case Verb::overdue: return overdue(tx);
        case Verb::stats: return stats(tx, *who, cmd.unit, cmd.text);
        case Verb::supervision_notice: return supervision_notice(tx, *who, cmd.text);
        default: break;
    }
    const auto found = resolve_ticket(tx, cmd.ticket_ref);
    if (!found) return fmt::format("没有找到工单「{}」，请核对工单号。", cmd.ticket_ref);
    const std::int64_t id = *found;
    if (cmd.verb == Verb::merge || cmd.verb == Verb::keep_separate) {
        const auto other = resolve_ticket(tx, cmd.second_ref);
        if (!other) return fmt::format("没有找到工单「{}」，请核对工单号。", cmd.second_ref);
        return merge_pair(tx, *who, cmd.verb == Verb::merge, id, *other);
    }
    if (cmd.verb == Verb::query) return query(tx, *who, id);
    if (cmd.verb == Verb::evidence) return evidence_list(tx, *who, id);
    if (cmd.verb == Verb::report) {
        const auto t = tx.tickets().find(id);
        if (!t) return fmt::format("工单#{}不存在，请核对编号。", id);
        if (!workflow::may_view(*who, *t))
            return fmt::format("工单#{}不是本单位的工单，您无权查看。", id);
        if (!parts_.report_versions) return fmt::format("工单#{}：本系统未启用报告文件。", id);
        return parts_.report_versions->send_current(tx, *t, who->userid, engine_.clock().now());
    }
    if (cmd.verb == Verb::result && cmd.text.empty()) return start_draft(tx, *who, id);
    if (cmd.verb == Verb::survey_result) return survey_result(tx, *who, cmd, id);
    return run_action(tx, *who, cmd, id);
}

std::string Executor::run_action(workflow::StoreTx& tx, const workflow::Person& who, const Command& cmd,
                                 std::int64_t id) {
    const VerbSpec& spec = spec_for(cmd.verb);
    workflow::ActionRequest req;
    req.action = *spec.action;
    if (cmd.verb == Verb::signoff && !cmd.approve) req.action = workflow::Action::signoff_reject;
    req.ticket_id = id;
    req.actor = who.userid;
    req.note = cmd.text;
    req.days = cmd.days;
    req.category = cmd.category;
    if (cmd.verb == Verb::result) {
        req.result = cmd.text;
        req.note.clear();
    }
    if (cmd.verb == Verb::dispatch) {
        const auto unit = resolve_unit(tx, cmd.unit);
        if (!unit.unit) return unit.error;
        req.unit_code = unit.unit->code;
    }
    const auto r = engine_.apply_in(tx, req);
    if (!r.ok()) return r.refusal->message;
    const Ticket& t = r.ticket;
    const auto& transition = workflow::transition_for(req.action);
    if (req.action == workflow::Action::contact) return fmt::format("已记录与网民的联系：工单#{}。", t.id);
    if (req.action == workflow::Action::instruct)
        return fmt::format("已记录批示：工单#{}，已转{}12345热线工作人员。批示仅本工单的办理人员可见。", t.id,
                           t.unit_code.empty() ? "" : "承办单位经办人、分管领导和");
    if (req.action == workflow::Action::request_return || req.action == workflow::Action::request_extension)
        return fmt::format("已提交{}申请：工单#{}，等待旗接诉即办中心审批。", transition.chinese, t.id);
    std::string reply = fmt::format("{}：工单#{}，当前状态：{}。", workflow::transition_for(req.action).done, t.id, workflow::chinese_name(t.state));
    switch (req.action) {
        case workflow::Action::dispatch:
            reply += fmt::format("承办单位：{}；类别：{}；反馈截止：北京时间{}。", tx.directory().unit(t.unit_code)->name,
                                 workflow::chinese_name(t.category), workflow::format_china_time(*t.feedback_deadline));
            break;
        case workflow::Action::accept:
            reply += fmt::format("报告截止：北京时间{}；反馈截止：北京时间{}。请按答复模板办理。",
                                 workflow::format_china_time(*t.report_deadline),
                                 workflow::format_china_time(*t.feedback_deadline));
            break;
        case workflow::Action::approve_extension:
            reply += fmt::format("新的反馈截止：北京时间{}。", workflow::format_china_time(*t.feedback_deadline));
            break;
        case workflow::Action::submit_result: {
            if (parts_.report_versions) parts_.report_versions->on_submitted(tx, t, who.userid, engine_.clock().now());
            // Show the public reply as it will read, so mistakes are caught before the leader sees it.
            const auto draft = workflow::ReplyDraft::from_json(t.result);
            const auto unit = tx.directory().unit(t.unit_code);
            if (draft && unit)
                reply += "已提交分管领导审核。答复预览：\n" +
                         workflow::render_public_reply(*draft, {t.title, t.content, unit->name, engine_.clock().now()});
            break;
        }
        default:
            break;
    }
    return reply;
}

std::string Executor::survey_result(workflow::StoreTx& tx, const workflow::Person& who, const Command& cmd,
                                    std::int64_t id) {
    // The answers are the first words; whatever follows them is the note.
    std::string answers, note;
    std::size_t pos = 0;
    const std::string text = normalize(cmd.text);
    for (int word = 0; word < 2 && pos < text.size(); ++word) {
        const auto end = text.find(' ', pos);
        answers += text.substr(pos, end == std::string::npos ? std::string::npos : end - pos) + " ";
        pos = end == std::string::npos ? text.size() : end + 1;
    }
    note = pos < text.size() ? text.substr(pos) : "";
    auto parsed = workflow::parse_survey_reply(answers);
    if (parsed.contradictory || !parsed.satisfaction || !parsed.resolution) {
        // "满意已解决" without a space, or the note first: try the whole text.
        parsed = workflow::parse_survey_reply(text);
        note.clear();
    }
    if (parsed.contradictory || !parsed.satisfaction || !parsed.resolution)
        return "请写明满意程度（满意、基本满意或不满意）和问题是否解决（已解决或未解决），例：回访结果 " +
               std::to_string(id) + " 基本满意 已解决 市民希望加快进度";
    workflow::SurveyEngine& survey = parts_.survey ? *parts_.survey : own_survey_;
    const auto r = survey.record_in(tx, id, who.userid, *parsed.satisfaction, *parsed.resolution, note);
    if (!r.ok()) return r.refusal->message;
    std::string reply = fmt::format("已登记回访结果：工单#{}，{}，{}。当前状态：{}。", id,
                                    workflow::chinese_name(*parsed.satisfaction), workflow::chinese_name(*parsed.resolution),
                                    workflow::chinese_name(r.ticket.state));
    if (r.ticket.state == State::handling) reply += "已转督办，承办单位将再次办理。";
    return reply;
}

std::string Executor::merge_pair(workflow::StoreTx& tx, const workflow::Person& who, bool merge, std::int64_t keep,
                                 std::int64_t duplicate) {
    using Kind = workflow::StaffMergeOutcome::Kind;
    const auto outcome = workflow::merge_by_staff(tx, engine_, who.userid, merge, keep, duplicate);
    switch (outcome.kind) {
        case Kind::same_ticket: return "请写两个不同的工单号。";
        case Kind::unknown_ticket: return fmt::format("工单#{}不存在，请核对编号。", keep);
        case Kind::no_flag: return fmt::format("工单#{}与工单#{}没有待确认的重复提示。", keep, duplicate);
        case Kind::kept_apart: return fmt::format("已确认工单#{}与工单#{}是不同的留言，分别办理。", keep, duplicate);
        case Kind::refused: return outcome.refusal->message;
        case Kind::merged: break;
    }
    return fmt::format("已将工单#{}并入工单#{}，两个平台的编号都归入工单#{}。", duplicate, keep, keep);
}

std::string Executor::start_draft(workflow::StoreTx& tx, const workflow::Person& who, std::int64_t id) {
    workflow::ActionRequest req;
    req.action = workflow::Action::submit_result;
    req.ticket_id = id;
    req.actor = who.userid;
    if (const auto refusal = engine_.check_in(tx, req)) return refusal->message;  // the engine's own rules
    tx.documents().save_result_draft({who.userid, id, workflow::ReplyDraft{}.to_json()}, engine_.clock().now());
    return fmt::format(
        "开始填写工单#{}的办理结果，我会逐项提问，请直接回复内容（发送「取消」退出）。也可以一次发送「反馈 {}」加完整模板：\n{}\n"
        "第1项 {}",
        id, id, workflow::blank_template(), workflow::prompt(workflow::Section::finding));
}

std::string Executor::continue_draft(workflow::StoreTx& tx, const workflow::Person& who,
                                     const workflow::ResultDraft& stored, const std::string& message) {
    const std::string text = normalize_keep_lines(message);  // for 取消 / 提交
    if (text == "取消") {
        tx.documents().delete_result_draft(who.userid);
        return fmt::format("已放弃填写工单#{}的办理结果。", stored.ticket_id);
    }
    auto draft = workflow::ReplyDraft::from_json(stored.sections).value_or(workflow::ReplyDraft{});
    auto missing = draft.missing();
    if (text == "提交") {
        if (!missing.empty()) return fmt::format("还差{}项未填。{}", missing.size(), workflow::prompt(missing.front()));
        tx.documents().delete_result_draft(who.userid);
        Command cmd;
        cmd.verb = Verb::result;
        cmd.text = workflow::to_text(draft);
        return run_action(tx, who, cmd, stored.ticket_id);
    }
    if (missing.empty())
        return fmt::format("工单#{}的各项已填写完毕：确认提交请回复「提交」，重新填写请发送「反馈 {}」，放弃请回复「取消」。",
                           stored.ticket_id, stored.ticket_id);
    const auto section = missing.front();
    if (section == workflow::Section::finding && text.find("属实") == std::string::npos)
        return fmt::format("工单#{}的核查结论：请回复属实、不属实或部分属实。", stored.ticket_id);
    draft.sections[section] = as_typed(message);
    tx.documents().save_result_draft({who.userid, stored.ticket_id, draft.to_json()}, engine_.clock().now());
    missing = draft.missing();
    if (!missing.empty()) return std::string(workflow::prompt(missing.front()));
    const auto t = tx.tickets().find(stored.ticket_id);
    const auto unit = t ? tx.directory().unit(t->unit_code) : std::nullopt;
    return fmt::format("各项已填写完毕。答复预览：\n{}\n\n确认提交请回复「提交」，放弃请回复「取消」。",
                       workflow::render_public_reply(
                           draft, {t ? t->title : "", t ? t->content : "", unit ? unit->name : "", engine_.clock().now()}));
}

std::string Executor::query(workflow::StoreTx& tx, const workflow::Person& who, std::int64_t id) {
    const auto t = tx.tickets().find(id);
    if (!t) return fmt::format("工单#{}不存在，请核对编号。", id);
    if (!workflow::may_view(who, *t)) return fmt::format("工单#{}不是本单位的工单，您无权查看。", id);
    std::string out = fmt::format("工单#{}：{}\n状态：{}", t->id, t->title, workflow::chinese_name(t->state));
    if (t->state == State::signoff) out += fmt::format("（第{}级）", t->signoff_level);
    out += fmt::format("\n类别：{}", workflow::chinese_name(t->category));
    if (!t->unit_code.empty())
        if (auto u = tx.directory().unit(t->unit_code)) out += "\n承办单位：" + u->name;
    if (t->report_deadline) out += "\n报告截止：北京时间" + workflow::format_china_time(*t->report_deadline);
    if (t->feedback_deadline) out += "\n反馈截止：北京时间" + workflow::format_china_time(*t->feedback_deadline);
    if (t->redo_deadline && (t->state == State::handling || t->state == State::unit_review))
        out += fmt::format("\n重办截止：北京时间{}（第{}次重办）", workflow::format_china_time(*t->redo_deadline), t->redo_count);
    if (t->extension_days) out += fmt::format("\n已延期：{}个工作日", t->extension_days);
    for (auto kind : {workflow::RequestKind::return_request, workflow::RequestKind::extension})
        if (auto p = tx.requests().pending_of(id, kind))
            out += fmt::format("\n待审批：{}申请（{}）", workflow::chinese_name(kind), p->reason);
    // The result as the leader and the reviewers will judge it: the full report of the 附件.
    if (const auto draft = workflow::ReplyDraft::from_json(t->result); draft && !t->result.empty()) {
        const auto unit = tx.directory().unit(t->unit_code);
        out += "\n\n办理结果：\n" +
               workflow::render_report(*draft, {t->title, t->content, unit ? unit->name : "", t->updated_at});
    }
    // Instructions go to exactly the people who may see the ticket (checked above), nowhere else.
    std::string instructions;
    for (const auto& e : tx.audit().of(id)) {
        if (e.action != to_string(workflow::Action::instruct)) continue;
        const auto by = tx.directory().person(e.actor);
        instructions += fmt::format("\n· 北京时间{} {}：{}", workflow::format_china_time(e.at), by ? by->name : e.actor, e.note);
    }
    if (!instructions.empty()) out += "\n\n领导批示（请勿传阅）：" + instructions;
    return out;
}

std::string Executor::my_tickets(workflow::StoreTx& tx, const workflow::Person& who) {
    const auto work = workflow::worklist_of(tx, who);
    std::string out;
    for (const auto& r : work.requests)
        out += fmt::format("\n· #{} 待审批{}申请：{}", r.ticket_id,
                           r.kind == workflow::RequestKind::return_request ? "退单" : fmt::format("延期{}天", r.days),
                           r.reason);
    for (const auto& t : work.tickets) out += "\n· " + line_of(t);
    if (out.empty()) return "您目前没有待办工单。";
    return "您的待办：" + out;
}

std::string Executor::stats(workflow::StoreTx& tx, const workflow::Person& who, const std::string& first_word,
                            const std::string& rest) {
    // The words are a unit and a period, in either order; each is optional.
    std::string typed_unit, typed_period;
    const auto now = engine_.clock().now();
    for (const auto& word : {first_word, rest}) {
        if (word.empty()) continue;
        if (typed_period.empty() && workflow::parse_period(word, now)) typed_period = word;
        else if (typed_unit.empty()) typed_unit = word;
        else return "请写「统计 [单位] [期间]」，期间可写本周、上周、本月、上月或2026-10。";
    }
    // Unit leaders see their own unit only; the hotline sees every unit, or the one named.
    std::string only = who.unit_scoped() ? who.unit_code : "";
    if (!typed_unit.empty()) {
        const auto match = resolve_unit(tx, typed_unit);
        if (!match.unit) return match.error;
        if (!only.empty() && match.unit->code != only) return "您只能查看本单位的统计。";
        only = match.unit->code;
    }
    if (!typed_period.empty()) {
        const auto report = workflow::compute_stats(tx, *workflow::parse_period(typed_period, now), parts_.stats_policy, now);
        return workflow::report_chat(report, only);
    }
    const auto counts = tx.tickets().counts_by_unit();
    const auto overdue = tx.tickets().overdue_counts_by_unit(engine_.clock().now());
    std::string out = fmt::format("工单统计（截至北京时间{}）：", workflow::format_china_time(engine_.clock().now()));
    for (const auto& unit : tx.directory().units()) {
        if (!only.empty() && unit.code != only) continue;
        std::int64_t with_unit = 0, done = 0, total = 0;
        if (auto it = counts.find(unit.code); it != counts.end())
            for (const auto& [state, n] : it->second) {
                total += n;
                if (workflow::with_unit(state)) with_unit += n;
                if (workflow::answered(state)) done += n;
            }
        const auto late = overdue.contains(unit.code) ? overdue.at(unit.code) : 0;
        out += fmt::format("\n· {}：承办{}件，在办{}件（超期{}件），已答复{}件", unit.name, total, with_unit, late, done);
    }
    return out + "\n三率排名请发送「统计 本周」「统计 上月」或「统计 2026-10」。";
}

std::string Executor::supervision_notice(workflow::StoreTx& tx, const workflow::Person& who,
                                         const std::string& period_text) {
    const auto now = engine_.clock().now();
    const auto period = workflow::parse_period(period_text.empty() ? "上月" : period_text, now);
    if (!period) return "请写「通报 [期间]」，期间可写上月、本月、2026-10或2026-10-01..2026-10-15。";
    if (!parts_.supervision) {
        const auto n = workflow::compute_supervision_notice(tx, *period, parts_.stats_policy, now);
        return workflow::supervision_chat_summary(n) + "\n（本系统未启用通报文件。）";
    }
    return parts_.supervision->answer(tx, parts_.supervision->compute(tx, *period, now), who.userid, now);
}

std::string Executor::overdue(workflow::StoreTx& tx) {
    const auto list = tx.tickets().overdue(engine_.clock().now(), 50);
    if (list.empty()) return "目前没有超期工单。";
    std::string out = fmt::format("超期工单{}件：", list.size());
    for (const auto& t : list) {
        const auto unit = tx.directory().unit(t.unit_code);
        out += fmt::format("\n· #{} {}（{}，{}截止{}）", t.id, t.title, unit ? unit->name : t.unit_code,
                           t.redo_deadline ? "重办" : "反馈",
                           workflow::format_china_time(t.redo_deadline.value_or(*t.feedback_deadline)));
    }
    return out;
}

}  // namespace hotline::bot::commands
