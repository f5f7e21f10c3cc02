#pragma once
// The satisfaction callback survey (回访) by SMS, after a reply is published: when to ask (a delay,
// only in daytime, not twice to one number within a period, a daily cap per number), one question
// message and at most one follow-up or clarification, one reminder, expiry into a phone task for
// staff, opt-out, and the outcome written to the ticket (不满意 or 未解决 opens supervision).
// SMS go to the outbox (channel "sms") in the same transaction as the survey's change.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "workflow/procedure/engine.h"
#include "workflow/survey/survey_messages.h"
#include "workflow/survey/survey_reply.h"

namespace hotline::workflow {

struct SurveyPolicy {
    std::string signature = "县12345热线";  // without 【】; replies addressed to another signature are not ours
    std::chrono::minutes start_delay{120};  // after 已答复
    int day_start_minute = 9 * 60;          // China time: no SMS before 09:00 ...
    int day_end_minute = 20 * 60;           // ... or from 20:00
    std::chrono::hours remind_after{24};
    std::chrono::hours expire_after{72};
    int period_days = 30;  // at most one survey per number in this many days
    int daily_cap = 3;     // at most this many survey SMS to one number per China day
};

// The next instant within the daytime window, at or after t.
Instant next_daytime(Instant t, int day_start_minute, int day_end_minute);

struct IncomingSms {
    std::string provider;
    std::string phone_hash;
    std::string phone_masked;  // for staff; never logged with the text
    std::string sign;          // the signature the reply answers, when the provider says
    std::string text;          // as received
    std::string normalized;    // NFKC
    Instant at{};
};

// What the provider said about one outgoing SMS.
enum class SmsSendOutcome { accepted, uncertain, retry, stop_number, rejected, config_error };

// Whether a survey SMS the outbox holds goes to the provider now. Decided, and the SMS claimed
// ("sending"), in one transaction before the request: a crash after it never sends it twice.
struct SmsSendDecision {
    enum class Kind {
        wait,           // outside the daytime window: again at `at`
        already_sent,   // accepted or delivered before (a retried outbox row)
        survey_closed,  // the survey ended meanwhile (e.g. staff recorded the answer by phone): cancelled
        not_resent,     // an earlier attempt may have reached the provider: recorded as uncertain
        send,           // claimed: send it now
    } kind = Kind::send;
    Instant at{};
    std::string previous;  // the SMS's status before
};

struct ReplyHandled {
    std::string result;  // matched | unmatched | opt_out (for logs and metrics)
    std::int64_t survey_id = 0;
};

class SurveyEngine {
public:
    // mask: turns a stored (encrypted) phone into 138****5678 for staff messages.
    using PhoneMasker = std::function<std::string(const std::string& phone_enc)>;
    SurveyEngine(Engine& engine, SurveyPolicy policy, PhoneMasker mask)
        : engine_(engine), policy_(std::move(policy)), mask_(std::move(mask)) {}

    // Arms the survey of a ticket just marked replied, in the caller's transaction.
    void start_in(StoreTx& tx, const Ticket& t);
    // Runs the survey steps that are due (ask, remind, expire); returns how many ran.
    std::size_t run_due_in(StoreTx& tx, int limit = 128);
    ReplyHandled on_reply_in(StoreTx& tx, const IncomingSms& sms);
    // first_attempt: the outbox has not tried this SMS before (a dead letter an administrator put
    // back counts as first: it is sent again on their word).
    SmsSendDecision decide_send_in(StoreTx& tx, std::int64_t sms_id, bool first_attempt, Instant now);
    void on_send_result_in(StoreTx& tx, std::int64_t sms_id, SmsSendOutcome outcome, const std::string& provider_id,
                           const std::string& detail);
    // A delivery receipt; returns false when no sent message has that id.
    bool on_receipt_in(StoreTx& tx, const std::string& provider_id, bool delivered, const std::string& detail);
    // An answer recorded by a person (`回访结果`), or by the SMS survey itself (actor empty).
    ActionResult record_in(StoreTx& tx, std::int64_t ticket_id, const std::string& actor, Satisfaction s, Resolution r,
                           const std::string& note);

    const SurveyPolicy& policy() const { return policy_; }

private:
    void step(StoreTx& tx, Survey s, Instant now);
    void queue_sms(StoreTx& tx, const Survey& s, SurveyText text, Instant now);
    void to_phone_task(StoreTx& tx, Survey& s, const std::string& reason, Instant now,
                       const std::string& reply_text = {});
    void tell_staff(StoreTx& tx, std::int64_t ticket_id, const std::string& key, const std::string& text, Instant now);
    ActionResult record(StoreTx& tx, Survey* open, std::int64_t ticket_id, const std::string& actor, Satisfaction s,
                        Resolution r, const std::string& note);
    Instant daytime(Instant t) const { return next_daytime(t, policy_.day_start_minute, policy_.day_end_minute); }

    Engine& engine_;
    SurveyPolicy policy_;
    PhoneMasker mask_;
};

}  // namespace hotline::workflow
