#pragma once
// The rows of the SMS callback survey: surveys, the SMS sent and received, and opt-outs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workflow/store/records.h"

namespace hotline::workflow {

class SurveyStore {
public:
    virtual ~SurveyStore() = default;

    virtual std::int64_t insert(const Survey& s) = 0;
    virtual std::optional<Survey> find(std::int64_t id) = 0;
    virtual void update(const Survey& s) = 0;
    // A ticket's surveys, oldest first.
    virtual std::vector<Survey> of(std::int64_t ticket_id) = 0;
    // Surveys whose next step is due, earliest first (the cost follows what is due).
    virtual std::vector<Survey> due(Instant now, int limit) = 0;
    // The latest survey of this number that waits for an SMS answer.
    virtual std::optional<Survey> open_for_phone(const std::string& phone_hash) = 0;
    // Was this number asked by another survey since `since`?
    virtual bool asked_since(const std::string& phone_hash, Instant since, std::int64_t except_id) = 0;
};

class SmsStore {
public:
    virtual ~SmsStore() = default;

    virtual std::int64_t insert(const SmsMessage& m) = 0;
    virtual std::optional<SmsMessage> find(std::int64_t id) = 0;
    // provider_id empty keeps the one recorded.
    virtual void update_status(std::int64_t id, const std::string& status, const std::string& provider_id,
                               const std::string& detail, Instant at) = 0;
    virtual std::optional<SmsMessage> by_provider_id(const std::string& provider_id) = 0;
    // Outgoing SMS to this number since `since` that went (or may have gone) out, or are queued.
    virtual int sent_to_phone_since(const std::string& phone_hash, Instant since) = 0;
    // A ticket's SMS, both directions, in order.
    virtual std::vector<SmsMessage> of_ticket(std::int64_t ticket_id) = 0;
    virtual void add_opt_out(const std::string& phone_hash, const std::string& word, Instant at) = 0;
    virtual bool opted_out(const std::string& phone_hash) = 0;
};

}  // namespace hotline::workflow
