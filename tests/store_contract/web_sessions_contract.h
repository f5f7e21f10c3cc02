#pragma once
// The workbench's sessions: found until they expire, ended on sign-out, swept when stale.
#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

using namespace hotline::workflow;

template <class Backend>
class WebSessionContract : public StoreContract<Backend> {
protected:
    static WebSession session(const std::string& digest, const std::string& userid, std::int64_t expires) {
        return WebSession{digest, userid, "csrf-" + digest, from_unix(100), from_unix(expires)};
    }
};
TYPED_TEST_SUITE_P(WebSessionContract);

TYPED_TEST_P(WebSessionContract, ASessionIsFoundUntilItExpiresOrEnds) {
    this->tx([&](StoreTx& tx) {
        tx.web_sessions().create(this->session("d1", "zhangwei", 1000));
        tx.web_sessions().create(this->session("d2", "liuyang", 500));
    });
    this->tx([&](StoreTx& tx) {
        const auto s = tx.web_sessions().find("d1", from_unix(999));
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->userid, "zhangwei");
        EXPECT_EQ(s->csrf, "csrf-d1");
        EXPECT_EQ(s->created_at, from_unix(100));
        EXPECT_EQ(s->expires_at, from_unix(1000));
        EXPECT_FALSE(tx.web_sessions().find("d1", from_unix(1000)).has_value()) << "expired at its end";
        EXPECT_FALSE(tx.web_sessions().find("unknown", from_unix(200)).has_value());
        tx.web_sessions().end("d1");
        EXPECT_FALSE(tx.web_sessions().find("d1", from_unix(200)).has_value()) << "signed out";
        tx.web_sessions().forget_expired(from_unix(600));
    });
    this->reopen();
    this->tx([&](StoreTx& tx) {
        EXPECT_FALSE(tx.web_sessions().find("d2", from_unix(200)).has_value()) << "swept once expired";
        tx.web_sessions().create(this->session("d1", "zhangwei", 2000));  // the digest is free again
        EXPECT_TRUE(tx.web_sessions().find("d1", from_unix(1500)).has_value());
    });
}

REGISTER_TYPED_TEST_SUITE_P(WebSessionContract, ASessionIsFoundUntilItExpiresOrEnds);

}  // namespace hotline::testing
