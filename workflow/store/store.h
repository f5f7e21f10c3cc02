#pragma once
// The narrow interface between the workflow and its durable store. No SQL outside the
// implementation, so another backend (PostgreSQL) can stand in for SQLite.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workflow/audit_chain.h"
#include "workflow/directory.h"
#include "workflow/store/records.h"
#include "workflow/ticket.h"

namespace hotline::workflow {

// One transaction's view. Everything read through it is consistent with everything written.
class StoreTx {
public:
    virtual ~StoreTx() = default;

    virtual std::int64_t insert_ticket(const NewTicket& t) = 0;
    virtual std::optional<Ticket> ticket(std::int64_t id) = 0;
    virtual void update_ticket(const Ticket& t) = 0;
    virtual std::map<std::string, std::int64_t> ticket_counts_by_state() = 0;
    virtual std::optional<std::int64_t> ticket_id_by_source(const std::string& source_id) = 0;
    // Every line's id of a ticket: a message reaching the county twice is one ticket with two ids.
    virtual std::optional<std::int64_t> ticket_for_source(const std::string& source, const std::string& source_id) = 0;
    virtual bool add_ticket_source(std::int64_t ticket_id, const std::string& source, const std::string& source_id,
                                   Instant received_at) = 0;
    virtual std::vector<std::pair<std::string, std::string>> sources_of(std::int64_t ticket_id) = 0;
    // The same citizen's tickets (by the keyed phone hash), newest first.
    virtual std::vector<Ticket> tickets_of_citizen(const std::string& phone_hash, int limit) = 0;
    virtual void move_ticket_sources(std::int64_t from_ticket, std::int64_t to_ticket) = 0;
    // Closes an open candidate pair (in either order) as merged or separate; false if none was open.
    virtual bool resolve_merge_candidate(std::int64_t a, std::int64_t b, const std::string& state) = 0;
    virtual bool add_merge_candidate(std::int64_t ticket_id, std::int64_t other_ticket_id, const std::string& reason,
                                     Instant now) = 0;
    // Tickets in one state, optionally of one unit (empty: any), oldest deadline first.
    virtual std::vector<Ticket> tickets_in_state(State s, const std::string& unit_code, int limit) = 0;
    // Tickets still with a unit whose feedback deadline has passed.
    virtual std::vector<Ticket> overdue_tickets(Instant now, int limit) = 0;
    virtual std::vector<Request> pending_requests(int limit) = 0;
    // unit code -> state -> count, for the live 统计 snapshot.
    virtual std::map<std::string, std::map<std::string, std::int64_t>> ticket_counts_by_unit() = 0;
    virtual std::map<std::string, std::int64_t> overdue_counts_by_unit(Instant now) = 0;

    virtual std::int64_t insert_request(const Request& r) = 0;
    virtual void update_request(const Request& r) = 0;
    virtual std::optional<Request> pending_request(std::int64_t ticket_id, RequestKind kind) = 0;
    virtual std::vector<Request> requests_of(std::int64_t ticket_id) = 0;

    virtual std::optional<Unit> unit(const std::string& code) = 0;
    virtual std::vector<Unit> units() = 0;
    virtual void upsert_unit(const Unit& u) = 0;
    virtual void deactivate_unit(const std::string& code) = 0;
    virtual std::optional<Person> person(const std::string& userid) = 0;  // active or not
    virtual std::vector<Person> people() = 0;
    virtual void upsert_person(const Person& p) = 0;
    // Active people holding a role; unit_code empty means any unit.
    virtual std::vector<Person> people_with_role(Role r, const std::string& unit_code) = 0;

    // Fills seq, prev_hash and hash, and returns the stored event.
    virtual AuditEvent append_audit(AuditEvent e) = 0;
    virtual std::vector<AuditEvent> audit_of(std::int64_t ticket_id) = 0;
    // Events in [from, to) in seq order (the supervision notice).
    virtual std::vector<AuditEvent> audit_between(Instant from, Instant to) = 0;
    // Walks the whole trail in seq order; stops when fn returns false.
    virtual void for_each_audit(const std::function<bool(const AuditEvent&)>& fn) = 0;

    // False when an entry with the same channel and dedup key already exists.
    virtual bool insert_inbox(const InboxEntry& e) = 0;
    virtual std::int64_t inbox_count(const std::string& channel) = 0;
    // The id of a stored entry (to find what a just-inserted one became).
    virtual std::optional<InboxEntry> inbox_by_key(const std::string& channel, const std::string& dedup_key) = 0;
    virtual std::vector<InboxEntry> new_inbox(int limit) = 0;
    virtual std::optional<InboxEntry> inbox_entry(std::int64_t id) = 0;
    // state: done | ignored | failed; error kept for failed ones.
    virtual void inbox_finish(std::int64_t id, const std::string& state, const std::string& error) = 0;
    // False when a message with the same dedup key was enqueued before.
    virtual bool enqueue_outbox(const OutboxMessage& m) = 0;
    virtual std::vector<OutboxMessage> outbox_of(std::int64_t ticket_id) = 0;
    // Pending messages whose next attempt is due: answers first, then oldest first.
    virtual std::vector<OutboxMessage> due_outbox(Instant now, int limit) = 0;
    virtual std::optional<Instant> next_outbox_due() = 0;
    virtual void outbox_sent(std::int64_t id, Instant at) = 0;
    // A message sent in parts: the provider accepted the first `parts_sent`; a retry resumes after them.
    virtual void outbox_part_sent(std::int64_t id, int parts_sent) = 0;
    virtual std::optional<std::int64_t> outbox_id(const std::string& dedup_key) = 0;
    // Taken for sending by this pass; recording the outcome (sent, rescheduled, dead) releases it.
    virtual void outbox_claim(std::int64_t id, Instant at) = 0;
    // Folded into the digest message `digest_id` instead of being sent on its own.
    virtual void outbox_merged(std::int64_t id, std::int64_t digest_id, Instant at) = 0;
    // Per-person pacing is derived from these: `count` API calls to the recipient at `at`.
    virtual void record_deliveries(const std::string& channel, const std::string& recipient, int count, Instant at) = 0;
    // The times of the recipient's calls after `since`, oldest first.
    virtual std::vector<Instant> deliveries_since(const std::string& channel, const std::string& recipient,
                                                  Instant since) = 0;
    virtual void forget_deliveries_before(Instant before) = 0;
    // Keeps the message pending for another attempt at `next`.
    virtual void outbox_reschedule(std::int64_t id, int attempts, Instant next, const std::string& error) = 0;
    // Gives up: the message stays, with its reason, as a dead letter.
    virtual void outbox_dead(std::int64_t id, int attempts, const std::string& reason, Instant at) = 0;
    virtual std::map<std::string, std::int64_t> outbox_counts_by_state() = 0;
    virtual std::vector<OutboxMessage> dead_letters(int limit) = 0;
    // Puts a dead letter back in the queue, due now, with its attempts reset. False if it was not dead.
    virtual bool requeue_dead_letter(std::int64_t id, Instant now) = 0;

    virtual std::int64_t insert_evidence(const Evidence& e) = 0;
    virtual void update_evidence(const Evidence& e) = 0;
    // Photos and videos still to fetch whose next attempt is due, oldest first.
    virtual std::vector<Evidence> due_evidence(Instant now, int limit) = 0;
    // A ticket's evidence in the order it arrived (every state).
    virtual std::vector<Evidence> evidence_of(std::int64_t ticket_id) = 0;
    // What a sender sent before saying which ticket it is for.
    virtual std::vector<Evidence> evidence_awaiting_ticket(const std::string& sender) = 0;
    // `材料 N`: the ticket the sender's next photos are for, and since when.
    virtual void set_evidence_target(const std::string& userid, std::int64_t ticket_id, Instant at) = 0;
    virtual std::optional<std::pair<std::int64_t, Instant>> evidence_target(const std::string& userid) = 0;

    // Records the next version of a ticket's report and returns its number (1, 2, …).
    virtual int add_report_version(const ReportVersion& v) = 0;
    virtual std::vector<ReportVersion> report_versions(std::int64_t ticket_id) = 0;

    virtual std::optional<ResultDraft> result_draft(const std::string& userid) = 0;
    virtual void save_result_draft(const ResultDraft& d, Instant now) = 0;
    virtual void delete_result_draft(const std::string& userid) = 0;

    virtual std::int64_t insert_survey(const Survey& s) = 0;
    virtual std::optional<Survey> survey(std::int64_t id) = 0;
    virtual void update_survey(const Survey& s) = 0;
    virtual std::vector<Survey> surveys_of(std::int64_t ticket_id) = 0;
    // Surveys whose next step is due, earliest first (partial index: cost follows what is due).
    virtual std::vector<Survey> due_surveys(Instant now, int limit) = 0;
    // The latest survey of this number that waits for an SMS answer.
    virtual std::optional<Survey> open_survey_for_phone(const std::string& phone_hash) = 0;
    // Was this number asked by another survey since `since`?
    virtual bool surveyed_since(const std::string& phone_hash, Instant since, std::int64_t except_id) = 0;
    // Surveys that became phone tasks and still wait for staff.
    virtual std::vector<Survey> phone_tasks(int limit) = 0;

    virtual std::int64_t insert_sms(const SmsMessage& m) = 0;
    virtual std::optional<SmsMessage> sms_message(std::int64_t id) = 0;
    virtual void update_sms_status(std::int64_t id, const std::string& status, const std::string& provider_id,
                                   const std::string& detail, Instant at) = 0;
    virtual std::optional<SmsMessage> sms_by_provider_id(const std::string& provider_id) = 0;
    // Outgoing SMS to this number since `since` that went (or may have gone) out, or are queued.
    virtual int sms_to_phone_since(const std::string& phone_hash, Instant since) = 0;
    virtual std::vector<SmsMessage> sms_of_ticket(std::int64_t ticket_id) = 0;
    virtual void add_opt_out(const std::string& phone_hash, const std::string& word, Instant at) = 0;
    virtual bool opted_out(const std::string& phone_hash) = 0;

    // Statistics of a period [from, to): tickets whose feedback deadline falls in it, audit
    // events by (unit, action), and tickets received.
    virtual std::vector<DueTicketFacts> tickets_due_between(Instant from, Instant to) = 0;
    virtual std::map<std::pair<std::string, std::string>, std::int64_t> audit_counts_between(Instant from, Instant to) = 0;
    virtual std::int64_t tickets_received_between(Instant from, Instant to) = 0;

    // Records that a scheduled job (e.g. "weekly:2026-W48") ran; false when it had already run.
    virtual bool claim_scheduled_run(const std::string& key, Instant at) = 0;
    // Has it run (read only: the scheduler claims in a later transaction, after drawing its files)?
    virtual bool scheduled_run_done(const std::string& key) = 0;

    // Tickets received in [from, to), for the archive export of a period.
    virtual std::vector<std::int64_t> ticket_ids_received_between(Instant from, Instant to) = 0;

    virtual void schedule_timer(const Timer& t) = 0;
    // Cancels the ticket's pending timers (all of them, or only those of the given kinds).
    virtual void cancel_timers(std::int64_t ticket_id) = 0;
    virtual std::vector<Timer> pending_timers_of(std::int64_t ticket_id) = 0;
    // Pending timers due at or before now, earliest first. Uses the partial index: the cost
    // follows the number due, not the number stored.
    virtual std::vector<Timer> due_timers(Instant now, int limit) = 0;
    // state: fired | stale; or back to pending at a later time.
    virtual void finish_timer(std::int64_t id, const std::string& state, Instant at) = 0;
    virtual void reschedule_timer(std::int64_t id, Instant due) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    // Runs fn in a transaction and returns once it is durably committed. Concurrent callers
    // share one commit (group commit) without weakening durability. If fn throws, its writes
    // are rolled back and the exception reaches the caller; other callers are unaffected.
    virtual void transact(const std::function<void(StoreTx&)>& fn) = 0;
    virtual int schema_version() = 0;
};

}  // namespace hotline::workflow
