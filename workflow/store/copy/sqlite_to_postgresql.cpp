#include "workflow/store/copy/sqlite_to_postgresql.h"

#include <spdlog/spdlog.h>

#include <array>
#include <stdexcept>

#include "workflow/procedure/audit_chain.h"
#include "workflow/store/postgresql/pg_connection.h"
#include "workflow/store/postgresql/pg_store.h"
#include "workflow/store/sqlite/sqlite_db.h"
#include "workflow/store/sqlite/sqlite_store.h"

namespace hotline::workflow {

namespace {

// Every table of the schema, parents before children, each with every column named (the two
// backends declare some in another order) and its statements written out in full. Except the
// workbench's sessions: sign-ins are not the county's data; people sign in again.
struct Table {
    const char* name;
    int columns;
    const char* select;
    const char* insert;
    const char* count;
    const char* reset_identity;  // the next id after the copied ones (nullptr: no generated id)
};

constexpr std::array<Table, 20> kTables{{
    {"units", 4,
     "SELECT code, name, aliases, active FROM units ORDER BY code",
     "INSERT INTO units(code, name, aliases, active) VALUES(?1, ?2, ?3, ?4)",
     "SELECT COUNT(*) FROM units",
     nullptr},
    {"people", 5,
     "SELECT userid, name, unit_code, roles, active FROM people ORDER BY userid",
     "INSERT INTO people(userid, name, unit_code, roles, active) VALUES(?1, ?2, ?3, ?4, ?5)",
     "SELECT COUNT(*) FROM people",
     nullptr},
    {"tickets", 29,
     "SELECT id, source, source_id, title, content, category, state, signoff_level, unit_code, "
     "claimed_by, accepted_by, received_at, dispatched_at, feedback_deadline, report_deadline, "
     "deadline_version, extension_days, redo_count, supervision_count, result, survey_outcome, "
     "updated_at, citizen_name_enc, citizen_phone_enc, phone_hash, content_key, location, "
     "attachments, redo_deadline FROM tickets ORDER BY id",
     "INSERT INTO tickets(id, source, source_id, title, content, category, state, signoff_level, "
     "unit_code, claimed_by, accepted_by, received_at, dispatched_at, feedback_deadline, "
     "report_deadline, deadline_version, extension_days, redo_count, supervision_count, result, "
     "survey_outcome, updated_at, citizen_name_enc, citizen_phone_enc, phone_hash, content_key, "
     "location, attachments, redo_deadline) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
     "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
     "SELECT COUNT(*) FROM tickets",
     "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM tickets), false)"},
    {"ticket_sources", 4,
     "SELECT source, source_id, ticket_id, received_at FROM ticket_sources ORDER BY source, source_id",
     "INSERT INTO ticket_sources(source, source_id, ticket_id, received_at) VALUES(?1, ?2, ?3, ?4)",
     "SELECT COUNT(*) FROM ticket_sources",
     nullptr},
    {"merge_candidates", 6,
     "SELECT id, ticket_id, other_ticket_id, reason, state, created_at FROM merge_candidates ORDER BY id",
     "INSERT INTO merge_candidates(id, ticket_id, other_ticket_id, reason, state, "
     "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
     "SELECT COUNT(*) FROM merge_candidates",
     "SELECT setval(pg_get_serial_sequence('merge_candidates', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM merge_candidates), false)"},
    {"requests", 11,
     "SELECT id, ticket_id, kind, state, days, reason, requested_by, requested_at, decided_by, "
     "decided_at, decision_note FROM requests ORDER BY id",
     "INSERT INTO requests(id, ticket_id, kind, state, days, reason, requested_by, requested_at, "
     "decided_by, decided_at, decision_note) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
     "SELECT COUNT(*) FROM requests",
     "SELECT setval(pg_get_serial_sequence('requests', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM requests), false)"},
    {"audit_events", 12,
     "SELECT seq, ticket_id, actor, action, from_state, to_state, note, at, prev_hash, hash, "
     "unit_code, hash_version FROM audit_events ORDER BY seq",
     "INSERT INTO audit_events(seq, ticket_id, actor, action, from_state, to_state, note, at, "
     "prev_hash, hash, unit_code, hash_version) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
     "?12)",
     "SELECT COUNT(*) FROM audit_events",
     nullptr},
    {"inbox", 8,
     "SELECT id, channel, dedup_key, payload, received_at, state, attempts, "
     "last_error FROM inbox ORDER BY id",
     "INSERT INTO inbox(id, channel, dedup_key, payload, received_at, state, attempts, "
     "last_error) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
     "SELECT COUNT(*) FROM inbox",
     "SELECT setval(pg_get_serial_sequence('inbox', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM inbox), false)"},
    {"outbox", 18,
     "SELECT id, channel, recipient, dedup_key, kind, payload, ticket_id, state, attempts, "
     "next_attempt_at, last_error, created_at, sent_at, purpose, parts_sent, claimed_at, claimed_by, "
     "lease_until FROM outbox ORDER BY id",
     "INSERT INTO outbox(id, channel, recipient, dedup_key, kind, payload, ticket_id, state, "
     "attempts, next_attempt_at, last_error, created_at, sent_at, purpose, parts_sent, claimed_at, "
     "claimed_by, lease_until) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
     "?15, ?16, ?17, ?18)",
     "SELECT COUNT(*) FROM outbox",
     "SELECT setval(pg_get_serial_sequence('outbox', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM outbox), false)"},
    {"deliveries", 4,
     "SELECT id, channel, recipient, at FROM deliveries ORDER BY id",
     "INSERT INTO deliveries(id, channel, recipient, at) VALUES(?1, ?2, ?3, ?4)",
     "SELECT COUNT(*) FROM deliveries",
     "SELECT setval(pg_get_serial_sequence('deliveries', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM deliveries), false)"},
    {"timers", 7,
     "SELECT id, ticket_id, kind, due_at, deadline_version, state, fired_at FROM timers ORDER BY id",
     "INSERT INTO timers(id, ticket_id, kind, due_at, deadline_version, state, fired_at) VALUES(?1, "
     "?2, ?3, ?4, ?5, ?6, ?7)",
     "SELECT COUNT(*) FROM timers",
     "SELECT setval(pg_get_serial_sequence('timers', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM timers), false)"},
    {"result_drafts", 4,
     "SELECT userid, ticket_id, sections, updated_at FROM result_drafts ORDER BY userid",
     "INSERT INTO result_drafts(userid, ticket_id, sections, updated_at) VALUES(?1, ?2, ?3, ?4)",
     "SELECT COUNT(*) FROM result_drafts",
     nullptr},
    {"surveys", 19,
     "SELECT id, ticket_id, phone_hash, phone_enc, state, step, next_at, satisfaction, resolution, "
     "questions_sent, clarified, reminded, reason, recorded_by, note, created_at, asked_at, "
     "expires_at, finished_at FROM surveys ORDER BY id",
     "INSERT INTO surveys(id, ticket_id, phone_hash, phone_enc, state, step, next_at, satisfaction, "
     "resolution, questions_sent, clarified, reminded, reason, recorded_by, note, created_at, "
     "asked_at, expires_at, finished_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
     "?13, ?14, ?15, ?16, ?17, ?18, ?19)",
     "SELECT COUNT(*) FROM surveys",
     "SELECT setval(pg_get_serial_sequence('surveys', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM surveys), false)"},
    {"sms_messages", 13,
     "SELECT id, survey_id, ticket_id, direction, phone_hash, purpose, text, provider, provider_id, "
     "status, detail, at, updated_at FROM sms_messages ORDER BY id",
     "INSERT INTO sms_messages(id, survey_id, ticket_id, direction, phone_hash, purpose, text, "
     "provider, provider_id, status, detail, at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
     "?9, ?10, ?11, ?12, ?13)",
     "SELECT COUNT(*) FROM sms_messages",
     "SELECT setval(pg_get_serial_sequence('sms_messages', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM sms_messages), false)"},
    {"sms_opt_outs", 3,
     "SELECT phone_hash, word, at FROM sms_opt_outs ORDER BY phone_hash",
     "INSERT INTO sms_opt_outs(phone_hash, word, at) VALUES(?1, ?2, ?3)",
     "SELECT COUNT(*) FROM sms_opt_outs",
     nullptr},
    {"scheduled_runs", 2,
     "SELECT key, at FROM scheduled_runs ORDER BY key",
     "INSERT INTO scheduled_runs(key, at) VALUES(?1, ?2)",
     "SELECT COUNT(*) FROM scheduled_runs",
     nullptr},
    {"evidence", 15,
     "SELECT id, ticket_id, sender, kind, media_id, state, sha256, mime, size, detail, attempts, "
     "received_at, next_attempt_at, stored_at, expiry_warned FROM evidence ORDER BY id",
     "INSERT INTO evidence(id, ticket_id, sender, kind, media_id, state, sha256, mime, size, detail, "
     "attempts, received_at, next_attempt_at, stored_at, expiry_warned) VALUES(?1, ?2, ?3, ?4, ?5, "
     "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
     "SELECT COUNT(*) FROM evidence",
     "SELECT setval(pg_get_serial_sequence('evidence', 'id'), (SELECT COALESCE(MAX(id), "
     "0) + 1 FROM evidence), false)"},
    {"evidence_targets", 3,
     "SELECT userid, ticket_id, at FROM evidence_targets ORDER BY userid",
     "INSERT INTO evidence_targets(userid, ticket_id, at) VALUES(?1, ?2, ?3)",
     "SELECT COUNT(*) FROM evidence_targets",
     nullptr},
    {"report_versions", 6,
     "SELECT ticket_id, version, sha256, size, submitted_by, "
     "created_at FROM report_versions ORDER BY ticket_id, version",
     "INSERT INTO report_versions(ticket_id, version, sha256, size, submitted_by, "
     "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
     "SELECT COUNT(*) FROM report_versions",
     nullptr},
    {"callback_nonces", 3,
     "SELECT key, digest, at FROM callback_nonces ORDER BY key",
     "INSERT INTO callback_nonces(key, digest, at) VALUES(?1, ?2, ?3)",
     "SELECT COUNT(*) FROM callback_nonces",
     nullptr},
}};

// The planner's statistics of every table of kTables. Autovacuum would gather them a minute or so
// later; a report planned before that, on an empty table's defaults, read the whole audit index
// per ticket (minutes instead of under a second over 1,000,000 tickets).
constexpr const char* kAnalyzeAll =
    "ANALYZE units, people, tickets, ticket_sources, merge_candidates, requests, audit_events, inbox, outbox, "
    "deliveries, timers, result_drafts, surveys, sms_messages, sms_opt_outs, scheduled_runs, evidence, "
    "evidence_targets, report_versions, callback_nonces";

std::int64_t count_rows(sql::Connection& db, const Table& t) {
    auto& st = db.prepare(t.count);
    const std::int64_t n = st.step() ? st.int64(0) : 0;
    st.reset();
    return n;
}

std::int64_t copy_table(sqlite::Db& from, pg::Connection& to, const Table& t) {
    auto& read = from.prepare(t.select);
    auto& write = to.prepare(t.insert);
    std::int64_t rows = 0;
    while (read.step()) {
        write.reset();
        // As text: PostgreSQL reads each value as its column's type.
        for (int c = 0; c < t.columns; ++c) {
            if (read.is_null(c))
                write.bind_null(c + 1);
            else
                write.bind(c + 1, read.text(c));
        }
        write.run();
        ++rows;
    }
    read.reset();
    if (t.reset_identity) {
        auto& reset = to.prepare(t.reset_identity);
        reset.run();
    }
    return rows;
}

// The chain of a store verified through the contract, as `audit verify` does it.
std::int64_t verified_chain(Store& store, const char* which) {
    AuditChainVerifier chain;
    store.transact([&](StoreTx& tx) {
        chain = AuditChainVerifier{};
        tx.audit().for_each([&](const AuditEvent& e) { return chain.feed(e); });
    });
    if (const auto& broken = chain.first_break())
        throw std::runtime_error(std::string("the audit chain of the ") + which + " breaks at event " +
                                 std::to_string(broken->seq) + ": " + broken->reason);
    return chain.verified();
}

}  // namespace

StoreCopy copy_sqlite_to_postgresql(const std::string& sqlite_path, const std::string& conninfo) {
    StoreCopy out;
    // Both opened as the bot opens them first: migrated to this binary's schema.
    {
        SqliteStore source(sqlite_path);
        out.audit_events = verified_chain(source, "SQLite store");
    }
    PostgresStore target_store(PostgresOptions{.conninfo = conninfo, .pool_size = 1});
    pg::Connection to(conninfo);
    for (const auto& t : kTables)
        if (count_rows(to, t) > 0)
            throw std::runtime_error(std::string("the PostgreSQL database is not empty (table ") + t.name +
                                     " has rows): copy into a new database");

    sqlite::Db from(sqlite_path);
    from.exec("BEGIN");  // one consistent read of the whole store
    to.exec("BEGIN");
    try {
        for (const auto& t : kTables) {
            const auto rows = copy_table(from, to, t);
            if (rows != count_rows(from, t))
                throw std::runtime_error(std::string("table ") + t.name + " changed while it was copied");
            out.tables.emplace_back(t.name, rows);
            spdlog::info("store copy: {} rows of {}", rows, t.name);
        }
        to.exec("COMMIT");
    } catch (...) {
        to.exec_quietly("ROLLBACK");
        from.reset_all();
        from.exec("ROLLBACK");
        throw;
    }
    from.reset_all();
    from.exec("COMMIT");

    for (const auto& [name, rows] : out.tables) {
        const auto& t = *std::find_if(kTables.begin(), kTables.end(), [&](const Table& x) { return name == x.name; });
        if (count_rows(to, t) != rows)
            throw std::runtime_error("table " + name + ": the copy has another number of rows than the source");
    }
    to.exec(kAnalyzeAll);
    const auto copied = verified_chain(target_store, "PostgreSQL copy");
    if (copied != out.audit_events)
        throw std::runtime_error("the copy's audit chain has " + std::to_string(copied) + " events, the source " +
                                 std::to_string(out.audit_events));
    return out;
}

}  // namespace hotline::workflow
