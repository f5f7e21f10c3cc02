#pragma once
// Durable acknowledgement of what arrives (WeCom callbacks, SMS pushes). A request's entries are
// stored before its 200 goes back, but the request does not hold a server thread while the disk
// syncs: it hands its entries here and is answered when they are committed. One writer thread
// commits everything handed in meanwhile in one transaction, so one fsync acknowledges every
// request that was waiting, however many connections are open.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bot/background_loop.h"
#include "workflow/store/store.h"

namespace hotline::bot {

class InboxWriter {
public:
    // How many of a request's entries were new (the rest were already stored: a retried push), or
    // the error that kept them from being stored.
    struct Stored {
        std::size_t inserted = 0;
        std::exception_ptr error;
        // The request's nonce was seen (by any instance) with another message: nothing was stored.
        bool replay = false;
    };
    // A signed request's (timestamp, nonce) and a digest of what it carried, checked against the
    // store in the same transaction as its entries, so a replay is refused whichever instance
    // saw the pair first.
    struct Nonce {
        std::string key;
        std::string digest;
        workflow::Instant at{};
    };
    using Done = std::function<void(Stored)>;

    explicit InboxWriter(workflow::Store& store) : store_(store) {}
    ~InboxWriter();
    InboxWriter(const InboxWriter&) = delete;
    InboxWriter& operator=(const InboxWriter&) = delete;

    // Stores the entries, all or none, then calls done (on the writer thread once started; before
    // start, in the caller's thread before append returns: the CLI and tests need no thread).
    void append(std::vector<workflow::InboxEntry> entries, Done done);
    void append(std::vector<workflow::InboxEntry> entries, Nonce nonce, Done done);
    // Called after a commit that stored anything new (wakes the inbox worker).
    void on_stored(std::function<void()> f) { on_stored_ = std::move(f); }

    // Whether requests are arriving faster than one commit each: a commit in the last 100 ms
    // carried more than one. A county's ordinary traffic (a few messages a minute) almost never
    // is, and then only for a moment; a flood is (WeCom redelivering after an outage). The inbox worker then yields (see
    // InboxWorker::yield_to), so acknowledgements keep their pace.
    bool crowded() const;

    void start();
    // Commits what is still queued, then ends the thread.
    void stop();

private:
    struct Pending {
        std::vector<workflow::InboxEntry> entries;
        Done done;
        std::optional<Nonce> nonce;
    };
    void enqueue(Pending pending);
    std::size_t commit_queued();
    void commit(std::vector<Pending>& batch);

    workflow::Store& store_;
    std::function<void()> on_stored_;
    workflow::Instant nonces_pruned_at_{};
    std::mutex mutex_;
    std::vector<Pending> queue_;
    bool started_ = false;
    std::atomic<std::chrono::steady_clock::rep> crowded_until_{0};
    BackgroundLoop loop_{"inbox-writer", [this] { return commit_queued(); }, std::chrono::seconds(1)};
};

}  // namespace hotline::bot
