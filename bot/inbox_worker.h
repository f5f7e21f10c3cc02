#pragma once
// Applies what arrived (WeCom callbacks, console messages) to the workflow. Each inbox entry is
// handled in one transaction (beside a few others, each in its own savepoint) together with
// everything it causes: the action, its audit event, its notifications, the reply to the sender,
// and marking the entry done. So a crash at any point leaves the entry either untouched (it runs
// again) or fully applied, never half.
#include <chrono>
#include <functional>

#include "bot/background_loop.h"
#include "bot/commands/executor.h"
#include "bot/inbox_payload.h"
#include "workflow/procedure/clock.h"
#include "workflow/notify/notice.h"
#include "workflow/store/store.h"
#include "workflow/survey/survey.h"

namespace hotline::bot {

class InboxWorker {
public:
    // survey: where SMS replies and receipts go (when SMS is enabled); without it they are ignored.
    InboxWorker(workflow::Store& store, const workflow::Clock& clock, commands::Executor& executor,
                workflow::SurveyEngine* survey = nullptr)
        : store_(store), clock_(clock), executor_(executor), survey_(survey) {}
    ~InboxWorker();

    // Handles up to `limit` new entries; returns how many it handled.
    std::size_t run_once(int limit = 64);
    // Handles one entry by id (the console `say` command uses this).
    void handle(std::int64_t inbox_id);
    // Handles entries in one transaction, each in its own savepoint: each is applied whole or,
    // if it fails, parked as failed, and one fsync covers them all.
    void handle_together(const std::vector<std::int64_t>& ids);

    // Called after each entry commits (the notifier's poke, so replies go out at once).
    void on_committed(std::function<void()> f) { on_committed_ = std::move(f); }
    // Called after a photo, video or location was taken in (the evidence downloader's poke).
    void on_media(std::function<void()> f) { on_media_ = std::move(f); }
    // Acknowledging a callback comes before applying it: while `crowded` says acknowledgements
    // are queueing (InboxWriter::crowded), the worker rests three times as long as each batch
    // took (at most 200 ms), so it takes about a quarter of the time and the callbacks' threads the
    // rest. What waits is applied when the flood eases; it is stored already. `rest` waits the
    // time it is given (serve also counts it for /metrics; tests record it instead).
    using Rest = std::function<void(std::chrono::steady_clock::duration)>;
    void yield_to(std::function<bool()> crowded, Rest rest);
    void start() { loop_.start(); }
    void stop() { loop_.stop(); }
    void poke() { loop_.poke(); }

private:
    // One per kind of payload; each finishes the entry.
    void apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::ChatText& text);
    void apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::ChatMedia& media);
    void apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::CardClick& click);
    void apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::OtherEvent& event);
    void apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::SmsReply& reply);
    void apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::SmsReceipt& receipt);
    // Logs when the worker starts and stops yielding to a flood.
    void note_yielding(bool crowded);
    // The reply to the sender, as an answer on the route the entry came by; finishes the entry.
    void answer(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const std::string& to, const std::string& reply);

    workflow::Store& store_;
    const workflow::Clock& clock_;
    commands::Executor& executor_;
    workflow::SurveyEngine* survey_;
    std::function<void()> on_committed_;
    std::function<void()> on_media_;
    std::function<bool()> crowded_;
    Rest rest_;
    bool yielding_ = false;

    BackgroundLoop loop_{"inbox", [this] { return run_once(); }, std::chrono::milliseconds(500)};
};

// How a reply to an inbox entry goes back: to the terminal a `say` came from, else to the person.
workflow::Route reply_route_for(const std::string& inbox_channel);

}  // namespace hotline::bot
