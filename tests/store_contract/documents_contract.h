#pragma once
#include "tests/store_contract/store_contract.h"

namespace hotline::testing {

template <class Backend>
class DocumentContract : public StoreContract<Backend> {
protected:
    static workflow::Evidence photo(std::int64_t ticket, const std::string& state, std::int64_t next) {
        return workflow::Evidence{.ticket_id = ticket, .sender = "h1", .kind = "image", .media_id = "MEDIA",
                                  .state = state, .received_at = workflow::from_unix(100),
                                  .next_attempt_at = workflow::from_unix(next)};
    }
};
TYPED_TEST_SUITE_P(DocumentContract);

using namespace workflow;

TYPED_TEST_P(DocumentContract, EvidenceAwaitsItsTicketDownloadsAndIsStored) {
    const auto t = this->ticket("R-1", 50);
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.evidence().of(t).empty());
        EXPECT_TRUE(tx.evidence().due(from_unix(1'000'000), 10).empty());
        EXPECT_TRUE(tx.evidence().awaiting_ticket("h1").empty());
        EXPECT_FALSE(tx.evidence().target("h1").has_value());
        const auto waiting = tx.evidence().insert(this->photo(0, "awaiting_ticket", 100));
        const auto later = tx.evidence().insert(this->photo(t, "downloading", 300));
        const auto first = tx.evidence().insert(this->photo(t, "downloading", 200));
        EXPECT_EQ(tx.evidence().awaiting_ticket("h1").at(0).id, waiting);
        EXPECT_TRUE(tx.evidence().awaiting_ticket("h2").empty());
        const auto due = tx.evidence().due(from_unix(300), 10);
        ASSERT_EQ(due.size(), 2u);
        EXPECT_EQ(due[0].id, first);  // the earliest attempt first
        EXPECT_EQ(tx.evidence().due(from_unix(250), 10).size(), 1u);

        auto stored = due[0];
        stored.state = "stored";
        stored.sha256 = std::string(64, 'a');
        stored.mime = "image/jpeg";
        stored.size = 1234;
        stored.stored_at = from_unix(260);
        tx.evidence().update(stored);
        auto named = tx.evidence().awaiting_ticket("h1").at(0);
        named.ticket_id = t;
        named.state = "downloading";
        tx.evidence().update(named);

        const auto of = tx.evidence().of(t);
        ASSERT_EQ(of.size(), 3u);
        EXPECT_EQ(of[0].id, waiting);  // in the order it arrived
        EXPECT_EQ(of[1].id, later);
        EXPECT_EQ(of[2].state, "stored");
        EXPECT_EQ(of[2].sha256, std::string(64, 'a'));
        EXPECT_EQ(of[2].size, 1234);
        EXPECT_EQ(of[2].stored_at, from_unix(260));

        tx.evidence().set_target("h1", t, from_unix(400));
        tx.evidence().set_target("h1", t + 1, from_unix(500));  // replaces
        EXPECT_EQ(tx.evidence().target("h1"), std::make_pair(t + 1, from_unix(500)));
    });
}

TYPED_TEST_P(DocumentContract, ReportVersionsCountUpAndDraftsAreOnePerPerson) {
    const auto t = this->ticket("R-1", 50);
    this->tx([&](StoreTx& tx) {
        EXPECT_TRUE(tx.documents().report_versions(t).empty());
        const ReportVersion v{.ticket_id = t, .sha256 = std::string(64, 'b'), .size = 10, .submitted_by = "h1",
                              .created_at = from_unix(100)};
        EXPECT_EQ(tx.documents().add_report_version(v), 1);
        EXPECT_EQ(tx.documents().add_report_version(v), 2);
        const auto versions = tx.documents().report_versions(t);
        ASSERT_EQ(versions.size(), 2u);
        EXPECT_EQ(versions[1].version, 2);
        EXPECT_EQ(versions[1].submitted_by, "h1");

        EXPECT_FALSE(tx.documents().result_draft("h1").has_value());
        tx.documents().save_result_draft(ResultDraft{"h1", t, "{\"a\":1}"}, from_unix(100));
        tx.documents().save_result_draft(ResultDraft{"h1", t, "{\"a\":2}"}, from_unix(200));
        EXPECT_EQ(tx.documents().result_draft("h1")->sections, "{\"a\":2}");
        tx.documents().delete_result_draft("h1");
        EXPECT_FALSE(tx.documents().result_draft("h1").has_value());
        tx.documents().delete_result_draft("h1");  // nothing to delete is not an error
    });
}

REGISTER_TYPED_TEST_SUITE_P(DocumentContract, EvidenceAwaitsItsTicketDownloadsAndIsStored,
                            ReportVersionsCountUpAndDraftsAreOnePerPerson);

}  // namespace hotline::testing
