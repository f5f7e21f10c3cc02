#pragma once
// The report as a signed document: each submitted result becomes a PDF version (a redo makes
// version 2), kept by its SHA-256 beside the evidence with an audit event, and sent to the unit's
// leader as a WeCom file with the approval card; 报告 N sends the latest version with the
// approvals recorded so far.
#include <string>

#include "bot/evidence/attachment_store.h"
#include "workflow/store/store.h"

namespace hotline::bot::documents {

class ReportVersions {
public:
    explicit ReportVersions(const evidence::AttachmentStore& files) : files_(files) {}

    // A result was submitted: version k rendered, kept, recorded and sent to the unit's leaders.
    void on_submitted(workflow::StoreTx& tx, const workflow::Ticket& t, const std::string& by, workflow::Instant now);
    // 报告 N for `who` (who may see the ticket): the answer, with the PDF queued after it.
    std::string send_current(workflow::StoreTx& tx, const workflow::Ticket& t, const std::string& who,
                             workflow::Instant now);
    // The PDF of the ticket's current result with the approvals since `since`.
    std::string render(workflow::StoreTx& tx, const workflow::Ticket& t, int version, workflow::Instant since) const;

private:
    void send_file(workflow::StoreTx& tx, const workflow::Ticket& t, const std::string& to, const std::string& sha256,
                   int version, const std::string& dedup_key, workflow::OutboxPurpose purpose, workflow::Instant now);
    const evidence::AttachmentStore& files_;
};

}  // namespace hotline::bot::documents
