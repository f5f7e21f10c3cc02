#pragma once
// The contract between the workflow and its durable store. No SQL outside a backend's folder:
// each backend (store/sqlite/, and later others) implements these interfaces and must pass the
// conformance suite in tests/store_contract/.
#include <functional>
#include <stdexcept>

#include "workflow/store/audit_store.h"
#include "workflow/store/directory_store.h"
#include "workflow/store/evidence_store.h"
#include "workflow/store/inbox_store.h"
#include "workflow/store/nonce_store.h"
#include "workflow/store/outbox_store.h"
#include "workflow/store/request_store.h"
#include "workflow/store/statistics_store.h"
#include "workflow/store/survey_store.h"
#include "workflow/store/ticket_store.h"
#include "workflow/store/timer_store.h"
#include "workflow/store/web_session_store.h"

namespace hotline::workflow {

// The whole transaction has to be given up: a conflict with a concurrent transaction, or the
// connection to the database lost before the commit. Only a multi-writer backend throws it, and
// its transact() runs fn again. Code inside a transaction must let it pass, not handle it: a
// savepoint cannot save a transaction the database has already aborted.
class TransactionAborted : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One transaction's view of every aggregate. Everything read through it is consistent with
// everything written through it; nothing is visible to others before the commit.
class StoreTx {
public:
    virtual ~StoreTx() = default;

    virtual TicketStore& tickets() = 0;
    virtual RequestStore& requests() = 0;
    virtual DirectoryStore& directory() = 0;
    virtual AuditStore& audit() = 0;
    virtual InboxStore& inbox() = 0;
    virtual NonceStore& nonces() = 0;
    virtual OutboxStore& outbox() = 0;
    virtual DeliveryStore& deliveries() = 0;
    virtual EvidenceStore& evidence() = 0;
    virtual DocumentStore& documents() = 0;
    virtual SurveyStore& surveys() = 0;
    virtual SmsStore& sms() = 0;
    virtual StatisticsStore& statistics() = 0;
    virtual TimerStore& timers() = 0;
    virtual ScheduleStore& schedule() = 0;
    virtual WebSessionStore& web_sessions() = 0;

    // Runs fn as one unit inside this transaction: if it throws, everything it did is undone and
    // the exception passes on, while the transaction and what was done before fn stay. Lets one
    // transaction (one fsync) carry many independent pieces of work, each all or nothing.
    virtual void savepoint(const std::function<void()>& fn) = 0;
};

class Store {
public:
    virtual ~Store() = default;

    // Runs fn in one transaction and returns once it is durably committed (acknowledged means
    // on disk). If fn throws, its writes are rolled back and the exception reaches the caller;
    // other callers' transactions are unaffected.
    //
    // The concurrency contract, which every backend keeps however many writers it has:
    // - Transactions are serialisable in effect: the outcome is that of some order of the
    //   committed transactions, one after another.
    // - The audit chain stays one chain: concurrent appends get consecutive seqs, each event's
    //   prev_hash the hash of the one before. No fork, no gap.
    // - Uniqueness claims decide once: of concurrent inbox inserts with one key, outbox enqueues
    //   with one key, claims of one inbox entry or one scheduled run, exactly one succeeds.
    // - A backend may run fn again after a conflict with a concurrent transaction (its writes
    //   rolled back first). So fn acts only through tx, and what it hands out (results captured
    //   by reference) it assigns rather than accumulates.
    // SQLite keeps all of this with one writer and group commit; a multi-writer backend with
    // row locks, unique constraints and a retry on serialisation failure.
    // fn must not call transact itself: a nested transaction would wait for its own.
    virtual void transact(const std::function<void(StoreTx&)>& fn) = 0;
    virtual int schema_version() = 0;
};

}  // namespace hotline::workflow
