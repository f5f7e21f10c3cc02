#pragma once
// 立卷存档: each ticket's full record written to a folder, as JSON for machines and a Chinese
// document for people: the message(s), every step with who and when, returns and extensions, the
// unit's report and the public reply, the survey, every chat and SMS message sent and received
// about it, and its audit events with a verification of the whole hash chain. The citizen's number
// is masked unless an administrator asks for it unmasked.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "adapters/crypto/citizen_data.h"
#include "bot/evidence/attachment_store.h"
#include "workflow/store/store.h"

namespace hotline::bot::archive {

struct ExportOptions {
    bool unmasked = false;                                 // checked by the caller: admins only
    const adapters::CitizenDataCipher* cipher = nullptr;   // to show the number at all (masked or not)
    const evidence::AttachmentStore* files = nullptr;      // the evidence files, copied and verified
};

struct ExportSummary {
    std::size_t tickets = 0;
    std::int64_t chain_events = 0;  // audit events verified
    std::optional<std::string> chain_break;
    // Evidence whose file is missing, or whose content no longer has the hash the chain recorded.
    std::vector<std::string> evidence_problems;
    bool ok() const { return !chain_break && evidence_problems.empty(); }
};

ExportSummary export_tickets(workflow::Store& store, const std::vector<std::int64_t>& ids,
                             const std::filesystem::path& out_dir, const ExportOptions& options);

}  // namespace hotline::bot::archive
