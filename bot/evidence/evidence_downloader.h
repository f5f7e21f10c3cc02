#pragma once
// Fetches the photos and videos people sent (media/get), off the callback's path: checks size and
// type by content, stores them content-addressed, records them on the ticket and tells the sender.
// A failed fetch is retried with backoff; a MediaId lives 3 days, so the sender is warned after 2
// and the item given up after 3.
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "adapters/wecom/api_client.h"
#include "bot/evidence/attachment_store.h"
#include "workflow/procedure/clock.h"
#include "workflow/store/store.h"

namespace hotline::bot::evidence {

struct DownloadOptions {
    std::int64_t max_bytes = 20 * 1024 * 1024;  // [attachments] max_bytes
    std::chrono::seconds first_backoff{30};
    std::chrono::minutes max_backoff{30};
    std::chrono::hours warn_after{48};    // MediaId validity is 72 h
    std::chrono::hours give_up_after{72};
    // An item being fetched is not due for anyone else (another instance on a shared store) until
    // this runs out; longer than a fetch can take. A crash mid-fetch delays the retry by as much.
    std::chrono::minutes lease{5};
};

class EvidenceDownloader {
public:
    EvidenceDownloader(workflow::Store& store, workflow::Clock& clock, adapters::wecom::WecomApi& api,
                       AttachmentStore& files, DownloadOptions options)
        : store_(store), clock_(clock), api_(api), files_(files), options_(options) {}

    // Handles the due items; returns how many it handled.
    std::size_t run_once(int limit = 8);

private:
    void handle(workflow::Evidence e);
    void tell_sender(workflow::StoreTx& tx, const workflow::Evidence& e, const std::string& text,
                     const std::string& what);

    workflow::Store& store_;
    workflow::Clock& clock_;
    adapters::wecom::WecomApi& api_;
    AttachmentStore& files_;
    DownloadOptions options_;
};

}  // namespace hotline::bot::evidence
