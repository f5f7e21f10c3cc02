#include "tests/support/test_env.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace hotline::testing {

using namespace workflow;

// A test client writing to a connection the server has just refused (413) must see an error,
// not die of SIGPIPE.
[[maybe_unused]] const bool kIgnoreSigpipe = (std::signal(SIGPIPE, SIG_IGN), true);

std::filesystem::path source_dir() { return HOTLINE_SOURCE_DIR; }
std::filesystem::path holidays_dir() { return source_dir() / "config" / "holidays"; }

const WorkCalendar& official_calendar() {
    static const WorkCalendar cal = WorkCalendar::load_directory(holidays_dir());
    return cal;
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("hotline-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void seed_directory(StoreTx& tx) {
    tx.directory().upsert_unit(Unit{"zjj", "旗住房和城乡建设局", {"住建局"}});
    tx.directory().upsert_unit(Unit{"jyj", "旗教育体育局", {"教育局"}});
    const Person people[] = {
        {kStaff, "王芳", "", {Role::staff}},
        {kCenter, "李强", "", {Role::center}},
        {kHandler, "张伟", "zjj", {Role::handler}},
        {kLeader, "刘洋", "zjj", {Role::unit_leader}},
        {kOtherHandler, "陈静", "jyj", {Role::handler}},
        {kOtherLeader, "杨帆", "jyj", {Role::unit_leader}},
        {kSigner1, "赵敏", "", {Role::signer1}},
        {kSigner2, "孙丽", "", {Role::signer2}},
        {kSigner3, "周华", "", {Role::signer3, Role::leader}},
        {kAdmin, "管理员", "", {Role::admin}},
    };
    for (const auto& p : people) tx.directory().upsert_person(p);
}

std::vector<Timer> pending_timers_of(StoreTx& tx, std::int64_t ticket_id) {
    std::vector<Timer> out;
    for (const auto& t : tx.timers().due(from_china_time(2100, 1, 1, 0, 0), 1'000'000))
        if (t.ticket_id == ticket_id) out.push_back(t);
    return out;
}

std::int64_t inbox_count(StoreTx& tx, const std::string& channel) {
    std::int64_t n = 0;
    for (const auto& [key, count] : tx.inbox().counts_by_state())
        if (key.first == channel) n += count;
    return n;
}

std::string complete_result() {
    return "核查结论：属实\n原因：小区供热管网老化，末端压力不足。\n已开展工作：组织供热公司现场核查，更换老化阀门。\n"
           "目前进展：已解决，室温达到18℃。\n群众态度：满意\n联系人：张伟\n电话：0477-1234567";
}

WorkflowEnv::WorkflowEnv(DeadlinePolicy policy, StoreOpener backend)
    : clock(from_china_time(2026, 11, 2, 9, 0)),
      open_store(std::move(backend)),
      store(open_store(dir.path())),
      deadlines(official_calendar(), std::move(policy)),
      engine(*store, clock, deadlines) {
    store->transact([](StoreTx& tx) { seed_directory(tx); });
}

void WorkflowEnv::reopen_store() {
    store.reset();
    store = open_store(dir.path());
}

Ticket WorkflowEnv::new_ticket(const std::string& title, Category c) {
    static std::atomic<int> n{0};
    NewTicket t;
    t.source = "renmin";
    t.source_id = "RM-" + std::to_string(++n);
    t.title = title;
    t.content = "小区暖气温度只有十几度，老人孩子受不了。";
    t.category = c;
    t.received_at = clock.now();
    t.citizen_phone_enc = citizen_phone_enc;
    t.phone_hash = citizen_phone_hash;
    return engine.receive(t);
}

ActionResult WorkflowEnv::act(Action a, std::int64_t ticket, const std::string& actor, const std::string& note) {
    ActionRequest r;
    r.action = a;
    r.ticket_id = ticket;
    r.actor = actor;
    r.note = note;
    if (a == Action::submit_result) r.result = note.empty() ? complete_result() : note;
    return engine.apply(r);
}

ActionResult WorkflowEnv::dispatch(std::int64_t ticket, const std::string& unit, Category c) {
    ActionRequest r;
    r.action = Action::dispatch;
    r.ticket_id = ticket;
    r.actor = kStaff;
    r.unit_code = unit;
    r.category = c;
    return engine.apply(r);
}

ActionResult WorkflowEnv::extension(std::int64_t ticket, int days, const std::string& actor) {
    ActionRequest r;
    r.action = Action::request_extension;
    r.ticket_id = ticket;
    r.actor = actor;
    r.days = days;
    r.note = "需多部门协同";
    return engine.apply(r);
}

Ticket WorkflowEnv::ticket(std::int64_t id) {
    Ticket t;
    store->transact([&](StoreTx& tx) { t = *tx.tickets().find(id); });
    return t;
}

std::int64_t WorkflowEnv::ticket_in(State target) {
    const auto id = new_ticket().id;
    auto step = [&](ActionResult r) {
        if (!r.ok()) ADD_FAILURE() << "setup step refused: " << r.refusal->message;
        return ticket(id).state == target;
    };
    if (target == State::received) return id;
    if (step(act(Action::claim, id, kStaff))) return id;
    if (step(dispatch(id))) return id;
    if (step(act(Action::accept, id, kHandler))) return id;
    if (step(act(Action::submit_result, id, kHandler))) return id;
    if (step(act(Action::unit_approve, id, kLeader))) return id;
    if (step(act(Action::review_pass, id, kStaff))) return id;
    step(act(Action::signoff_approve, id, kSigner1));
    step(act(Action::signoff_approve, id, kSigner2));
    if (step(act(Action::signoff_approve, id, kSigner3))) return id;
    if (step(act(Action::upload, id, kStaff))) return id;
    if (step(act(Action::city_approve, id, kStaff))) return id;
    if (step(act(Action::mark_replied, id, kStaff))) return id;
    if (step(act(Action::record_survey, id, kStaff, "满意 已解决"))) return id;
    if (step(act(Action::close, id, kStaff))) return id;
    step(act(Action::archive, id, kStaff));
    return id;
}

}  // namespace hotline::testing
