// The store contract's conformance suite on the PostgreSQL backend, against the test cluster.
#include "tests/store_contract/audit_contract.h"
#include "tests/store_contract/documents_contract.h"
#include "tests/store_contract/inbox_outbox_contract.h"
#include "tests/store_contract/requests_directory_contract.h"
#include "tests/store_contract/survey_contract.h"
#include "tests/store_contract/tickets_contract.h"
#include "tests/store_contract/timers_statistics_contract.h"
#include "tests/store_contract/web_sessions_contract.h"

namespace hotline::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, TicketContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, RequestContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, DirectoryContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, AuditContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, InboxContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, OutboxContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, DocumentContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, SurveyContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, TimerContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StatisticsContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, TransactionContract, PostgresBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, WebSessionContract, PostgresBackend);

}  // namespace hotline::testing
