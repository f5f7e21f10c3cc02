#pragma once
// The store contract's conformance suite: what every backend must do, method by method, edge by
// edge (empty results, conflicts, concurrent writers), written once against the interfaces in
// workflow/store/ and run on each backend as a type parameter (see sqlite_contract_test.cpp).
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "tests/support/test_env.h"
#include "workflow/store/store.h"

namespace hotline::testing {

template <class Backend>
class StoreContract : public ::testing::Test {
protected:
    StoreContract() : store_(Backend::open(dir_.path())) {}

    workflow::Store& store() { return *store_; }
    // Closes the store and opens it again on the same files.
    void reopen() {
        store_.reset();
        store_ = Backend::open(dir_.path());
    }

    // Runs fn in one transaction and returns what it returns.
    template <class F>
    auto tx(F&& fn) {
        using R = std::invoke_result_t<F, workflow::StoreTx&>;
        if constexpr (std::is_void_v<R>) {
            store_->transact([&](workflow::StoreTx& t) { fn(t); });
        } else {
            std::optional<R> out;
            store_->transact([&](workflow::StoreTx& t) { out = fn(t); });
            return std::move(*out);
        }
    }

    // A stored ticket received at `at` (unix seconds) on the renmin line.
    std::int64_t ticket(const std::string& source_id, std::int64_t at, const std::string& phone_hash = "") {
        workflow::NewTicket t;
        t.source = "renmin";
        t.source_id = source_id;
        t.title = "标题" + source_id;
        t.content = "内容";
        t.received_at = workflow::from_unix(at);
        t.phone_hash = phone_hash;
        return tx([&](workflow::StoreTx& x) { return x.tickets().insert(t); });
    }

    // Moves a stored ticket to a unit and state with a feedback deadline (unix seconds).
    void place(std::int64_t id, workflow::State s, const std::string& unit, std::int64_t deadline) {
        tx([&](workflow::StoreTx& x) {
            auto t = *x.tickets().find(id);
            t.state = s;
            t.unit_code = unit;
            t.dispatched_at = workflow::from_unix(deadline - 86400);
            t.feedback_deadline = workflow::from_unix(deadline);
            x.tickets().update(t);
        });
    }

private:
    TempDir dir_;
    std::unique_ptr<workflow::Store> store_;
};

}  // namespace hotline::testing
