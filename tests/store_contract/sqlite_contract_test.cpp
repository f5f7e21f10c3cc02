// The store contract's conformance suite on the SQLite backend.
#include "tests/store_contract/audit_contract.h"
#include "tests/store_contract/documents_contract.h"
#include "tests/store_contract/inbox_outbox_contract.h"
#include "tests/store_contract/requests_directory_contract.h"
#include "tests/store_contract/survey_contract.h"
#include "tests/store_contract/tickets_contract.h"
#include "tests/store_contract/timers_statistics_contract.h"
#include "tests/store_contract/web_sessions_contract.h"

namespace hotline::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TicketContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, RequestContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, DirectoryContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AuditContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, InboxContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, OutboxContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, DocumentContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, SurveyContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TimerContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StatisticsContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, TransactionContract, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, WebSessionContract, SqliteBackend);

}  // namespace hotline::testing
