#pragma once
// A workflow on a fresh store (the test backend, SQLite by default) with the official calendar, a fake clock and a directory of
// one person per role (two units), for tests that drive tickets through the procedure.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "workflow/procedure/calendar.h"
#include "workflow/procedure/clock.h"
#include "workflow/procedure/deadlines.h"
#include "workflow/procedure/engine.h"
#include "tests/support/store_backend.h"

namespace hotline::testing {

std::filesystem::path source_dir();
std::filesystem::path holidays_dir();
const workflow::WorkCalendar& official_calendar();

// A temporary folder removed when it goes out of scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// userids of the standard directory
inline constexpr const char* kStaff = "staff1";
inline constexpr const char* kCenter = "center1";
inline constexpr const char* kHandler = "handler_zjj";
inline constexpr const char* kLeader = "leader_zjj";
inline constexpr const char* kOtherHandler = "handler_jyj";
inline constexpr const char* kOtherLeader = "leader_jyj";
inline constexpr const char* kSigner1 = "signer1";
inline constexpr const char* kSigner2 = "signer2";
inline constexpr const char* kSigner3 = "signer3";
inline constexpr const char* kAdmin = "admin1";

void seed_directory(workflow::StoreTx& tx);

// Views the tests take of what the store holds, read through the store contract.
// A ticket's pending timers, earliest first.
std::vector<workflow::Timer> pending_timers_of(workflow::StoreTx& tx, std::int64_t ticket_id);
// Inbox entries of one channel, in any state.
std::int64_t inbox_count(workflow::StoreTx& tx, const std::string& channel);

// A result with every section of the reply template filled in.
std::string complete_result();

struct WorkflowEnv {
    explicit WorkflowEnv(workflow::DeadlinePolicy policy = {}, StoreOpener backend = test_store_backend());

    // A restart: the store closed and opened again on the same files. For tests that go on with
    // the store itself: `engine` still refers to the closed one.
    void reopen_store();

    TempDir dir;
    workflow::FakeClock clock;
    StoreOpener open_store;
    std::unique_ptr<workflow::Store> store;
    workflow::Deadlines deadlines;
    workflow::Engine engine;
    // The citizen of new tickets (empty: none), as the intake stores them.
    std::string citizen_phone_enc;
    std::string citizen_phone_hash;

    // A new ticket in state received, from the renmin line.
    workflow::Ticket new_ticket(const std::string& title = "小区供暖不热", workflow::Category c = workflow::Category::unknown);
    workflow::ActionResult act(workflow::Action a, std::int64_t ticket, const std::string& actor,
                               const std::string& note = "");
    workflow::ActionResult dispatch(std::int64_t ticket, const std::string& unit = "zjj",
                                    workflow::Category c = workflow::Category::complaint);
    workflow::ActionResult extension(std::int64_t ticket, int days, const std::string& actor = kHandler);
    workflow::Ticket ticket(std::int64_t id);
    // Drives a new ticket to the given state along the main path; returns its id.
    std::int64_t ticket_in(workflow::State s);
};

}  // namespace hotline::testing
