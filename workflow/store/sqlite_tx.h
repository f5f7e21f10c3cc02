#pragma once
#include "workflow/store/sqlite_db.h"
#include "workflow/store/store.h"

namespace hotline::workflow {

// StoreTx over one SQLite connection; SqliteStore opens and closes the transaction around it.
class SqliteTx final : public StoreTx {
public:
    explicit SqliteTx(sqlite::Db& db) : db_(db) {}

    std::int64_t insert_ticket(const NewTicket& t) override;
    std::optional<Ticket> ticket(std::int64_t id) override;
    void update_ticket(const Ticket& t) override;
    std::map<std::string, std::int64_t> ticket_counts_by_state() override;
    std::optional<std::int64_t> ticket_id_by_source(const std::string& source_id) override;
    std::optional<std::int64_t> ticket_for_source(const std::string& source, const std::string& source_id) override;
    bool add_ticket_source(std::int64_t ticket_id, const std::string& source, const std::string& source_id,
                           Instant received_at) override;
    std::vector<std::pair<std::string, std::string>> sources_of(std::int64_t ticket_id) override;
    std::vector<Ticket> tickets_of_citizen(const std::string& phone_hash, int limit) override;
    void move_ticket_sources(std::int64_t from_ticket, std::int64_t to_ticket) override;
    bool resolve_merge_candidate(std::int64_t a, std::int64_t b, const std::string& state) override;
    bool add_merge_candidate(std::int64_t ticket_id, std::int64_t other_ticket_id, const std::string& reason,
                             Instant now) override;
    std::vector<Ticket> tickets_in_state(State s, const std::string& unit_code, int limit) override;
    std::vector<Ticket> overdue_tickets(Instant now, int limit) override;
    std::vector<Request> pending_requests(int limit) override;
    std::map<std::string, std::map<std::string, std::int64_t>> ticket_counts_by_unit() override;
    std::map<std::string, std::int64_t> overdue_counts_by_unit(Instant now) override;

    std::int64_t insert_request(const Request& r) override;
    void update_request(const Request& r) override;
    std::optional<Request> pending_request(std::int64_t ticket_id, RequestKind kind) override;
    std::vector<Request> requests_of(std::int64_t ticket_id) override;

    std::optional<Unit> unit(const std::string& code) override;
    std::vector<Unit> units() override;
    void upsert_unit(const Unit& u) override;
    void deactivate_unit(const std::string& code) override;
    std::optional<Person> person(const std::string& userid) override;
    std::vector<Person> people() override;
    void upsert_person(const Person& p) override;
    std::vector<Person> people_with_role(Role r, const std::string& unit_code) override;

    AuditEvent append_audit(AuditEvent e) override;
    std::vector<AuditEvent> audit_of(std::int64_t ticket_id) override;
    std::vector<AuditEvent> audit_between(Instant from, Instant to) override;
    void for_each_audit(const std::function<bool(const AuditEvent&)>& fn) override;

    bool insert_inbox(const InboxEntry& e) override;
    std::int64_t inbox_count(const std::string& channel) override;
    std::optional<InboxEntry> inbox_by_key(const std::string& channel, const std::string& dedup_key) override;
    std::vector<InboxEntry> new_inbox(int limit) override;
    std::optional<InboxEntry> inbox_entry(std::int64_t id) override;
    void inbox_finish(std::int64_t id, const std::string& state, const std::string& error) override;
    bool enqueue_outbox(const OutboxMessage& m) override;
    std::vector<OutboxMessage> outbox_of(std::int64_t ticket_id) override;
    std::vector<OutboxMessage> due_outbox(Instant now, int limit) override;
    std::optional<Instant> next_outbox_due() override;
    void outbox_sent(std::int64_t id, Instant at) override;
    void outbox_reschedule(std::int64_t id, int attempts, Instant next, const std::string& error) override;
    void outbox_part_sent(std::int64_t id, int parts_sent) override;
    void outbox_claim(std::int64_t id, Instant at) override;
    void outbox_merged(std::int64_t id, std::int64_t digest_id, Instant at) override;
    std::optional<std::int64_t> outbox_id(const std::string& dedup_key) override;
    void record_deliveries(const std::string& channel, const std::string& recipient, int count, Instant at) override;
    std::vector<Instant> deliveries_since(const std::string& channel, const std::string& recipient,
                                          Instant since) override;
    void forget_deliveries_before(Instant before) override;
    void outbox_dead(std::int64_t id, int attempts, const std::string& reason, Instant at) override;
    std::map<std::string, std::int64_t> outbox_counts_by_state() override;
    std::vector<OutboxMessage> dead_letters(int limit) override;
    bool requeue_dead_letter(std::int64_t id, Instant now) override;

    std::int64_t insert_evidence(const Evidence& e) override;
    void update_evidence(const Evidence& e) override;
    std::vector<Evidence> due_evidence(Instant now, int limit) override;
    std::vector<Evidence> evidence_of(std::int64_t ticket_id) override;
    std::vector<Evidence> evidence_awaiting_ticket(const std::string& sender) override;
    void set_evidence_target(const std::string& userid, std::int64_t ticket_id, Instant at) override;
    std::optional<std::pair<std::int64_t, Instant>> evidence_target(const std::string& userid) override;

    int add_report_version(const ReportVersion& v) override;
    std::vector<ReportVersion> report_versions(std::int64_t ticket_id) override;

    std::optional<ResultDraft> result_draft(const std::string& userid) override;
    void save_result_draft(const ResultDraft& d, Instant now) override;
    void delete_result_draft(const std::string& userid) override;

    std::int64_t insert_survey(const Survey& s) override;
    std::optional<Survey> survey(std::int64_t id) override;
    void update_survey(const Survey& s) override;
    std::vector<Survey> surveys_of(std::int64_t ticket_id) override;
    std::vector<Survey> due_surveys(Instant now, int limit) override;
    std::optional<Survey> open_survey_for_phone(const std::string& phone_hash) override;
    bool surveyed_since(const std::string& phone_hash, Instant since, std::int64_t except_id) override;
    std::vector<Survey> phone_tasks(int limit) override;
    std::int64_t insert_sms(const SmsMessage& m) override;
    std::optional<SmsMessage> sms_message(std::int64_t id) override;
    void update_sms_status(std::int64_t id, const std::string& status, const std::string& provider_id,
                           const std::string& detail, Instant at) override;
    std::optional<SmsMessage> sms_by_provider_id(const std::string& provider_id) override;
    int sms_to_phone_since(const std::string& phone_hash, Instant since) override;
    std::vector<SmsMessage> sms_of_ticket(std::int64_t ticket_id) override;
    void add_opt_out(const std::string& phone_hash, const std::string& word, Instant at) override;
    bool opted_out(const std::string& phone_hash) override;

    std::vector<DueTicketFacts> tickets_due_between(Instant from, Instant to) override;
    std::map<std::pair<std::string, std::string>, std::int64_t> audit_counts_between(Instant from, Instant to) override;
    std::int64_t tickets_received_between(Instant from, Instant to) override;

    bool claim_scheduled_run(const std::string& key, Instant at) override;
    bool scheduled_run_done(const std::string& key) override;

    std::vector<std::int64_t> ticket_ids_received_between(Instant from, Instant to) override;

    void schedule_timer(const Timer& t) override;
    void cancel_timers(std::int64_t ticket_id) override;
    std::vector<Timer> pending_timers_of(std::int64_t ticket_id) override;
    std::vector<Timer> due_timers(Instant now, int limit) override;
    void finish_timer(std::int64_t id, const std::string& state, Instant at) override;
    void reschedule_timer(std::int64_t id, Instant due) override;

private:
    sqlite::Db& db_;
};

}  // namespace hotline::workflow
