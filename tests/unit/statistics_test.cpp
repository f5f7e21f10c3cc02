// The three rates and counts on a small data set whose answers were worked out by hand: a week
// that crosses the September/October boundary and holds National Day (an extension over the
// holiday moves one deadline out of it), and the month of October.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "bot/commands/executor.h"
#include "bot/reports/chart.h"
#include "bot/reports/report_files.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "workflow/statistics/report_schedule.h"
#include "workflow/statistics/report_text.h"
#include "workflow/statistics/statistics.h"

using namespace hotline;
using namespace hotline::testing;
using namespace hotline::workflow;
using namespace std::chrono_literals;

namespace {

struct Data {
    WorkflowEnv env;
    std::int64_t t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;

    std::int64_t dispatched(Instant at, const std::string& unit) {
        env.clock.set(at - 1h);
        const auto id = env.new_ticket().id;
        EXPECT_TRUE(env.act(Action::claim, id, kStaff).ok());
        env.clock.set(at);
        EXPECT_TRUE(env.dispatch(id, unit).ok());
        return id;
    }
    void delivered(std::int64_t id, Instant at) {
        const bool zjj = env.ticket(id).unit_code == "zjj";
        env.clock.set(at - 2h);
        EXPECT_TRUE(env.act(Action::accept, id, zjj ? kHandler : kOtherHandler).ok());
        EXPECT_TRUE(env.act(Action::submit_result, id, zjj ? kHandler : kOtherHandler).ok());
        env.clock.set(at);
        EXPECT_TRUE(env.act(Action::unit_approve, id, zjj ? kLeader : kOtherLeader).ok());
    }
    void surveyed(std::int64_t id, SurveyState state, std::optional<Satisfaction> sat = {}, std::optional<Resolution> res = {}) {
        env.store->transact([&](StoreTx& tx) {
            Survey s;
            s.ticket_id = id;
            s.phone_hash = "h" + std::to_string(id);
            s.created_at = env.clock.now();
            s.id = tx.surveys().insert(s);
            s.state = state;
            s.satisfaction = sat;
            s.resolution = res;
            tx.surveys().update(s);
        });
    }

    Data() {
        env.store->transact([](StoreTx& tx) { tx.directory().upsert_unit(Unit{"mzj", "旗民政局", {}}); });
        // Complaints: 5 natural days from dispatch.
        t1 = dispatched(from_china_time(2026, 9, 25, 10, 0), "zjj");  // due 09-30 10:00
        delivered(t1, from_china_time(2026, 9, 29, 16, 0));             // on time
        surveyed(t1, SurveyState::recorded, Satisfaction::satisfied, Resolution::solved);
        t2 = dispatched(from_china_time(2026, 9, 26, 9, 0), "zjj");   // due 10-01 09:00
        delivered(t2, from_china_time(2026, 10, 2, 10, 0));             // late
        surveyed(t2, SurveyState::recorded, Satisfaction::basically_satisfied, Resolution::solved);
        t3 = dispatched(from_china_time(2026, 9, 27, 8, 0), "jyj");   // due 10-02 08:00
        delivered(t3, from_china_time(2026, 10, 1, 15, 0));             // on time
        surveyed(t3, SurveyState::recorded, Satisfaction::dissatisfied, Resolution::unsolved);
        t5 = dispatched(from_china_time(2026, 9, 20, 9, 0), "zjj");   // due 09-25: neither period
        delivered(t5, from_china_time(2026, 9, 24, 9, 0));
        // Returned by 教育局 within 6 hours, then sent to 住建局.
        t7 = dispatched(from_china_time(2026, 9, 28, 9, 0), "jyj");
        env.clock.set(from_china_time(2026, 9, 28, 10, 0));
        EXPECT_TRUE(env.act(Action::request_return, t7, kOtherHandler, "不属于本单位").ok());
        env.clock.set(from_china_time(2026, 9, 28, 11, 0));
        EXPECT_TRUE(env.act(Action::approve_return, t7, kCenter).ok());
        env.clock.set(from_china_time(2026, 9, 28, 12, 0));
        EXPECT_TRUE(env.dispatch(t7, "zjj").ok());                      // due 10-03 12:00
        delivered(t7, from_china_time(2026, 10, 3, 11, 0));             // on time, no survey yet
        // Extended by one working day over National Day: 10-04 12:00 -> 10-08 12:00.
        t4 = dispatched(from_china_time(2026, 9, 29, 12, 0), "jyj");
        env.clock.set(from_china_time(2026, 9, 29, 13, 0));
        EXPECT_TRUE(env.act(Action::accept, t4, kOtherHandler).ok());
        env.clock.set(from_china_time(2026, 9, 30, 9, 0));
        EXPECT_TRUE(env.extension(t4, 1, kOtherHandler).ok());
        env.clock.set(from_china_time(2026, 9, 30, 10, 0));
        EXPECT_TRUE(env.act(Action::approve_extension, t4, kCenter).ok());
        EXPECT_EQ(env.ticket(t4).feedback_deadline, from_china_time(2026, 10, 8, 12, 0));
        surveyed(t4, SurveyState::phone_task);                                      // never delivered, citizen unreachable
        t6 = dispatched(from_china_time(2026, 10, 10, 9, 0), "zjj");  // due 10-15 09:00
        delivered(t6, from_china_time(2026, 10, 14, 9, 0));
        surveyed(t6, SurveyState::recorded, Satisfaction::satisfied, Resolution::unsolved);
    }

    StatsReport report(const std::string& period, StatsPolicy p = {}) {
        StatsReport r;
        const auto now = from_china_time(2026, 11, 1, 9, 0);
        env.store->transact([&](StoreTx& tx) { r = compute_stats(tx, *parse_period(period, now), p, now); });
        return r;
    }
};

const UnitStats& unit(const StatsReport& r, const std::string& code) {
    for (const auto& u : r.units)
        if (u.unit_code == code) return u;
    throw std::runtime_error("no unit " + code);
}

}  // namespace

TEST(Statistics, AWeekAcrossTheMonthBoundaryWithNationalDay) {
    Data d;
    const auto r = d.report("2026-W40");
    EXPECT_EQ(r.period.label, "2026年第40周（09-28至10-04）");
    EXPECT_EQ(r.received, 2);  // t7 and t4
    const auto& zjj = unit(r, "zjj");
    EXPECT_EQ(zjj.assessed, 3);  // t1, t2, t7
    EXPECT_EQ(zjj.on_time, 2);
    EXPECT_EQ(zjj.overdue, 1);
    EXPECT_NEAR(*zjj.on_time_rate, 2.0 / 3, 1e-9);
    EXPECT_EQ(zjj.answered, 2);
    EXPECT_NEAR(*zjj.resolution_rate, 1.0, 1e-9);
    EXPECT_NEAR(*zjj.satisfaction_rate, 1.0, 1e-9);
    EXPECT_NEAR(zjj.score, 0.4 * 2 / 3 + 0.3 + 0.3, 1e-9);
    EXPECT_EQ(zjj.dispatched, 1);  // t7 after its return
    const auto& jyj = unit(r, "jyj");
    EXPECT_EQ(jyj.assessed, 1);  // t3; t4's deadline moved out of the week
    EXPECT_NEAR(*jyj.on_time_rate, 1.0, 1e-9);
    EXPECT_NEAR(*jyj.resolution_rate, 0.0, 1e-9);
    EXPECT_NEAR(*jyj.satisfaction_rate, 0.0, 1e-9);
    EXPECT_NEAR(jyj.score, 0.4, 1e-9);
    EXPECT_EQ(jyj.dispatched, 2);  // t7 and t4
    EXPECT_EQ(jyj.returned, 1);
    EXPECT_EQ(jyj.extended, 1);
    ASSERT_EQ(r.units.size(), 3u);
    EXPECT_EQ(r.units[0].unit_code, "zjj");
    EXPECT_EQ(r.units[0].rank, 1);
    EXPECT_EQ(r.units[1].unit_code, "jyj");
    EXPECT_EQ(r.units[1].rank, 2);
    EXPECT_EQ(r.units[2].unit_code, "mzj");
    EXPECT_EQ(r.units[2].rank, 0);  // no assessed tickets: listed last, unranked
    EXPECT_EQ(r.county.assessed, 4);
    EXPECT_NEAR(*r.county.on_time_rate, 0.75, 1e-9);
    EXPECT_NEAR(*r.county.resolution_rate, 2.0 / 3, 1e-9);
    EXPECT_NEAR(*r.county.satisfaction_rate, 2.0 / 3, 1e-9);

    StatsPolicy half;
    half.basic_satisfied_weight = 0.5;
    EXPECT_NEAR(*unit(d.report("2026-W40", half), "zjj").satisfaction_rate, 0.75, 1e-9);
}

TEST(Statistics, TheMonthOfOctober) {
    Data d;
    const auto r = d.report("2026-10");
    EXPECT_EQ(r.period.label, "2026年10月");
    EXPECT_EQ(r.received, 1);  // t6
    const auto& zjj = unit(r, "zjj");
    EXPECT_EQ(zjj.assessed, 3);  // t2, t7, t6
    EXPECT_EQ(zjj.on_time, 2);
    EXPECT_NEAR(*zjj.resolution_rate, 0.5, 1e-9);
    EXPECT_NEAR(*zjj.satisfaction_rate, 1.0, 1e-9);
    EXPECT_NEAR(zjj.score, 0.4 * 2 / 3 + 0.3 * 0.5 + 0.3, 1e-9);
    EXPECT_EQ(zjj.dispatched, 1);  // t6
    const auto& jyj = unit(r, "jyj");
    EXPECT_EQ(jyj.assessed, 2);  // t3, t4
    EXPECT_EQ(jyj.overdue, 1);   // t4 never delivered
    EXPECT_EQ(jyj.answered, 1);
    EXPECT_EQ(jyj.unreachable, 1);
    EXPECT_NEAR(*jyj.resolution_rate, 0.0, 1e-9);
    EXPECT_NEAR(jyj.score, 0.2, 1e-9);
    EXPECT_EQ(r.units[0].unit_code, "zjj");
    EXPECT_EQ(r.units[1].unit_code, "jyj");

    // Unreachable citizens counted against the unit: 教育局's survey rates now have 2 in the denominator.
    StatsPolicy against;
    against.unreachable_counts_against = true;
    const auto r2 = d.report("2026-10", against);
    EXPECT_NEAR(*unit(r2, "jyj").satisfaction_rate, 0.0, 1e-9);
    EXPECT_NEAR(*r2.county.resolution_rate, 1.0 / 4, 1e-9);  // t2 solved of t2, t6, t3, t4
}

TEST(Statistics, TiesAreBrokenDeterministicallyAndFormulasAreShown) {
    WorkflowEnv env;
    StatsReport r;
    env.store->transact([&](StoreTx& tx) {
        r = compute_stats(tx, *parse_period("2026-10", from_china_time(2026, 11, 1)), {}, from_china_time(2026, 11, 1));
    });
    ASSERT_EQ(r.units.size(), 2u);
    EXPECT_EQ(r.units[0].unit_code, "jyj");  // no data anywhere: by code
    const auto md = report_markdown(r);
    EXPECT_NE(md.find("按时办结率＝期限内经单位分管领导审核提交的考核工单÷考核工单"), std::string::npos);
    EXPECT_NE(md.find("基本满意×1"), std::string::npos);
    EXPECT_NE(md.find("不计入回访两率的分母"), std::string::npos);
}

TEST(Statistics, PeriodsInChinaTime) {
    const auto now = from_china_time(2026, 10, 1, 0, 30);  // still 09-30 in UTC
    EXPECT_EQ(parse_period("本周", now)->from, from_china_time(2026, 9, 28));
    EXPECT_EQ(parse_period("上周", now)->from, from_china_time(2026, 9, 21));
    EXPECT_EQ(parse_period("本月", now)->from, from_china_time(2026, 10, 1));
    EXPECT_EQ(parse_period("上月", now)->to, from_china_time(2026, 10, 1));
    EXPECT_EQ(parse_period("上月", from_china_time(2027, 1, 5))->label, "2026年12月");
    EXPECT_EQ(parse_period("2027-W01", now)->from, from_china_time(2027, 1, 4));
    EXPECT_EQ(parse_period("2026-10-01..2026-10-07", now)->to, from_china_time(2026, 10, 8));
    EXPECT_FALSE(parse_period("2026-13", now));
    EXPECT_FALSE(parse_period("下周", now));
}

TEST(Statistics, ChatCommandWithUnitAndPeriodInEitherOrder) {
    Data d;
    d.env.clock.set(from_china_time(2026, 11, 2, 9, 0));
    bot::commands::Executor executor(d.env.engine);
    auto say = [&](const std::string& who, const std::string& text) {
        std::string reply;
        d.env.store->transact([&](StoreTx& tx) { reply = executor.execute(tx, who, text); });
        return reply;
    };
    const auto all = say(kStaff, "统计 上月");
    EXPECT_NE(all.find("2026年10月"), std::string::npos) << all;
    EXPECT_NE(all.find("1. 旗住房和城乡建设局 得分0.717"), std::string::npos) << all;
    EXPECT_NE(all.find("2. 旗教育体育局 得分0.200"), std::string::npos) << all;
    EXPECT_NE(all.find("本期无考核工单：旗民政局"), std::string::npos) << all;
    const auto one = say(kStaff, "统计 2026-W40 教育局");
    EXPECT_NE(one.find("旗教育体育局：排名第2"), std::string::npos) << one;
    EXPECT_NE(one.find("退单1 延期1"), std::string::npos) << one;
    // A unit leader sees their own unit's line only.
    const auto own = say(kLeader, "统计 上月");
    EXPECT_NE(own.find("旗住房和城乡建设局：排名第1"), std::string::npos) << own;
    EXPECT_EQ(own.find("教育体育局"), std::string::npos) << own;
    EXPECT_NE(say(kLeader, "统计 教育局 上月").find("只能查看本单位"), std::string::npos);
}

TEST(Statistics, TheWorkbookOpensWithARealReaderWithRankingAndDetailSheets) {
    Data d;
    const auto r = d.report("2026-10");
    TempDir dir;
    const auto file = dir / "report.xlsx";
    bot::reports::write_report(r, "xlsx", file);
    const std::string script =
        "import openpyxl, json\n"
        "wb = openpyxl.load_workbook('" + file.string() + "')\n"
        "rk, dt = wb['三率排名'], wb['工单明细']\n"
        "print(json.dumps({'sheets': wb.sheetnames, 'title': rk['A1'].value, 'header': [c.value for c in rk[3]][:4],\n"
        "  'first': [rk['A4'].value, rk['B4'].value, rk['C4'].value, rk['L4'].value, rk['O4'].value],\n"
        "  'county': [rk['A7'].value, rk['C7'].value],\n"
        "  'detail_header': [c.value for c in dt[1]], 'detail_rows': dt.max_row - 1,\n"
        "  'late': [r[0].value for r in dt.iter_rows(min_row=2) if r[5].value == '超期'],\n"
        "  'survey': {str(r[0].value): [c.value or '' for c in r[6:9]] for r in dt.iter_rows(min_row=2)}},\n"
        "  ensure_ascii=False))\n";
    std::ofstream(dir / "read.py") << script;
    const auto out = run({"/usr/bin/python3", (dir / "read.py").string()});
    ASSERT_EQ(out.exit_code, 0) << out.output;
    const auto j = nlohmann::json::parse(out.output);
    EXPECT_EQ(j["sheets"], (nlohmann::json{"三率排名", "工单明细"}));
    EXPECT_EQ(j["title"], "接诉即办三率统计 2026年10月");
    EXPECT_EQ(j["header"], (nlohmann::json{"排名", "单位", "考核工单", "按时办结"}));
    EXPECT_EQ(j["first"][0], "1");
    EXPECT_EQ(j["first"][1], "旗住房和城乡建设局");
    EXPECT_EQ(j["first"][2], 3);
    EXPECT_NEAR(j["first"][3].get<double>(), 2.0 / 3, 1e-9);
    EXPECT_NEAR(j["first"][4].get<double>(), 0.4 * 2 / 3 + 0.3 * 0.5 + 0.3, 1e-9);
    EXPECT_EQ(j["county"][0], "全县");
    EXPECT_EQ(j["county"][1], 5);
    EXPECT_EQ(j["detail_rows"], 5);
    EXPECT_EQ(j["detail_header"][0], "工单号");
    std::vector<std::int64_t> late = j["late"];
    std::sort(late.begin(), late.end());
    EXPECT_EQ(late, (std::vector<std::int64_t>{d.t2, d.t4}));
    // The survey columns are in Chinese, blank where there is nothing yet.
    EXPECT_EQ(j["survey"][std::to_string(d.t2)], (nlohmann::json{"基本满意", "已解决", "已回访"}));
    EXPECT_EQ(j["survey"][std::to_string(d.t4)], (nlohmann::json{"", "", "待电话回访"}));
    EXPECT_EQ(j["survey"][std::to_string(d.t7)], (nlohmann::json{"", "", ""}));

    // The CSV and Markdown forms carry the same figures.
    bot::reports::write_report(r, "csv", dir / "report.csv");
    std::ifstream csv(dir / "report.csv");
    const std::string text{std::istreambuf_iterator<char>(csv), {}};
    EXPECT_NE(text.find("1,zjj,旗住房和城乡建设局,3,2,1,2,1,1,1,0,0,0.6667,0.5000,1.0000,0.7167"), std::string::npos) << text;
}

TEST(Statistics, TheWeeklyReportFiresOncePerWeekEvenAcrossARestart) {
    Data d;
    ReportSchedule schedule;  // Mondays and the 1st at 08:30, to every leader and staff member
    auto reports_to_staff = [&] {
        int n = 0;
        d.env.store->transact([&](StoreTx& tx) {
            for (const auto& m : tx.outbox().of(0))
                if (m.recipient == kStaff && m.dedup_key.rfind("report:", 0) == 0) ++n;
        });
        return n;
    };
    d.env.clock.set(from_china_time(2026, 10, 5, 8, 29));  // Monday, a minute early
    ReportScheduler first(*d.env.store, d.env.clock, schedule);
    // First start: September's report (due 10-01) is from before the installation, not sent.
    EXPECT_EQ(first.run_once(), 0);
    EXPECT_EQ(reports_to_staff(), 0);
    d.env.clock.set(from_china_time(2026, 10, 5, 8, 30));
    EXPECT_EQ(first.run_once(), 1);  // last week's
    EXPECT_EQ(first.run_once(), 0);
    d.env.reopen_store();  // restart: a new process opens the same store
    d.env.clock.set(from_china_time(2026, 10, 7, 12, 0));
    ReportScheduler second(*d.env.store, d.env.clock, schedule);
    EXPECT_EQ(second.run_once(), 0);
    d.env.clock.set(from_china_time(2026, 10, 12, 9, 0));
    EXPECT_EQ(second.run_once(), 1);
    EXPECT_EQ(reports_to_staff(), 2);
    // Down for two weeks: the latest weekly report (due Monday 10-26) and October's go out once.
    d.env.clock.set(from_china_time(2026, 11, 1, 10, 0));
    EXPECT_EQ(second.run_once(), 2);
    EXPECT_EQ(second.run_once(), 0);
    d.env.store->transact([&](StoreTx& tx) {
        std::string weekly;
        for (const auto& m : tx.outbox().of(0))
            if (m.dedup_key.find("weekly:2026-09-27T16:00:00Z:" + std::string(kStaff)) != std::string::npos) weekly = m.payload;
        EXPECT_NE(weekly.find("【周报】"), std::string::npos) << weekly;
        EXPECT_NE(weekly.find("2026年第40周（09-28至10-04）"), std::string::npos) << weekly;
        EXPECT_NE(weekly.find("1. 旗住房和城乡建设局"), std::string::npos) << weekly;
    });
}

TEST(Statistics, TheChartIsAPngOfTheExpectedSizeThatDecodes) {
    Data d;
    std::string png;
    d.env.store->transact([&](StoreTx& tx) {
        const auto now = from_china_time(2026, 11, 1, 9, 0);
        const auto week = *parse_period("2026-W40", now);
        const auto r = compute_stats(tx, week, {}, now);
        const auto trend = bot::reports::weekly_trend(tx, week.to, {}, now);
        ASSERT_EQ(trend.size(), 12u);
        EXPECT_EQ(trend.back().period.label, week.label);
        png = bot::reports::render_chart_png(r, trend);
    });
    TempDir dir;
    std::ofstream(dir / "chart.png", std::ios::binary) << png;
    // A decoder of its own (Python's zlib and struct): chunk CRCs, IHDR, and the inflated pixel rows.
    const std::string script = R"PY(
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
pos, idat, ihdr = 8, b'', None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    assert zlib.crc32(kind + body) == struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0], 'crc'
    if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
    if kind == b'IDAT': idat += body
    pos += 12 + n
w, h, depth, ctype = ihdr[:4]
raw = zlib.decompress(idat)
channels = {6: 4, 2: 3}[ctype]
assert len(raw) == h * (1 + w * channels * depth // 8), 'rows'
inked = sum(1 for i in range(0, len(raw), 997) if raw[i] < 200)
print(w, h, inked > 50)
)PY";
    std::ofstream(dir / "decode.py") << script;
    const auto r = run({"/usr/bin/python3", (dir / "decode.py").string(), (dir / "chart.png").string()});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output, "960 720 True\n");
    // The Chinese labels need a CJK font: the one install-deps.sh installs.
    EXPECT_NE(run({"/bin/sh", "-c", "fc-list | grep -c 'WenQuanYi Zen Hei'"}).output, "0\n");
}
