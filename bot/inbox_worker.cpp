#include "bot/inbox_worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/cards/card_click.h"
#include "bot/commands/normalize.h"
#include "bot/evidence/evidence_intake.h"

namespace hotline::bot {

namespace {
constexpr std::string_view kUnreadableReply =
    "您的消息中有无法识别的字符（可能是输入法或网络导致的乱码），未能读取，请重新输入。发送“帮助”可查看命令。";
// A rest is bounded, so a slow disk's long batch does not stall the worker (or its stop) for long.
constexpr auto kMaxRest = std::chrono::milliseconds(200);
}  // namespace

workflow::Route reply_route_for(const std::string& inbox_channel) {
    return inbox_channel == "console" ? workflow::Route::terminal : workflow::Route::person;
}

InboxWorker::~InboxWorker() { stop(); }

void InboxWorker::handle(std::int64_t inbox_id) { handle_together({inbox_id}); }

void InboxWorker::handle_together(const std::vector<std::int64_t>& ids) {
    bool media = false;
    store_.transact([&](workflow::StoreTx& tx) {
        media = false;
        for (const auto id : ids) {
            try {
                tx.savepoint([&] {
                    const auto entry = tx.inbox().claim(id);
                    if (!entry) return;  // handled already, or another worker got there first
                    const auto payload = inbox::decode(entry->payload);
                    media = media || std::holds_alternative<inbox::ChatMedia>(payload);
                    std::visit([&](const auto& p) { apply(tx, *entry, p); }, payload);
                });
            } catch (const workflow::TransactionAborted&) {
                throw;  // the store runs the whole batch again
            } catch (const std::exception& e) {
                // Undone to its savepoint. A bug must not make the entry loop forever: park it as
                // failed with the reason; claimed first, so an entry another worker handled keeps
                // its outcome.
                spdlog::error("inbox: entry {} failed: {}", id, e.what());
                if (tx.inbox().claim(id)) tx.inbox().finish(id, "failed", e.what());
            }
        }
    });
    if (on_committed_) on_committed_();
    if (media && on_media_) on_media_();
}

void InboxWorker::answer(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const std::string& to,
                         const std::string& reply) {
    write_notice(tx, {.to = to,
                      .key = fmt::format("reply:{}", entry.id),
                      .body = reply,
                      .at = clock_.now(),
                      .purpose = workflow::OutboxPurpose::answer,
                      .route = reply_route_for(entry.channel)});
    tx.inbox().finish(entry.id, "done", "");
}

void InboxWorker::apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::ChatText& text) {
    // A text with bytes that were not UTF-8 is not guessed at: it could read as another command.
    answer(tx, entry, text.from,
           text.unreadable ? std::string(kUnreadableReply) : executor_.execute(tx, text.from, text.content));
}

void InboxWorker::apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::ChatMedia& media) {
    answer(tx, entry, media.from, evidence::receive(tx, media, clock_.now()));
}

void InboxWorker::apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::CardClick& click) {
    const auto outcome = cards::handle_click(tx, executor_.engine(), click.from, click.task_id, click.event_key);
    for (const auto& n : cards::outcome_notices(outcome, reply_route_for(entry.channel), click.from, click.response_code,
                                                entry.id, clock_.now()))
        write_notice(tx, n);
    tx.inbox().finish(entry.id, "done", "");
}

void InboxWorker::apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::OtherEvent& event) {
    tx.inbox().finish(entry.id, "ignored", event.kind);  // enter_agent and other events need no answer
}

void InboxWorker::apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::SmsReceipt& receipt) {
    if (!survey_) {
        tx.inbox().finish(entry.id, "ignored", "sms survey not enabled");
        return;
    }
    const bool known = survey_->on_receipt_in(tx, receipt.provider_id, receipt.delivered, receipt.detail);
    tx.inbox().finish(entry.id, known ? "done" : "ignored", known ? "" : "receipt for an unknown message");
}

void InboxWorker::apply(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const inbox::SmsReply& reply) {
    if (!survey_) {
        tx.inbox().finish(entry.id, "ignored", "sms survey not enabled");
        return;
    }
    workflow::IncomingSms sms;
    sms.provider = reply.provider;
    sms.phone_hash = reply.number.phone_hash;
    sms.phone_masked = reply.number.phone_masked;
    sms.sign = reply.sign;
    sms.text = reply.text;
    sms.normalized = commands::normalize(sms.text);
    sms.at = entry.received_at;
    const auto handled = survey_->on_reply_in(tx, sms);
    // The number masked, the text never: citizens' messages stay out of the log.
    spdlog::info("sms: reply via {} from {} -> {} survey={}", sms.provider, sms.phone_masked, handled.result,
                 handled.survey_id);
    tx.inbox().finish(entry.id, "done", "");
}

void InboxWorker::yield_to(std::function<bool()> crowded, Rest rest) {
    crowded_ = std::move(crowded);
    rest_ = std::move(rest);
}

void InboxWorker::note_yielding(bool crowded) {
    // Once per flood, not per rest: the operator needs to know why answers lag, not each pause.
    if (crowded == yielding_) return;
    yielding_ = crowded;
    if (crowded)
        spdlog::info("inbox: callbacks are arriving in bulk; they are acknowledged first and applied in about a "
                     "quarter of the time until it eases");
    else
        spdlog::info("inbox: the flood has eased; entries are applied at full pace again");
}

std::size_t InboxWorker::run_once(int limit) {
    std::vector<workflow::InboxEntry> entries;
    store_.transact([&](workflow::StoreTx& tx) { entries = tx.inbox().fresh(limit); });
    // A few entries share a commit (one fsync); few enough that a callback waiting to be stored
    // behind this transaction is not kept long.
    constexpr std::size_t kPerCommit = 16;
    for (std::size_t start = 0; start < entries.size(); start += kPerCommit) {
        std::vector<std::int64_t> ids;
        for (std::size_t i = start; i < std::min(entries.size(), start + kPerCommit); ++i) ids.push_back(entries[i].id);
        const auto began = std::chrono::steady_clock::now();
        handle_together(ids);
        const bool crowded = crowded_ && crowded_();
        note_yielding(crowded);
        if (crowded)
            rest_(std::min<std::chrono::steady_clock::duration>(3 * (std::chrono::steady_clock::now() - began), kMaxRest));
    }
    return entries.size();
}

}  // namespace hotline::bot
