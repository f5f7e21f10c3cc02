// The supervision notice (督办通报): which tickets a period reports and with which facts, read back
// from the PDF by poppler's pdftotext and from the workbook by openpyxl; the leaders' instructions
// only for readers allowed to see them; `通报 上月` in chat; the monthly schedule, once per period.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "bot/commands/executor.h"
#include "bot/documents/supervision_delivery.h"
#include "bot/documents/supervision_pdf.h"
#include "bot/inbox_worker.h"
#include "bot/reports/supervision_xlsx.h"
#include "tests/support/inbox_message.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "workflow/statistics/report_schedule.h"
#include "workflow/documents/supervision_notice.h"
#include "workflow/survey/survey.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::workflow;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// November 2026 with one ticket of each kind of bad case, and one handled well.
struct November : WorkflowEnv {
    std::int64_t overdue = 0, on_time = 0, redone = 0, late_return = 0, unhappy = 0;
    SurveyEngine survey{engine, {}, [](const std::string&) { return std::string("****"); }};

    November() {
        citizen_phone_enc = "enc:13812345678";
        // Handled in time: not in the notice.
        on_time = ticket_in(State::center_review);
        // Accepted and then left: its deadline (5 days) passes in November.
        overdue = ticket_in(State::handling);
        // Sent back for redo twice.
        redone = ticket_in(State::center_review);
        expect_ok(act(Action::review_redo, redone, kStaff, "答非所问，未说明整改时限"));
        expect_ok(act(Action::submit_result, redone, kHandler));
        expect_ok(act(Action::unit_approve, redone, kLeader));
        expect_ok(act(Action::review_redo, redone, kStaff, "仍未说明整改时限，请回电网民13912345678"));
        // A return asked for seven hours after dispatch: refused, and recorded.
        late_return = ticket_in(State::dispatched);
        clock.advance(7h);
        EXPECT_FALSE(act(Action::request_return, late_return, kHandler, "不属于本单位职责").ok());
        expect_ok(act(Action::instruct, late_return, kSigner3, "请住建局三日内彻底解决，并向我报告"));
        // Answered 不满意 (which supervises it), handled again, and still 不满意.
        unhappy = ticket_in(State::replied);
        record(unhappy, Satisfaction::dissatisfied, Resolution::unsolved);
        clock.advance(24h);
        for (auto [a, who] : std::initializer_list<std::pair<Action, const char*>>{
                 {Action::submit_result, kHandler}, {Action::unit_approve, kLeader}, {Action::review_pass, kStaff},
                 {Action::signoff_approve, kSigner1}, {Action::signoff_approve, kSigner2},
                 {Action::signoff_approve, kSigner3}, {Action::upload, kStaff}, {Action::city_approve, kStaff},
                 {Action::mark_replied, kStaff}})
            expect_ok(act(a, unhappy, who));
        clock.advance(24h);
        record(unhappy, Satisfaction::dissatisfied, Resolution::solved);
        clock.set(from_china_time(2026, 12, 1, 9, 0));
    }

    void expect_ok(const ActionResult& r) { EXPECT_TRUE(r.ok()) << r.refusal->message; }
    void record(std::int64_t id, Satisfaction s, Resolution r) {
        store->transact([&](StoreTx& tx) { expect_ok(survey.record_in(tx, id, kStaff, s, r, "")); });
    }

    SupervisionNotice notice(const std::string& period = "2026-11") {
        SupervisionNotice n;
        store->transact([&](StoreTx& tx) {
            n = compute_supervision_notice(tx, *parse_period(period, clock.now()), {}, clock.now(),
                                           [](const std::string& enc) { return enc.empty() ? "" : "138****5678"; });
        });
        return n;
    }
};

const NoticeCase* find_case(const SupervisionNotice& n, std::int64_t id) {
    for (const auto& c : n.cases)
        if (c.ticket_id == id) return &c;
    return nullptr;
}

bool has_kind(const NoticeCase& c, BadCaseKind k) { return c.findings.contains(k); }

std::string joined_trail(const NoticeCase& c) {
    std::string out;
    for (const auto& f : c.trail) out += format_china_time(f.at) + " " + f.who + " " + f.what + "\n";
    return out;
}

std::string flat(std::string s) {
    std::erase_if(s, [](char ch) { return ch == '\n' || ch == ' '; });
    return s;
}

std::string pdf_text(const TempDir& dir, const std::string& pdf) {
    const auto path = dir / "notice.pdf";
    std::ofstream(path, std::ios::binary) << pdf;
    const auto r = run({"/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", path.string(), "-"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
}

}  // namespace

TEST(SupervisionNotice, TheMonthsBadCasesWithTheFactsFromTheAuditTrail) {
    November env;
    const auto n = env.notice();
    EXPECT_EQ(n.period.label, "2026年11月");
    EXPECT_EQ(find_case(n, env.on_time), nullptr) << "handled in time, redone never: not a bad case";

    const auto* overdue = find_case(n, env.overdue);
    ASSERT_NE(overdue, nullptr);
    EXPECT_TRUE(has_kind(*overdue, BadCaseKind::overdue));
    EXPECT_EQ(overdue->unit_name, "旗住房和城乡建设局");
    EXPECT_EQ(overdue->citizen_phone, "138****5678");
    EXPECT_TRUE(has(overdue->findings.at(BadCaseKind::overdue), "仍未报送，已超期"))
        << overdue->findings.at(BadCaseKind::overdue);
    EXPECT_TRUE(has(joined_trail(*overdue), "张伟（旗住房和城乡建设局） 签收")) << joined_trail(*overdue);

    const auto* redone = find_case(n, env.redone);
    ASSERT_NE(redone, nullptr);
    EXPECT_TRUE(has_kind(*redone, BadCaseKind::redone_repeatedly));
    EXPECT_EQ(redone->findings.at(BadCaseKind::redone_repeatedly), "本期被退回重办2次");
    EXPECT_TRUE(has(joined_trail(*redone), "王芳 退回重办：仍未说明整改时限，请回电网民139****5678\n"))
        << "a number typed into a reason is masked too: " << joined_trail(*redone);
    EXPECT_TRUE(has(joined_trail(*redone), "王芳 派单至旗住房和城乡建设局")) << joined_trail(*redone);
    EXPECT_FALSE(has(joined_trail(*redone), "redo_deadline=")) << "machine parts of a note are not quoted";

    const auto* late = find_case(n, env.late_return);
    ASSERT_NE(late, nullptr);
    EXPECT_TRUE(has_kind(*late, BadCaseKind::late_return));
    EXPECT_TRUE(has(joined_trail(*late), "张伟（旗住房和城乡建设局） 申请退单，已超出派单后6小时的时限1小时，未受理：不属于本单位职责"))
        << joined_trail(*late);
    ASSERT_EQ(late->instructions.size(), 1u);
    EXPECT_EQ(late->instructions[0].who, "周华");
    EXPECT_EQ(late->instructions[0].what, "请住建局三日内彻底解决，并向我报告");
    for (const auto& f : late->trail) EXPECT_FALSE(has(f.what, "彻底解决")) << "an instruction in the trail: " << f.what;

    const auto* unhappy = find_case(n, env.unhappy);
    ASSERT_NE(unhappy, nullptr);
    ASSERT_EQ(unhappy->findings.size(), 1u);
    const auto& unhappy_finding = unhappy->findings.at(BadCaseKind::unsatisfied_after_supervision);
    EXPECT_TRUE(has(unhappy_finding, "督办后")) << unhappy_finding;
    EXPECT_TRUE(has(unhappy_finding, "仍为已解决、不满意")) << unhappy_finding;
    EXPECT_TRUE(has(joined_trail(*unhappy), "系统 督办：回访不满意、未解决，请再次核查办理")) << joined_trail(*unhappy);

    EXPECT_EQ(n.counts.at(BadCaseKind::redone_repeatedly), 1);
    EXPECT_EQ(n.counts.at(BadCaseKind::late_return), 1);
    EXPECT_EQ(n.counts.at(BadCaseKind::unsatisfied_after_supervision), 1);
    // October had none of it.
    EXPECT_TRUE(env.notice("2026-10").cases.empty());
}

TEST(SupervisionNotice, ASingleRedoOrATimelyReturnIsTheProcedureWorking) {
    WorkflowEnv env;
    const auto once = env.ticket_in(State::center_review);
    ASSERT_TRUE(env.act(Action::review_redo, once, kStaff, "请补充现场照片").ok());
    const auto returned = env.ticket_in(State::dispatched);
    env.clock.advance(5h);
    ASSERT_TRUE(env.act(Action::request_return, returned, kHandler, "不属于本单位职责").ok());
    env.clock.advance(1h);
    SupervisionNotice n;
    env.store->transact([&](StoreTx& tx) {
        n = compute_supervision_notice(tx, *parse_period("2026-11", env.clock.now()), {}, env.clock.now());
    });
    EXPECT_TRUE(n.cases.empty()) << supervision_chat_summary(n);
    EXPECT_TRUE(has(supervision_chat_summary(n), "本期没有")) << supervision_chat_summary(n);
}

TEST(SupervisionNotice, ThePdfReadsBackWithEveryCaseAndTheInstructionsOnlyWhenAllowed) {
    November env;
    TempDir dir;
    const auto n = env.notice();
    const auto full = flat(pdf_text(dir, bot::documents::render_supervision_pdf(n, "旗接诉即办中心")));
    EXPECT_TRUE(has(full, "关于2026年11月网民留言办理情况的督办通报")) << full;
    EXPECT_TRUE(has(full, "内部资料注意保密")) << full;
    // Headings read "一、工单#2　小区供暖不热" (flattened: 工单#2小区供暖不热): the same pattern finds
    // every case and not the ticket handled well.
    auto heading = [](std::int64_t id) { return "工单#" + std::to_string(id) + "小区供暖不热"; };
    for (const auto id : {env.overdue, env.redone, env.late_return, env.unhappy}) EXPECT_TRUE(has(full, heading(id))) << id;
    EXPECT_FALSE(has(full, heading(env.on_time))) << full;
    EXPECT_TRUE(has(full, "超时申请退单")) << full;
    EXPECT_TRUE(has(full, "留言人电话：138****5678")) << full;
    EXPECT_FALSE(has(full, "13812345678")) << full;
    EXPECT_FALSE(has(full, "13912345678")) << full;
    EXPECT_TRUE(has(full, "139****5678")) << full;
    EXPECT_TRUE(has(full, "领导批示（请勿传阅）")) << full;
    EXPECT_TRUE(has(full, "请住建局三日内彻底解决")) << full;
    EXPECT_TRUE(has(full, "旗接诉即办中心2026年12月1日")) << full;
    EXPECT_TRUE(has(full, "—1—")) << full;

    const auto without = flat(pdf_text(dir, bot::documents::render_supervision_pdf(without_instructions(n), "旗接诉即办中心")));
    EXPECT_FALSE(has(without, "领导批示")) << without;
    EXPECT_FALSE(has(without, "彻底解决")) << without;
    EXPECT_TRUE(has(without, "超时申请退单")) << without;
}

TEST(SupervisionNotice, TheWorkbookHasACaseSheetTheHandlingAndTheInstructionsOnlyWhenAllowed) {
    November env;
    TempDir dir;
    const auto n = env.notice();
    auto read = [&](const SupervisionNotice& notice) {
        const auto file = dir / "notice.xlsx";
        bot::reports::write_supervision_xlsx(notice, file);
        const std::string script =
            "import openpyxl, json\n"
            "wb = openpyxl.load_workbook('" + file.string() + "')\n"
            "cs = wb['通报工单']\n"
            "rows = [[c.value for c in r] for r in cs.iter_rows(min_row=4)]\n"
            "print(json.dumps({'sheets': wb.sheetnames, 'title': cs['A1'].value, 'header': [c.value for c in cs[3]],\n"
            "  'ids': [r[0] for r in rows], 'kinds': {str(r[0]): r[4] for r in rows},\n"
            "  'phones': sorted({r[3] for r in rows}),\n"
            "  'steps': wb['办理经过'].max_row - 1}, ensure_ascii=False))\n";
        std::ofstream(dir / "read.py") << script;
        const auto out = run({"/usr/bin/python3", (dir / "read.py").string()});
        EXPECT_EQ(out.exit_code, 0) << out.output;
        return nlohmann::json::parse(out.output);
    };
    const auto j = read(n);
    EXPECT_EQ(j["sheets"], (nlohmann::json{"通报工单", "办理经过", "领导批示"}));
    EXPECT_EQ(j["title"], "督办通报 2026年11月（内部资料 注意保密）");
    EXPECT_EQ(j["header"], (nlohmann::json{"工单号", "标题", "承办单位", "留言人电话", "通报事由", "情况"}));
    EXPECT_EQ(j["ids"].size(), n.cases.size());
    EXPECT_TRUE(has(j["kinds"][std::to_string(env.redone)].get<std::string>(), "两次以上退回重办"));
    EXPECT_EQ(j["phones"], (nlohmann::json{"138****5678"}));
    EXPECT_GT(j["steps"].get<int>(), 10);
    EXPECT_EQ(read(without_instructions(n))["sheets"], (nlohmann::json{"通报工单", "办理经过"}));
}

namespace {

struct ChatEnv : November {
    ChatEnv()
        : files(dir / "attachments"),
          delivery(files, "旗接诉即办中心", {}, [](const std::string&) { return std::string("138****5678"); }),
          executor(engine, {.supervision = &delivery}),
          worker(*store, clock, executor) {}
    std::string say(const std::string& who, const std::string& text) {
        return through_inbox(*store, worker, clock, "console", {{"kind", "text"}, {"from", who}, {"content", text}});
    }
    std::vector<OutboxMessage> to(const std::string& userid) {
        std::vector<OutboxMessage> out;
        store->transact([&](StoreTx& tx) {
            for (const auto& m : tx.outbox().of(0))
                if (m.recipient == userid) out.push_back(m);
        });
        return out;
    }
    std::vector<nlohmann::json> files_to(const std::string& userid) {
        std::vector<nlohmann::json> out;
        for (const auto& m : to(userid))
            if (m.kind == "media_file") out.push_back(nlohmann::json::parse(m.payload));
        return out;
    }

    bot::evidence::AttachmentStore files;
    bot::documents::SupervisionDelivery delivery;
    bot::commands::Executor executor;
    bot::InboxWorker worker;
};

}  // namespace

TEST(SupervisionNotice, AskedInChatTheFilesFollowTheSummary) {
    ChatEnv env;
    const auto reply = env.say(kStaff, "通报 上月");
    EXPECT_TRUE(has(reply, "【督办通报】2026年11月")) << reply;
    EXPECT_TRUE(has(reply, "工单#" + std::to_string(env.late_return))) << reply;
    EXPECT_TRUE(has(reply, "随后以文件发给您")) << reply;
    const auto sent = env.files_to(kStaff);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0]["filename"], "督办通报-2026年11月.pdf");
    EXPECT_EQ(sent[0]["media_type"], "file");
    EXPECT_EQ(sent[1]["filename"], "督办通报-2026年11月.xlsx");
    for (const auto& f : sent) EXPECT_TRUE(std::filesystem::exists(f["path"].get<std::string>())) << f.dump();
    TempDir dir;
    std::ifstream pdf(sent[0]["path"].get<std::string>(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(pdf)), {});
    EXPECT_TRUE(has(flat(pdf_text(dir, bytes)), "请住建局三日内彻底解决")) << "staff may read the instructions";
    for (const auto& m : env.to(kStaff))
        if (m.kind == "media_file") {
            EXPECT_EQ(m.purpose, OutboxPurpose::answer);
        }

    // Leaders may ask too; unit people may not (the notice names other units' cases).
    EXPECT_TRUE(has(env.say(kSigner3, "通报 2026-11"), "【督办通报】2026年11月"));
    EXPECT_TRUE(has(env.say(kHandler, "通报 上月"), "没有此权限"));
    EXPECT_TRUE(has(env.say(kLeader, "通报"), "没有此权限"));
    EXPECT_TRUE(env.files_to(kHandler).empty());
    EXPECT_TRUE(has(env.say(kStaff, "通报 去年夏天"), "请写「通报 [期间]」"));
}

TEST(SupervisionNotice, SentOnTheFirstOnceAndWithoutInstructionsToThoseNotAllowed) {
    ChatEnv env;
    // The liaison of the 纪委监委 holds no hotline role; the 督查室's is a leader.
    env.store->transact([](StoreTx& tx) {
        tx.directory().upsert_person(Person{"jiwei1", "纪委联络员", "", {}});
    });
    const std::vector<std::string> recipients{"jiwei1", kSigner3};
    ReportSchedule schedule;
    schedule.weekly = schedule.monthly = false;
    schedule.supervision = [&](StoreTx& tx, const Period& p, Instant now) {
        return env.delivery.scheduled(tx, p, recipients, now);
    };
    env.clock.set(from_china_time(2026, 11, 30, 12, 0));  // installed before the 1st
    ReportScheduler scheduler(*env.store, env.clock, schedule);
    EXPECT_EQ(scheduler.run_once(), 0);
    env.clock.set(from_china_time(2026, 12, 1, 8, 29));
    EXPECT_EQ(scheduler.run_once(), 0);
    env.clock.set(from_china_time(2026, 12, 1, 8, 30));
    EXPECT_EQ(scheduler.run_once(), 1);
    EXPECT_EQ(scheduler.run_once(), 0);
    // A restart the same day sends nothing again.
    ReportScheduler after_restart(*env.store, env.clock, schedule);
    env.clock.set(from_china_time(2026, 12, 1, 15, 0));
    EXPECT_EQ(after_restart.run_once(), 0);

    const auto jiwei = env.to("jiwei1"), leader = env.to(kSigner3);
    ASSERT_EQ(jiwei.size(), 3u);  // the summary, the PDF, the workbook
    ASSERT_EQ(leader.size(), 3u);
    EXPECT_TRUE(has(jiwei[0].payload, "【督办通报】2026年11月")) << jiwei[0].payload;
    EXPECT_TRUE(has(jiwei[0].payload, "领导批示不在本通报中传阅")) << jiwei[0].payload;
    EXPECT_FALSE(has(leader[0].payload, "不在本通报中传阅")) << leader[0].payload;
    TempDir dir;
    auto text_of = [&](const OutboxMessage& m) {
        std::ifstream f(nlohmann::json::parse(m.payload)["path"].get<std::string>(), std::ios::binary);
        return flat(pdf_text(dir, std::string((std::istreambuf_iterator<char>(f)), {})));
    };
    ASSERT_EQ(jiwei[1].kind, "media_file");
    EXPECT_FALSE(has(text_of(jiwei[1]), "彻底解决"));
    EXPECT_TRUE(has(text_of(leader[1]), "请住建局三日内彻底解决"));
    EXPECT_TRUE(has(text_of(jiwei[1]), "超时申请退单"));
}

namespace {

// The store, telling whether a transaction is running (drawing must not hold the writer).
struct WatchedStore : Store {
    explicit WatchedStore(Store& inner) : inner(inner) {}
    void transact(const std::function<void(StoreTx&)>& fn) override {
        in_transaction = true;
        try {
            inner.transact(fn);
        } catch (...) {
            in_transaction = false;
            throw;
        }
        in_transaction = false;
    }
    int schema_version() override { return inner.schema_version(); }
    Store& inner;
    bool in_transaction = false;
};

}  // namespace

TEST(SupervisionNotice, FilesAndChartsAreDrawnOutsideTheTransactionAndAFailedDrawingIsTriedAgain) {
    ChatEnv env;
    WatchedStore store(*env.store);
    int draws = 0;
    bool drawn_in_transaction = false;
    ReportSchedule schedule;
    schedule.weekly = false;
    schedule.recipients = {kStaff};
    schedule.chart = [&](StoreTx&, const StatsReport&) -> Draw { return [] { return std::string(); }; };
    schedule.supervision = [&](StoreTx& tx, const Period& p, Instant now) -> std::function<Queue()> {
        auto render = env.delivery.scheduled(tx, p, {kSigner3}, now);
        return [&, render]() -> Queue {
            drawn_in_transaction = drawn_in_transaction || store.in_transaction;
            if (++draws == 1) throw std::runtime_error("cairo: the PDF failed");
            return render();
        };
    };
    env.clock.set(from_china_time(2026, 11, 30, 12, 0));
    ReportScheduler scheduler(store, env.clock, schedule);
    EXPECT_EQ(scheduler.run_once(), 0);
    env.clock.set(from_china_time(2026, 12, 1, 8, 30));
    EXPECT_THROW(scheduler.run_once(), std::runtime_error);
    EXPECT_TRUE(env.to(kSigner3).empty()) << "a failed drawing claims nothing";
    EXPECT_EQ(scheduler.run_once(), 2);  // the monthly report, and the notice drawn again
    EXPECT_EQ(scheduler.run_once(), 0);
    EXPECT_EQ(draws, 2);
    EXPECT_FALSE(drawn_in_transaction);
    EXPECT_EQ(env.to(kSigner3).size(), 3u);
}
