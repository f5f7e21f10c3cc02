#include <gtest/gtest.h>

#include <set>

#include "workflow/procedure/lifecycle.h"

using namespace hotline::workflow;

TEST(LifecycleTable, EveryActionHasOneRowWithRolesAndSourceStates) {
    std::set<std::string_view> ids;
    for (const auto& t : transition_table()) {
        EXPECT_FALSE(t.roles.empty()) << t.id;
        EXPECT_FALSE(t.from.empty()) << t.id;
        EXPECT_FALSE(t.chinese.empty()) << t.id;
        EXPECT_TRUE(ids.insert(t.id).second) << "duplicate " << t.id;
        EXPECT_EQ(parse_action(t.id), t.action);
        EXPECT_EQ(&transition_for(t.action), &t);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(Action::instruct) + 1);
}

TEST(LifecycleTable, UnitWorkIsScopedToTheUnitAndHotlineWorkIsNot) {
    for (Action a : {Action::accept, Action::request_return, Action::request_extension, Action::submit_result,
                     Action::unit_approve, Action::unit_reject})
        EXPECT_TRUE(transition_for(a).unit_scoped) << transition_for(a).id;
    for (Action a : {Action::claim, Action::dispatch, Action::approve_return, Action::review_pass, Action::archive})
        EXPECT_FALSE(transition_for(a).unit_scoped) << transition_for(a).id;
}

TEST(LifecycleTable, OnlyTheCentreDecidesReturnsAndExtensions) {
    for (Action a : {Action::approve_return, Action::reject_return, Action::approve_extension, Action::reject_extension})
        EXPECT_EQ(transition_for(a).roles, std::vector<Role>{Role::center});
}

TEST(LifecycleTable, NothingLeavesArchived) {
    for (const auto& t : transition_table())
        for (State s : t.from) EXPECT_NE(s, State::archived) << t.id;
}

TEST(LifecycleTable, WhatWaitsForEachRoleComesFromTheMainPathsSteps) {
    auto states = [](Role r) {
        std::vector<std::pair<State, bool>> out;
        for (const auto& w : states_awaiting(r)) out.emplace_back(w.state, w.unit_scoped);
        return out;
    };
    using P = std::vector<std::pair<State, bool>>;
    EXPECT_EQ(states(Role::handler), (P{{State::dispatched, true}, {State::handling, true}}));
    EXPECT_EQ(states(Role::unit_leader), (P{{State::unit_review, true}}));
    EXPECT_EQ(states(Role::staff), (P{{State::received, false}, {State::claimed, false}, {State::center_review, false},
                                      {State::signed_off, false}, {State::uploaded, false}, {State::city_approved, false},
                                      {State::replied, false}, {State::surveyed, false}}));
    EXPECT_EQ(states(Role::signer2), (P{{State::signoff, false}}));
    EXPECT_EQ(signoff_level_of(Role::signer2), 2);
    EXPECT_EQ(signoff_level_of(Role::staff), 0);
    // The centre decides requests, which are not states: its list is the pending requests.
    EXPECT_TRUE(states(Role::center).empty());
    EXPECT_TRUE(states(Role::leader).empty());
}

TEST(LifecycleTable, EveryDecisionANoticeOffersIsABranchOfTheNextStateWithALabel) {
    for (const auto& step : transition_table()) {
        for (Action a : step.offers) {
            const auto& decision = transition_for(a);
            EXPECT_FALSE(decision.button.empty()) << step.id << " offers " << decision.id << " without a label";
            // The decision must be takeable where the step leaves the case (or where it stays).
            const State where = step.to.value_or(step.from.front());
            EXPECT_NE(std::find(decision.from.begin(), decision.from.end(), where), decision.from.end())
                << step.id << " offers " << decision.id << ", which cannot be taken in " << to_string(where);
        }
    }
}

TEST(LifecycleTable, WhatEachStepCountsAsAndHowItIsAnswered) {
    std::vector<std::string_view> redone;
    for (const auto& t : transition_table())
        if (t.tally == Tally::redone) redone.push_back(t.id);
    EXPECT_EQ(redone, (std::vector<std::string_view>{"review_redo", "signoff_reject", "city_reject"}));
    EXPECT_EQ(transition_for(Action::dispatch).tally, Tally::dispatched);
    EXPECT_EQ(transition_for(Action::approve_return).tally, Tally::returned);
    EXPECT_EQ(transition_for(Action::reject_return).tally, Tally::none);
    EXPECT_EQ(transition_for(Action::accept).done, "已签收");
    EXPECT_EQ(transition_for(Action::mark_replied).done, "已登记答复");
}

TEST(LifecycleTable, TheUnitHoldsTheCaseFromDispatchUntilItsLeaderApproves) {
    for (State s : {State::dispatched, State::handling, State::unit_review}) EXPECT_TRUE(with_unit(s));
    for (State s : {State::claimed, State::center_review, State::signoff, State::replied}) EXPECT_FALSE(with_unit(s));
    // Contacts and extension requests are the unit's while it holds the case.
    EXPECT_EQ(transition_for(Action::contact).from, std::vector<State>(kWithUnit.begin(), kWithUnit.end()));
}
