#include "bot/inbox_worker.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bot/cards/card_click.h"
#include "bot/commands/normalize.h"
#include "bot/evidence/evidence_intake.h"

namespace hotline::bot {

namespace {
constexpr std::string_view kUnreadableReply =
    "您的消息中有无法识别的字符（可能是输入法或网络导致的乱码），未能读取，请重新输入。发送“帮助”可查看命令。";
}  // namespace

workflow::Route reply_route_for(const std::string& inbox_channel) {
    return inbox_channel == "console" ? workflow::Route::terminal : workflow::Route::person;
}

InboxWorker::~InboxWorker() { stop(); }

void InboxWorker::handle(std::int64_t inbox_id) {
    try {
        store_.transact([&](workflow::StoreTx& tx) {
            const auto entry = tx.inbox().claim(inbox_id);
            if (!entry) return;  // handled already, or another worker got there first
            const auto payload = nlohmann::json::parse(entry->payload, nullptr, false);
            const std::string kind = payload.is_object() ? payload.value("kind", "") : "";
            const std::string from = payload.is_object() ? payload.value("from", "") : "";
            if (kind == "sms_reply" || kind == "sms_receipt") {
                handle_sms(tx, *entry, payload);
                return;
            }
            if (kind == "card_click" && !from.empty()) {
                const auto outcome = cards::handle_click(tx, executor_.engine(), from, payload.value("task_id", ""),
                                                         payload.value("event_key", ""));
                for (const auto& n : cards::outcome_notices(outcome, reply_route_for(entry->channel), from,
                                                            payload.value("response_code", ""), entry->id, clock_.now()))
                    write_notice(tx, n);
                tx.inbox().finish(entry->id, "done", "");
                return;
            }
            const bool media = kind == "media" && payload.contains("media") && payload["media"].is_object();
            if ((kind != "text" && !media) || from.empty()) {
                tx.inbox().finish(entry->id, "ignored", kind);  // enter_agent and other events need no answer
                return;
            }
            // A text with bytes that were not UTF-8 is not guessed at: it could read as another command.
            const std::string reply =
                media ? evidence::receive(tx, from, payload.value("msg_type", ""), payload["media"], clock_.now())
                : payload.value("unreadable", false) ? std::string(kUnreadableReply)
                                                     : executor_.execute(tx, from, payload.value("content", ""));
            write_notice(tx, {.to = from,
                              .key = fmt::format("reply:{}", entry->id),
                              .body = reply,
                              .at = clock_.now(),
                              .purpose = workflow::OutboxPurpose::answer,
                              .route = reply_route_for(entry->channel)});
            tx.inbox().finish(entry->id, "done", "");
        });
    } catch (const std::exception& e) {
        // A bug must not make the entry loop forever: park it as failed, keep the reason.
        spdlog::error("inbox: entry {} failed: {}", inbox_id, e.what());
        store_.transact([&](workflow::StoreTx& tx) { tx.inbox().finish(inbox_id, "failed", e.what()); });
    }
    if (on_committed_) on_committed_();
}

void InboxWorker::handle_sms(workflow::StoreTx& tx, const workflow::InboxEntry& entry, const nlohmann::json& payload) {
    if (!survey_) {
        tx.inbox().finish(entry.id, "ignored", "sms survey not enabled");
        return;
    }
    if (payload.value("kind", "") == "sms_receipt") {
        const bool known = survey_->on_receipt_in(tx, payload.value("provider_id", ""), payload.value("delivered", false),
                                                  payload.value("detail", ""));
        tx.inbox().finish(entry.id, known ? "done" : "ignored", known ? "" : "receipt for an unknown message");
        return;
    }
    workflow::IncomingSms sms;
    sms.provider = payload.value("provider", "");
    sms.phone_hash = payload.value("phone_hash", "");
    sms.phone_masked = payload.value("phone_masked", "");
    sms.sign = payload.value("sign", "");
    sms.text = payload.value("text", "");
    sms.normalized = commands::normalize(sms.text);
    sms.at = entry.received_at;
    const auto handled = survey_->on_reply_in(tx, sms);
    // The number masked, the text never: citizens' messages stay out of the log.
    spdlog::info("sms: reply via {} from {} -> {} survey={}", sms.provider, sms.phone_masked, handled.result,
                 handled.survey_id);
    tx.inbox().finish(entry.id, "done", "");
}

std::size_t InboxWorker::run_once(int limit) {
    std::vector<workflow::InboxEntry> entries;
    store_.transact([&](workflow::StoreTx& tx) { entries = tx.inbox().fresh(limit); });
    for (const auto& e : entries) handle(e.id);
    return entries.size();
}

}  // namespace hotline::bot
