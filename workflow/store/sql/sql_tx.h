#pragma once
// One class per aggregate of the store contract, each over one connection of either backend
// (sql::Connection); the backend's store opens and closes the transaction around them.
#include "workflow/store/sql/sql_connection.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

class SqlTickets final : public TicketStore {
public:
    explicit SqlTickets(sql::Connection& db) : db_(db) {}
    std::int64_t insert(const NewTicket& t) override;
    std::optional<Ticket> find(std::int64_t id) override;
    void update(const Ticket& t) override;
    std::map<State, std::int64_t> counts_by_state() override;
    std::map<std::string, std::map<State, std::int64_t>> counts_by_unit() override;
    std::optional<std::int64_t> id_by_source(const std::string& source_id) override;
    std::optional<std::int64_t> for_source(const std::string& source, const std::string& source_id) override;
    bool add_source(std::int64_t ticket_id, const std::string& source, const std::string& source_id, Instant received_at) override;
    std::vector<std::pair<std::string, std::string>> sources_of(std::int64_t ticket_id) override;
    void move_sources(std::int64_t from_ticket, std::int64_t to_ticket) override;
    std::vector<Ticket> of_citizen(const std::string& phone_hash, int limit) override;
    bool add_merge_candidate(std::int64_t ticket_id, std::int64_t other_ticket_id, const std::string& reason, Instant now) override;
    bool resolve_merge_candidate(std::int64_t a, std::int64_t b, const std::string& state) override;
    std::vector<Ticket> in_state(State s, const std::string& unit_code, int limit) override;
    std::vector<Ticket> overdue(Instant now, int limit) override;
    std::map<std::string, std::int64_t> overdue_counts_by_unit(Instant now) override;
    std::vector<std::int64_t> ids_received_between(Instant from, Instant to) override;

private:
    sql::Connection& db_;
};

class SqlRequests final : public RequestStore {
public:
    explicit SqlRequests(sql::Connection& db) : db_(db) {}
    std::int64_t insert(const Request& r) override;
    void update(const Request& r) override;
    std::optional<Request> pending_of(std::int64_t ticket_id, RequestKind kind) override;
    std::vector<Request> of(std::int64_t ticket_id) override;
    std::vector<Request> pending(int limit) override;

private:
    sql::Connection& db_;
};

class SqlDirectory final : public DirectoryStore {
public:
    explicit SqlDirectory(sql::Connection& db) : db_(db) {}
    std::optional<Unit> unit(const std::string& code) override;
    std::vector<Unit> units() override;
    void upsert_unit(const Unit& u) override;
    void deactivate_unit(const std::string& code) override;
    std::optional<Person> person(const std::string& userid) override;
    std::vector<Person> people() override;
    void upsert_person(const Person& p) override;
    std::vector<Person> people_with_role(Role r, const std::string& unit_code) override;

private:
    sql::Connection& db_;
};

class SqlAudit final : public AuditStore {
public:
    explicit SqlAudit(sql::Connection& db) : db_(db) {}
    AuditEvent append(AuditEvent e) override;
    std::vector<AuditEvent> of(std::int64_t ticket_id) override;
    std::vector<AuditEvent> between(Instant from, Instant to) override;
    void for_each(const std::function<bool(const AuditEvent&)>& fn) override;

private:
    sql::Connection& db_;
};

class SqlInbox final : public InboxStore {
public:
    explicit SqlInbox(sql::Connection& db) : db_(db) {}
    bool insert(const InboxEntry& e) override;
    std::optional<InboxEntry> by_key(const std::string& channel, const std::string& dedup_key) override;
    std::vector<InboxEntry> fresh(int limit) override;
    std::optional<InboxEntry> claim(std::int64_t id) override;
    void finish(std::int64_t id, const std::string& state, const std::string& error) override;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts_by_state() override;

private:
    sql::Connection& db_;
};

class SqlNonces final : public NonceStore {
public:
    explicit SqlNonces(sql::Connection& db) : db_(db) {}
    std::optional<std::string> remember(const std::string& key, const std::string& digest, Instant at) override;
    void forget_before(Instant before) override;

private:
    sql::Connection& db_;
};

class SqlWebSessions final : public WebSessionStore {
public:
    explicit SqlWebSessions(sql::Connection& db) : db_(db) {}
    void create(const WebSession& s) override;
    std::optional<WebSession> find(const std::string& id_digest, Instant now) override;
    void end(const std::string& id_digest) override;
    void forget_expired(Instant now) override;

private:
    sql::Connection& db_;
};

class SqlOutbox final : public OutboxStore {
public:
    explicit SqlOutbox(sql::Connection& db) : db_(db) {}
    bool enqueue(const OutboxMessage& m) override;
    std::optional<std::int64_t> id_of(const std::string& dedup_key) override;
    std::vector<OutboxMessage> of(std::int64_t ticket_id) override;
    std::vector<OutboxMessage> due(Instant now, int limit, const std::string& owner) override;
    void claim(std::int64_t id, Instant at, const std::string& owner, Instant lease_until) override;
    void sent(std::int64_t id, Instant at) override;
    void part_sent(std::int64_t id, int parts_sent) override;
    void merged(std::int64_t id, std::int64_t digest_id, Instant at) override;
    void reschedule(std::int64_t id, int attempts, Instant next, const std::string& error) override;
    void dead(std::int64_t id, int attempts, const std::string& reason, Instant at) override;
    std::vector<OutboxMessage> dead_letters(int limit) override;
    bool requeue_dead_letter(std::int64_t id, Instant now) override;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts_by_state() override;

private:
    sql::Connection& db_;
};

class SqlDeliveries final : public DeliveryStore {
public:
    explicit SqlDeliveries(sql::Connection& db) : db_(db) {}
    void record(const std::string& channel, const std::string& recipient, int count, Instant at) override;
    std::vector<Instant> since(const std::string& channel, const std::string& recipient, Instant since) override;
    void forget_before(Instant before) override;

private:
    sql::Connection& db_;
};

class SqlEvidence final : public EvidenceStore {
public:
    explicit SqlEvidence(sql::Connection& db) : db_(db) {}
    std::int64_t insert(const Evidence& e) override;
    void update(const Evidence& e) override;
    std::vector<Evidence> due(Instant now, int limit) override;
    std::vector<Evidence> of(std::int64_t ticket_id) override;
    std::vector<Evidence> awaiting_ticket(const std::string& sender) override;
    void set_target(const std::string& userid, std::int64_t ticket_id, Instant at) override;
    std::optional<std::pair<std::int64_t, Instant>> target(const std::string& userid) override;

private:
    sql::Connection& db_;
};

class SqlDocuments final : public DocumentStore {
public:
    explicit SqlDocuments(sql::Connection& db) : db_(db) {}
    int add_report_version(const ReportVersion& v) override;
    std::vector<ReportVersion> report_versions(std::int64_t ticket_id) override;
    std::optional<ResultDraft> result_draft(const std::string& userid) override;
    void save_result_draft(const ResultDraft& d, Instant now) override;
    void delete_result_draft(const std::string& userid) override;

private:
    sql::Connection& db_;
};

class SqlSurveys final : public SurveyStore {
public:
    explicit SqlSurveys(sql::Connection& db) : db_(db) {}
    std::int64_t insert(const Survey& s) override;
    std::optional<Survey> find(std::int64_t id) override;
    void update(const Survey& s) override;
    std::vector<Survey> of(std::int64_t ticket_id) override;
    std::vector<Survey> due(Instant now, int limit) override;
    std::optional<Survey> open_for_phone(const std::string& phone_hash) override;
    bool asked_since(const std::string& phone_hash, Instant since, std::int64_t except_id) override;

private:
    sql::Connection& db_;
};

class SqlSms final : public SmsStore {
public:
    explicit SqlSms(sql::Connection& db) : db_(db) {}
    std::int64_t insert(const SmsMessage& m) override;
    std::optional<SmsMessage> find(std::int64_t id) override;
    void update_status(std::int64_t id, const std::string& status, const std::string& provider_id, const std::string& detail, Instant at) override;
    std::optional<SmsMessage> by_provider_id(const std::string& provider_id) override;
    int sent_to_phone_since(const std::string& phone_hash, Instant since) override;
    std::vector<SmsMessage> of_ticket(std::int64_t ticket_id) override;
    void add_opt_out(const std::string& phone_hash, const std::string& word, Instant at) override;
    bool opted_out(const std::string& phone_hash) override;

private:
    sql::Connection& db_;
};

class SqlStatistics final : public StatisticsStore {
public:
    explicit SqlStatistics(sql::Connection& db) : db_(db) {}
    std::vector<DueTicketFacts> tickets_due_between(Instant from, Instant to) override;
    std::map<std::pair<std::string, std::string>, std::int64_t> audit_counts_between(Instant from, Instant to) override;
    std::int64_t tickets_received_between(Instant from, Instant to) override;

private:
    sql::Connection& db_;
};

class SqlTimers final : public TimerStore {
public:
    explicit SqlTimers(sql::Connection& db) : db_(db) {}
    void schedule(const Timer& t) override;
    void cancel_of(std::int64_t ticket_id) override;
    std::vector<Timer> due(Instant now, int limit) override;
    void finish(std::int64_t id, const std::string& state, Instant at) override;
    void reschedule(std::int64_t id, Instant due) override;

private:
    sql::Connection& db_;
};

class SqlSchedule final : public ScheduleStore {
public:
    explicit SqlSchedule(sql::Connection& db) : db_(db) {}
    bool claim_run(const std::string& key, Instant at) override;
    bool run_done(const std::string& key) override;

private:
    sql::Connection& db_;
};

class SqlTx final : public StoreTx {
public:
    explicit SqlTx(sql::Connection& db)
        : db_(db), tickets_(db), requests_(db), directory_(db), audit_(db), inbox_(db), nonces_(db), outbox_(db), deliveries_(db), evidence_(db), documents_(db), surveys_(db), sms_(db), statistics_(db), timers_(db), schedule_(db), web_sessions_(db) {}

    TicketStore& tickets() override { return tickets_; }
    RequestStore& requests() override { return requests_; }
    DirectoryStore& directory() override { return directory_; }
    AuditStore& audit() override { return audit_; }
    InboxStore& inbox() override { return inbox_; }
    NonceStore& nonces() override { return nonces_; }
    OutboxStore& outbox() override { return outbox_; }
    DeliveryStore& deliveries() override { return deliveries_; }
    EvidenceStore& evidence() override { return evidence_; }
    DocumentStore& documents() override { return documents_; }
    SurveyStore& surveys() override { return surveys_; }
    SmsStore& sms() override { return sms_; }
    StatisticsStore& statistics() override { return statistics_; }
    TimerStore& timers() override { return timers_; }
    ScheduleStore& schedule() override { return schedule_; }
    WebSessionStore& web_sessions() override { return web_sessions_; }
    void savepoint(const std::function<void()>& fn) override;

private:
    sql::Connection& db_;
    SqlTickets tickets_;
    SqlRequests requests_;
    SqlDirectory directory_;
    SqlAudit audit_;
    SqlInbox inbox_;
    SqlNonces nonces_;
    SqlOutbox outbox_;
    SqlDeliveries deliveries_;
    SqlEvidence evidence_;
    SqlDocuments documents_;
    SqlSurveys surveys_;
    SqlSms sms_;
    SqlStatistics statistics_;
    SqlTimers timers_;
    SqlSchedule schedule_;
    SqlWebSessions web_sessions_;
};

}  // namespace hotline::workflow
