#include "workflow/store/sql/sql_tx.h"

namespace hotline::workflow {

void SqlTx::savepoint(const std::function<void()>& fn) {
    // Prepared once and reused: every inbox entry and every caller of a group commit takes one.
    db_.prepare("SAVEPOINT unit").run();
    try {
        fn();
    } catch (const TransactionAborted&) {
        throw;  // nothing left to roll back to: the store retries the whole transaction
    } catch (...) {
        db_.reset_all();  // statements still stepping would keep the rollback from taking effect
        db_.prepare("ROLLBACK TO unit").run();
        db_.prepare("RELEASE unit").run();
        throw;
    }
    db_.prepare("RELEASE unit").run();
}

}  // namespace hotline::workflow
