#pragma once
// The case's documents: evidence sent from chat (and the ticket each sender named with 材料 N),
// the report's PDF versions, and results being drafted in chat.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workflow/store/records.h"

namespace hotline::workflow {

class EvidenceStore {
public:
    virtual ~EvidenceStore() = default;

    virtual std::int64_t insert(const Evidence& e) = 0;
    virtual void update(const Evidence& e) = 0;
    // Photos and videos still to fetch whose next attempt is due, oldest first.
    virtual std::vector<Evidence> due(Instant now, int limit) = 0;
    // A ticket's evidence in the order it arrived (every state).
    virtual std::vector<Evidence> of(std::int64_t ticket_id) = 0;
    // What a sender sent before saying which ticket it is for, oldest first.
    virtual std::vector<Evidence> awaiting_ticket(const std::string& sender) = 0;
    // `材料 N`: the ticket the sender's next photos are for, and since when (replaces the last).
    virtual void set_target(const std::string& userid, std::int64_t ticket_id, Instant at) = 0;
    virtual std::optional<std::pair<std::int64_t, Instant>> target(const std::string& userid) = 0;
};

class DocumentStore {
public:
    virtual ~DocumentStore() = default;

    // Records the next version of a ticket's report and returns its number (1, 2, …).
    virtual int add_report_version(const ReportVersion& v) = 0;
    virtual std::vector<ReportVersion> report_versions(std::int64_t ticket_id) = 0;

    // One draft per person: saving replaces it.
    virtual std::optional<ResultDraft> result_draft(const std::string& userid) = 0;
    virtual void save_result_draft(const ResultDraft& d, Instant now) = 0;
    virtual void delete_result_draft(const std::string& userid) = 0;
};

}  // namespace hotline::workflow
