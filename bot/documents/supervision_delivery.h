#pragma once
// Sends the supervision notice: the chat summary, then the notice as a PDF and as a workbook (WeCom
// file messages), to each recipient. The leaders' instructions (seed 三(二)) go only to those who
// may see every ticket (hotline roles); anyone else, or anyone not in the directory, gets the notice
// without them. Used by the monthly schedule and by `通报`.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/evidence/attachment_store.h"
#include "workflow/notify/notice.h"
#include "workflow/statistics/report_schedule.h"
#include "workflow/documents/supervision_notice.h"

namespace hotline::bot::documents {

struct SupervisionFiles {
    std::string pdf;
    std::string xlsx;
};

// The notice as both files (bytes). Throws std::runtime_error when one cannot be produced.
SupervisionFiles render_supervision_files(const workflow::SupervisionNotice& n, const std::string& issuer);

class SupervisionDelivery {
public:
    SupervisionDelivery(const evidence::AttachmentStore& files, std::string issuer, workflow::StatsPolicy policy,
                        workflow::NoticePhoneMasker mask)
        : files_(files), issuer_(std::move(issuer)), policy_(policy), mask_(std::move(mask)) {}

    workflow::SupervisionNotice compute(workflow::StoreTx& tx, const workflow::Period& period,
                                        workflow::Instant now) const;
    // The scheduled notice, in the report scheduler's three steps: the notice and its readers read
    // here, the files drawn by the returned step outside any transaction, and the summary and both
    // files queued to each userid (once per `key` and person) by the step that returns.
    std::function<workflow::Queue()> scheduled(workflow::StoreTx& tx, const workflow::Period& period,
                                               const std::vector<std::string>& to, workflow::Instant now) const;
    // `通报` asked in chat: the reply text; both files are queued to follow it.
    std::string answer(workflow::StoreTx& tx, const workflow::SupervisionNotice& n, const std::string& userid,
                       workflow::Instant now) const;

    // May this person read the instructions in a notice about any unit's tickets?
    static bool may_read_instructions(workflow::StoreTx& tx, const std::string& userid);

private:
    struct Kept {
        std::string pdf_hash, xlsx_hash;
    };
    // The files of one reader's version (with or without the instructions), rendered once per call.
    struct Versions {
        std::optional<Kept> with, without;
    };
    const Kept& kept(const workflow::SupervisionNotice& n, bool instructions, Versions& v) const;
    void queue_files(workflow::StoreTx& tx, const workflow::SupervisionNotice& n, const Kept& k,
                     const workflow::Notice& base) const;
    // The summary and both files to one reader (with the instructions when allowed).
    void queue_to(workflow::StoreTx& tx, const workflow::SupervisionNotice& n, const std::string& userid,
                  bool instructions, const Kept& files, const std::string& key, workflow::Instant now) const;
    static std::string summary_for(const workflow::SupervisionNotice& n, bool instructions);

    const evidence::AttachmentStore& files_;
    std::string issuer_;
    workflow::StatsPolicy policy_;
    workflow::NoticePhoneMasker mask_;
};

}  // namespace hotline::bot::documents
