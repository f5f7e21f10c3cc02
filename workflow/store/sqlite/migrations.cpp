#include "workflow/store/sqlite/migrations.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

namespace hotline::workflow {

namespace {
struct Migration {
    int version;
    const char* description;
    const char* sql;
};

// Append only: a released migration is never edited.
constexpr std::array kMigrations{
    Migration{1, "initial schema", R"SQL(
CREATE TABLE units(
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '[]',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE people(
  userid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit_code TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE tickets(
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  category TEXT NOT NULL,
  state TEXT NOT NULL,
  signoff_level INTEGER NOT NULL DEFAULT 0,
  unit_code TEXT NOT NULL DEFAULT '',
  claimed_by TEXT NOT NULL DEFAULT '',
  accepted_by TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL,
  dispatched_at INTEGER,
  feedback_deadline INTEGER,
  report_deadline INTEGER,
  deadline_version INTEGER NOT NULL DEFAULT 0,
  extension_days INTEGER NOT NULL DEFAULT 0,
  redo_count INTEGER NOT NULL DEFAULT 0,
  supervision_count INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT '',
  survey_outcome TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  UNIQUE(source, source_id)
);
CREATE INDEX tickets_state ON tickets(state);
CREATE INDEX tickets_unit_state ON tickets(unit_code, state);
CREATE TABLE requests(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  days INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX requests_ticket ON requests(ticket_id);
CREATE UNIQUE INDEX requests_one_pending ON requests(ticket_id, kind) WHERE state = 'pending';
CREATE TABLE audit_events(
  seq INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_ticket ON audit_events(ticket_id, seq);
CREATE TABLE inbox(
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'new',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE(channel, dedup_key)
);
CREATE INDEX inbox_new ON inbox(id) WHERE state = 'new';
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  dedup_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  ticket_id INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_ticket ON outbox(ticket_id);
CREATE TABLE timers(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  deadline_version INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  fired_at INTEGER,
  UNIQUE(ticket_id, kind, deadline_version)
);
-- Partial indexes keep the scheduler's and notifier's scans proportional to what is due.
CREATE INDEX timers_due ON timers(due_at) WHERE state = 'pending';
CREATE INDEX timers_ticket ON timers(ticket_id) WHERE state = 'pending';
)SQL"},
    Migration{2, "lookups for chat commands", R"SQL(
CREATE INDEX tickets_source_id ON tickets(source_id);
CREATE INDEX requests_pending ON requests(requested_at) WHERE state = 'pending';
)SQL"},
    Migration{3, "result drafts filled in section by section", R"SQL(
CREATE TABLE result_drafts(
  userid TEXT PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  sections TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
)SQL"},
    Migration{4, "intake from both lines: citizen data, sources, merge candidates", R"SQL(
ALTER TABLE tickets ADD COLUMN citizen_name_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN citizen_phone_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN phone_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN content_key TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
CREATE INDEX tickets_phone_hash ON tickets(phone_hash, received_at) WHERE phone_hash != '';
CREATE TABLE ticket_sources(
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  received_at INTEGER NOT NULL,
  PRIMARY KEY(source, source_id)
);
CREATE INDEX ticket_sources_ticket ON ticket_sources(ticket_id);
INSERT INTO ticket_sources(source, source_id, ticket_id, received_at)
  SELECT source, source_id, id, received_at FROM tickets;
CREATE TABLE merge_candidates(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  other_ticket_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  created_at INTEGER NOT NULL,
  UNIQUE(ticket_id, other_ticket_id)
);
)SQL"},
    Migration{5, "SMS callback survey: surveys, SMS messages both ways, opt-outs", R"SQL(
CREATE TABLE surveys(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  phone_hash TEXT NOT NULL,
  phone_enc TEXT NOT NULL,
  state TEXT NOT NULL,
  step TEXT NOT NULL DEFAULT '',
  next_at INTEGER,
  satisfaction TEXT NOT NULL DEFAULT '',
  resolution TEXT NOT NULL DEFAULT '',
  questions_sent INTEGER NOT NULL DEFAULT 0,
  clarified INTEGER NOT NULL DEFAULT 0,
  reminded INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  asked_at INTEGER,
  expires_at INTEGER,
  finished_at INTEGER
);
CREATE INDEX surveys_ticket ON surveys(ticket_id);
CREATE INDEX surveys_due ON surveys(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX surveys_phone ON surveys(phone_hash, id);
CREATE TABLE sms_messages(
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL DEFAULT 0,
  ticket_id INTEGER NOT NULL DEFAULT 0,
  direction TEXT NOT NULL,
  phone_hash TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  provider TEXT NOT NULL DEFAULT '',
  provider_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sms_messages_phone ON sms_messages(phone_hash, at);
CREATE INDEX sms_messages_provider ON sms_messages(provider_id) WHERE provider_id != '';
CREATE INDEX sms_messages_ticket ON sms_messages(ticket_id);
CREATE TABLE sms_opt_outs(
  phone_hash TEXT PRIMARY KEY,
  word TEXT NOT NULL,
  at INTEGER NOT NULL
);
)SQL"},
    Migration{6, "statistics: the unit of each audit event, period lookups, scheduled reports sent", R"SQL(
ALTER TABLE audit_events ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
UPDATE audit_events SET unit_code = COALESCE((SELECT unit_code FROM tickets WHERE tickets.id = audit_events.ticket_id), '');
CREATE INDEX audit_at ON audit_events(at);
CREATE INDEX tickets_feedback_deadline ON tickets(feedback_deadline) WHERE feedback_deadline IS NOT NULL;
CREATE INDEX tickets_received_at ON tickets(received_at);
CREATE TABLE scheduled_runs(
  key TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
)SQL"},
    Migration{7, "outbox: answers ahead of notifications, per-part progress, claims, deliveries for per-person pacing", R"SQL(
ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT 'notification';
UPDATE outbox SET purpose = 'answer' WHERE dedup_key LIKE 'reply:%' OR dedup_key LIKE 'click:%';
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
CREATE TABLE deliveries(
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX deliveries_recipient ON deliveries(channel, recipient, at);
)SQL"},
    Migration{8, "tickets: the redo deadline", R"SQL(
ALTER TABLE tickets ADD COLUMN redo_deadline INTEGER;
)SQL"},
    Migration{9, "evidence: photos, videos and locations sent from chat, and the ticket each sender names", R"SQL(
CREATE TABLE evidence(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL DEFAULT 0,
  sender TEXT NOT NULL,
  kind TEXT NOT NULL,
  media_id TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  sha256 TEXT NOT NULL DEFAULT '',
  mime TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  stored_at INTEGER,
  expiry_warned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_ticket ON evidence(ticket_id, id);
CREATE INDEX evidence_due ON evidence(state, next_attempt_at);
CREATE INDEX evidence_sender ON evidence(sender, state);
CREATE TABLE evidence_targets(
  userid TEXT PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  at INTEGER NOT NULL
);
)SQL"},
    Migration{10, "report versions: each submitted report as a PDF, by its SHA-256", R"SQL(
CREATE TABLE report_versions(
  ticket_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  submitted_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY(ticket_id, version)
);
)SQL"},
    // Events before this keep version 1 (their hash leaves out the unit) and still verify.
    Migration{11, "audit events: which fields the hash covers", R"SQL(
ALTER TABLE audit_events ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
)SQL"},
    // The outbox names who a message is for (a person), no longer the transport that reaches them.
    Migration{12, "outbox: messages to people are routed to 'person'", R"SQL(
UPDATE outbox SET channel = 'person' WHERE channel = 'wecom';
UPDATE deliveries SET channel = 'person' WHERE channel = 'wecom';
)SQL"},
    // Several instances on one store (PostgreSQL): whose claim an outbox message is under and
    // until when, and the (timestamp, nonce) pairs of WeCom callbacks seen by any instance.
    Migration{13, "outbox claims with an owner and a lease; callback nonces seen", R"SQL(
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
CREATE TABLE callback_nonces(
  key TEXT PRIMARY KEY,
  digest TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX callback_nonces_at ON callback_nonces(at);
)SQL"},
    Migration{14, "workbench sessions", R"SQL(
CREATE TABLE web_sessions(
  id_digest TEXT PRIMARY KEY,
  userid TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);
)SQL"},
};

// Which migrations ran, and when, is itself a table: read and written with bound parameters.
int read_version(sqlite::Db& db) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)");
    auto& st = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    const int v = st.step() ? static_cast<int>(st.int64(0)) : 0;
    st.reset();
    return v;
}

}  // namespace

int latest_schema_version() { return kMigrations.back().version; }

int current_schema_version(sqlite::Db& db) { return read_version(db); }

int migrate(sqlite::Db& db) {
    int current = read_version(db);
    if (current > latest_schema_version())
        throw std::runtime_error("the store has schema version " + std::to_string(current) +
                                 ", newer than this binary knows (" + std::to_string(latest_schema_version()) +
                                 "): upgrade hotline-bot");
    for (const auto& m : kMigrations) {
        if (m.version <= current) continue;
        db.exec("BEGIN IMMEDIATE");
        try {
            db.exec(m.sql);
            auto& record = db.prepare(
                "INSERT INTO schema_migrations(version, description, applied_at) VALUES(?1, ?2, unixepoch())");
            record.bind(1, m.version).bind(2, m.description).run();
            db.exec("COMMIT");
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
        spdlog::info("store: applied migration {} ({})", m.version, m.description);
        current = m.version;
    }
    return current;
}

}  // namespace hotline::workflow
