#pragma once
// Durable acknowledgement of what arrives (WeCom callbacks, SMS pushes). A request's entries are
// stored before its 200 goes back, but the request does not hold a server thread while the disk
// syncs: it hands its entries here and is answered when they are committed. One writer thread
// commits everything handed in meanwhile in one transaction, so one fsync acknowledges every
// request that was waiting, however many connections are open.
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
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
    };
    using Done = std::function<void(Stored)>;

    explicit InboxWriter(workflow::Store& store) : store_(store) {}
    ~InboxWriter();
    InboxWriter(const InboxWriter&) = delete;
    InboxWriter& operator=(const InboxWriter&) = delete;

    // Stores the entries, all or none, then calls done (on the writer thread once started; before
    // start, in the caller's thread before append returns: the CLI and tests need no thread).
    void append(std::vector<workflow::InboxEntry> entries, Done done);
    // Called after a commit that stored anything new (wakes the inbox worker).
    void on_stored(std::function<void()> f) { on_stored_ = std::move(f); }

    void start();
    // Commits what is still queued, then ends the thread.
    void stop();

private:
    struct Pending {
        std::vector<workflow::InboxEntry> entries;
        Done done;
    };
    std::size_t commit_queued();
    void commit(std::vector<Pending>& batch);

    workflow::Store& store_;
    std::function<void()> on_stored_;
    std::mutex mutex_;
    std::vector<Pending> queue_;
    bool started_ = false;
    BackgroundLoop loop_{"inbox-writer", [this] { return commit_queued(); }, std::chrono::seconds(1)};
};

}  // namespace hotline::bot
