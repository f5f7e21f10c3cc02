#include <gtest/gtest.h>

#include "bot/directory_import.h"
#include "tests/support/test_env.h"
#include "workflow/store/sqlite/sqlite_store.h"

using namespace hotline::bot;
using namespace hotline::workflow;
using namespace hotline::testing;

namespace {
std::size_t audit_count(Store& store) {
    std::size_t n = 0;
    store.transact([&](StoreTx& tx) { tx.audit().for_each([&](const AuditEvent&) { return ++n, true; }); });
    return n;
}
}  // namespace

TEST(DirectoryImport, TheExampleDirectoryParses) {
    const auto parsed = read_directory_file((source_dir() / "config" / "directory.example.toml").string());
    ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front();
    EXPECT_EQ(parsed.directory.units.size(), 3u);
    EXPECT_GE(parsed.directory.people.size(), 9u);
}

TEST(DirectoryImport, ImportingTwiceChangesNothingTheSecondTime) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    const auto parsed = read_directory_file((source_dir() / "config" / "directory.example.toml").string());
    SyncSummary first, second;
    store.transact([&](StoreTx& tx) { first = sync_directory(tx, parsed.directory, "admin", from_unix(1)); });
    EXPECT_EQ(first.units_added, 3);
    EXPECT_TRUE(first.changed());
    const auto audits = audit_count(store);
    EXPECT_EQ(audits, 1u);
    store.transact([&](StoreTx& tx) { second = sync_directory(tx, parsed.directory, "admin", from_unix(2)); });
    EXPECT_FALSE(second.changed()) << second.describe();
    EXPECT_EQ(audit_count(store), audits);
}

TEST(DirectoryImport, PeopleAndUnitsLeftOutAreDeactivatedAndChangesApplied) {
    TempDir dir;
    SqliteStore store((dir / "s.db").string());
    const auto v1 = parse_directory(R"(
[[units]]
code = "zjj"
name = "住建局"
[[units]]
code = "old"
name = "撤并单位"
[[people]]
userid = "a"
name = "甲"
unit = "zjj"
roles = ["handler"]
[[people]]
userid = "b"
name = "乙"
roles = ["staff"]
)", "v1");
    ASSERT_TRUE(v1.problems.empty());
    const auto v2 = parse_directory(R"(
[[units]]
code = "zjj"
name = "旗住房和城乡建设局"
aliases = ["住建局"]
[[people]]
userid = "a"
name = "甲"
unit = "zjj"
roles = ["handler", "unit_leader"]
)", "v2");
    ASSERT_TRUE(v2.problems.empty());
    store.transact([&](StoreTx& tx) { sync_directory(tx, v1.directory, "admin", from_unix(1)); });
    SyncSummary s;
    store.transact([&](StoreTx& tx) {
        s = sync_directory(tx, v2.directory, "admin", from_unix(2));
        EXPECT_FALSE(tx.directory().person("b")->active);
        EXPECT_TRUE(tx.directory().person("a")->has_role(Role::unit_leader));
        EXPECT_FALSE(tx.directory().unit("old").has_value());
        EXPECT_EQ(tx.directory().unit("zjj")->name, "旗住房和城乡建设局");
    });
    EXPECT_EQ(s.units_updated, 1);
    EXPECT_EQ(s.units_deactivated, 1);
    EXPECT_EQ(s.people_updated, 1);
    EXPECT_EQ(s.people_deactivated, 1);
}

TEST(DirectoryImport, ProblemsAreListedWithWhereTheyAre) {
    const auto parsed = parse_directory(R"(
[[units]]
code = "zjj"
name = "住建局"
[[units]]
code = "zjj"
name = "重复"
[[people]]
userid = "a"
name = "甲"
roles = ["hanlder"]
[[people]]
userid = "b"
name = "乙"
unit = "nosuch"
roles = ["handler"]
[[people]]
userid = "c"
name = "丙"
roles = ["unit_leader"]
)", "dir.toml");
    const auto all = [&] {
        std::string s;
        for (const auto& p : parsed.problems) s += p + "\n";
        return s;
    }();
    EXPECT_NE(all.find("units[2]: duplicate unit code \"zjj\""), std::string::npos) << all;
    EXPECT_NE(all.find("people[1] (a): unknown role \"hanlder\""), std::string::npos) << all;
    EXPECT_NE(all.find("people[2] (b): unknown unit \"nosuch\""), std::string::npos) << all;
    EXPECT_NE(all.find("people[3] (c): handler and unit_leader need a unit"), std::string::npos) << all;
}
