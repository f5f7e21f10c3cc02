#pragma once
#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class RequestContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(RequestContract);

using namespace workflow;

TYPED_TEST_P(RequestContract, OnePendingRequestOfAKindPerTicket) {
    const auto t = this->ticket("R-1", 100);
    const auto u = this->ticket("R-2", 200);
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.requests().of(t).empty());
        EXPECT_TRUE(tx.requests().pending(10).empty());
        EXPECT_FALSE(tx.requests().pending_of(t, RequestKind::extension).has_value());
    });
    Request r{.ticket_id = t, .kind = RequestKind::extension, .days = 3, .reason = "需协调",
              .requested_by = "handler", .requested_at = from_unix(300)};
    const auto id = this->tx([&](StoreTx& tx) { return tx.requests().insert(r); });
    EXPECT_ANY_THROW(this->tx([&](StoreTx& tx) { tx.requests().insert(r); }));
    this->tx([&](StoreTx& tx) {
        tx.requests().insert(Request{.ticket_id = t, .kind = RequestKind::return_request, .reason = "非本单位职责",
                                     .requested_by = "handler", .requested_at = from_unix(310)});
        tx.requests().insert(Request{.ticket_id = u, .kind = RequestKind::extension, .days = 1, .reason = "r",
                                     .requested_by = "handler", .requested_at = from_unix(320)});
        const auto p = tx.requests().pending_of(t, RequestKind::extension);
        ASSERT_TRUE(p.has_value());
        EXPECT_EQ(p->id, id);
        EXPECT_EQ(p->days, 3);
        EXPECT_EQ(p->reason, "需协调");
        EXPECT_EQ(p->requested_at, from_unix(300));
        EXPECT_EQ(tx.requests().pending(10).size(), 3u);
        EXPECT_EQ(tx.requests().pending(2).size(), 2u);
        EXPECT_EQ(tx.requests().pending(10).front().id, id);  // oldest first

        auto decided = *p;
        decided.state = RequestState::approved;
        decided.decided_by = "center";
        decided.decided_at = from_unix(400);
        decided.decision_note = "同意";
        tx.requests().update(decided);
        EXPECT_FALSE(tx.requests().pending_of(t, RequestKind::extension).has_value());
        const auto all = tx.requests().of(t);
        ASSERT_EQ(all.size(), 2u);
        EXPECT_EQ(all[0].state, RequestState::approved);
        EXPECT_EQ(all[0].decided_by, "center");
        EXPECT_EQ(all[0].decided_at, from_unix(400));
        EXPECT_EQ(all[1].kind, RequestKind::return_request);
    });
    // Decided, the kind may be asked for again.
    this->tx([&](StoreTx& tx) { EXPECT_GT(tx.requests().insert(r), id); });
}

REGISTER_TYPED_TEST_SUITE_P(RequestContract, OnePendingRequestOfAKindPerTicket);

template <class Backend>
class DirectoryContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(DirectoryContract);

TYPED_TEST_P(DirectoryContract, UnitsAndPeopleAreReplacedAndDeactivated) {
    this->tx([](StoreTx& tx) {
        EXPECT_TRUE(tx.directory().units().empty());
        EXPECT_TRUE(tx.directory().people().empty());
        EXPECT_FALSE(tx.directory().person("nobody").has_value());
        tx.directory().upsert_unit(Unit{"zjj", "旗住建局", {"住建局"}});
        tx.directory().upsert_unit(Unit{"jyj", "旗教育局", {}});
        tx.directory().upsert_unit(Unit{"zjj", "旗住房和城乡建设局", {"住建局", "建设局"}});
        ASSERT_EQ(tx.directory().units().size(), 2u);
        EXPECT_EQ(tx.directory().units()[0].code, "jyj");  // by code
        EXPECT_EQ(tx.directory().unit("zjj")->name, "旗住房和城乡建设局");
        EXPECT_EQ(tx.directory().unit("zjj")->aliases, (std::vector<std::string>{"住建局", "建设局"}));
        tx.directory().deactivate_unit("jyj");
        EXPECT_FALSE(tx.directory().unit("jyj").has_value());
        EXPECT_EQ(tx.directory().units().size(), 1u);
        tx.directory().upsert_unit(Unit{"jyj", "旗教育局", {}});  // synchronised again: active again
        EXPECT_TRUE(tx.directory().unit("jyj").has_value());

        tx.directory().upsert_person(Person{"h1", "张伟", "zjj", {Role::handler}});
        tx.directory().upsert_person(Person{"h2", "陈静", "jyj", {Role::handler, Role::unit_leader}});
        tx.directory().upsert_person(Person{"s1", "王芳", "", {Role::staff}});
        tx.directory().upsert_person(Person{"h3", "离职", "zjj", {Role::handler}, false});
        EXPECT_EQ(tx.directory().people().size(), 4u);
        EXPECT_FALSE(tx.directory().person("h3")->active);  // inactive people are still found by id
        EXPECT_EQ(tx.directory().person("h2")->roles, (std::vector<Role>{Role::handler, Role::unit_leader}));
        EXPECT_EQ(tx.directory().people_with_role(Role::handler, "").size(), 2u);  // not the inactive one
        const auto zjj = tx.directory().people_with_role(Role::handler, "zjj");
        ASSERT_EQ(zjj.size(), 1u);
        EXPECT_EQ(zjj[0].userid, "h1");
        EXPECT_TRUE(tx.directory().people_with_role(Role::signer1, "").empty());
        tx.directory().upsert_person(Person{"h1", "张伟", "jyj", {Role::handler}});
        EXPECT_EQ(tx.directory().person("h1")->unit_code, "jyj");
    });
}

REGISTER_TYPED_TEST_SUITE_P(DirectoryContract, UnitsAndPeopleAreReplacedAndDeactivated);

}  // namespace hotline::testing
