#pragma once
#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class TicketContract : public StoreContract<Backend> {};
TYPED_TEST_SUITE_P(TicketContract);

using namespace workflow;

TYPED_TEST_P(TicketContract, AnEmptyStoreHasNothing) {
    this->tx([](StoreTx& tx) {
        EXPECT_FALSE(tx.tickets().find(1).has_value());
        EXPECT_TRUE(tx.tickets().counts_by_state().empty());
        EXPECT_TRUE(tx.tickets().counts_by_unit().empty());
        EXPECT_FALSE(tx.tickets().id_by_source("X").has_value());
        EXPECT_FALSE(tx.tickets().for_source("renmin", "X").has_value());
        EXPECT_TRUE(tx.tickets().sources_of(1).empty());
        EXPECT_TRUE(tx.tickets().of_citizen("h", 10).empty());
        EXPECT_TRUE(tx.tickets().in_state(State::received, "", 10).empty());
        EXPECT_TRUE(tx.tickets().overdue(from_unix(1'000'000), 10).empty());
        EXPECT_TRUE(tx.tickets().overdue_counts_by_unit(from_unix(1'000'000)).empty());
        EXPECT_TRUE(tx.tickets().ids_received_between(from_unix(0), from_unix(1'000'000)).empty());
    });
}

TYPED_TEST_P(TicketContract, AnInsertedTicketReadsBackAndUpdates) {
    NewTicket n;
    n.source = "hotline12345";
    n.source_id = "H-1";
    n.title = "路灯不亮";
    n.content = "小区路灯坏了一个月";
    n.category = Category::complaint;
    n.received_at = from_unix(1000);
    n.citizen_phone_enc = "enc";
    n.phone_hash = "hash";
    const auto id = this->tx([&](StoreTx& tx) { return tx.tickets().insert(n); });
    EXPECT_GT(id, 0);
    auto t = this->tx([&](StoreTx& tx) { return *tx.tickets().find(id); });
    EXPECT_EQ(t.source, "hotline12345");
    EXPECT_EQ(t.source_id, "H-1");
    EXPECT_EQ(t.title, "路灯不亮");
    EXPECT_EQ(t.content, "小区路灯坏了一个月");
    EXPECT_EQ(t.category, Category::complaint);
    EXPECT_EQ(t.state, State::received);
    EXPECT_EQ(t.received_at, from_unix(1000));
    EXPECT_EQ(t.citizen_phone_enc, "enc");
    EXPECT_EQ(t.phone_hash, "hash");
    EXPECT_FALSE(t.feedback_deadline.has_value());

    t.state = State::handling;
    t.unit_code = "zjj";
    t.feedback_deadline = from_unix(5000);
    t.redo_deadline = from_unix(6000);
    t.redo_count = 2;
    t.result = "已处理";
    this->tx([&](StoreTx& tx) { tx.tickets().update(t); });
    const auto u = this->tx([&](StoreTx& tx) { return *tx.tickets().find(id); });
    EXPECT_EQ(u.state, State::handling);
    EXPECT_EQ(u.unit_code, "zjj");
    EXPECT_EQ(u.feedback_deadline, from_unix(5000));
    EXPECT_EQ(u.redo_deadline, from_unix(6000));
    EXPECT_EQ(u.redo_count, 2);
    EXPECT_EQ(u.result, "已处理");

    t.id = id + 100;
    EXPECT_ANY_THROW(this->tx([&](StoreTx& tx) { tx.tickets().update(t); }));
}

TYPED_TEST_P(TicketContract, EachLineIdBelongsToOneTicket) {
    const auto a = this->ticket("R-1", 100);
    const auto b = this->ticket("R-2", 200);
    this->tx([&](StoreTx& tx) {
        EXPECT_EQ(tx.tickets().for_source("renmin", "R-1"), a);
        EXPECT_EQ(tx.tickets().id_by_source("R-2"), b);
        EXPECT_FALSE(tx.tickets().add_source(b, "renmin", "R-1", from_unix(300)));  // taken by a
        EXPECT_TRUE(tx.tickets().add_source(a, "hotline12345", "H-9", from_unix(400)));
        EXPECT_EQ(tx.tickets().id_by_source("H-9"), a);
        EXPECT_EQ(tx.tickets().sources_of(a),
                  (std::vector<std::pair<std::string, std::string>>{{"renmin", "R-1"}, {"hotline12345", "H-9"}}));
        tx.tickets().move_sources(a, b);
        EXPECT_TRUE(tx.tickets().sources_of(a).empty());
        EXPECT_EQ(tx.tickets().sources_of(b).size(), 3u);
        EXPECT_EQ(tx.tickets().for_source("renmin", "R-1"), b);
    });
}

TYPED_TEST_P(TicketContract, ACitizensTicketsNewestFirstAndAnEmptyHashMatchesNothing) {
    const auto old = this->ticket("R-1", 100, "h1");
    const auto mid = this->ticket("R-2", 200, "h1");
    const auto now = this->ticket("R-3", 300, "h1");
    this->ticket("R-4", 400, "h2");
    this->ticket("R-5", 500, "");
    this->tx([&](StoreTx& tx) {
        const auto mine = tx.tickets().of_citizen("h1", 10);
        ASSERT_EQ(mine.size(), 3u);
        EXPECT_EQ(mine[0].id, now);
        EXPECT_EQ(mine[1].id, mid);
        EXPECT_EQ(mine[2].id, old);
        EXPECT_EQ(tx.tickets().of_citizen("h1", 2).size(), 2u);
        EXPECT_TRUE(tx.tickets().of_citizen("", 10).empty());
    });
}

TYPED_TEST_P(TicketContract, AMergeCandidateIsAddedOnceAndResolvedOnceInEitherOrder) {
    const auto a = this->ticket("R-1", 100);
    const auto b = this->ticket("R-2", 200);
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.tickets().resolve_merge_candidate(a, b, "merged"));
        EXPECT_TRUE(tx.tickets().add_merge_candidate(b, a, "同一来电号码", from_unix(300)));
        EXPECT_FALSE(tx.tickets().add_merge_candidate(b, a, "again", from_unix(301)));
        EXPECT_TRUE(tx.tickets().resolve_merge_candidate(a, b, "separate"));
        EXPECT_FALSE(tx.tickets().resolve_merge_candidate(b, a, "merged"));
    });
}

TYPED_TEST_P(TicketContract, QueriesByStateUnitDeadlineAndPeriod) {
    const auto t1 = this->ticket("R-1", 100);
    const auto t2 = this->ticket("R-2", 200);
    const auto t3 = this->ticket("R-3", 300);
    const auto t4 = this->ticket("R-4", 400);
    this->place(t1, State::handling, "zjj", 9000);
    this->place(t2, State::handling, "zjj", 5000);
    this->place(t3, State::dispatched, "jyj", 7000);
    this->place(t4, State::replied, "zjj", 1000);  // answered: never overdue
    this->tx([&](StoreTx& tx) {
        const auto handling = tx.tickets().in_state(State::handling, "", 10);
        ASSERT_EQ(handling.size(), 2u);
        EXPECT_EQ(handling[0].id, t2);  // the nearer deadline first
        EXPECT_EQ(tx.tickets().in_state(State::handling, "jyj", 10).size(), 0u);
        EXPECT_EQ(tx.tickets().in_state(State::dispatched, "jyj", 10).at(0).id, t3);
        EXPECT_EQ(tx.tickets().in_state(State::handling, "", 1).size(), 1u);

        const auto late = tx.tickets().overdue(from_unix(8000), 10);
        ASSERT_EQ(late.size(), 2u);
        EXPECT_EQ(late[0].id, t2);
        EXPECT_EQ(late[1].id, t3);
        EXPECT_EQ(tx.tickets().overdue_counts_by_unit(from_unix(8000)),
                  (std::map<std::string, std::int64_t>{{"jyj", 1}, {"zjj", 1}}));

        EXPECT_EQ(tx.tickets().counts_by_state(),
                  (std::map<State, std::int64_t>{{State::dispatched, 1}, {State::handling, 2}, {State::replied, 1}}));
        const auto by_unit = tx.tickets().counts_by_unit();
        EXPECT_EQ(by_unit.at("zjj").at(State::handling), 2);
        EXPECT_EQ(by_unit.at("zjj").at(State::replied), 1);
        EXPECT_EQ(by_unit.at("jyj").at(State::dispatched), 1);

        // Half-open periods: [200, 400) holds the tickets received at 200 and 300.
        EXPECT_EQ(tx.tickets().ids_received_between(from_unix(200), from_unix(400)),
                  (std::vector<std::int64_t>{t2, t3}));
    });
}

REGISTER_TYPED_TEST_SUITE_P(TicketContract, AnEmptyStoreHasNothing, AnInsertedTicketReadsBackAndUpdates,
                            EachLineIdBelongsToOneTicket, ACitizensTicketsNewestFirstAndAnEmptyHashMatchesNothing,
                            AMergeCandidateIsAddedOnceAndResolvedOnceInEitherOrder,
                            QueriesByStateUnitDeadlineAndPeriod);

}  // namespace hotline::testing
