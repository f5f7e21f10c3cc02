#include "bot/sandbox/sandbox_inbox.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace hotline::bot::sandbox {

namespace {

constexpr std::size_t kKeptPerPerson = 200;  // a training day's worth

Received read(const workflow::OutboxMessage& m) {
    Received r;
    r.kind = m.kind;
    r.ticket_id = m.ticket_id;
    if (m.kind == "text" || m.kind == "markdown") {
        r.text = m.payload;
        return r;
    }
    const auto body = nlohmann::json::parse(m.payload, nullptr, false);
    if (m.kind == "decision_card" && body.is_object()) {
        r.text = body.value("title", "") + "\n" + body.value("text", "");
        r.task_id = body.value("task_id", "");
        if (body.contains("buttons") && body["buttons"].is_array())
            for (const auto& b : body["buttons"]) r.buttons.push_back({b.value("text", ""), b.value("key", "")});
        return r;
    }
    if (body.is_object() && body.contains("filename")) r.text = "（文件）" + body.value("filename", "");
    else r.text = "（" + m.kind + "）";
    return r;
}

}  // namespace

std::string response_code_of(std::int64_t seq) { return "sandbox-" + std::to_string(seq); }

SendResult SandboxInbox::send(const workflow::OutboxMessage& m) {
    if (m.kind == "card_update") {
        // As WeCom does: the clicked card's buttons give way to the outcome.
        const auto body = nlohmann::json::parse(m.payload, nullptr, false);
        if (!body.is_object()) return SendResult{SendStatus::permanent, "card_update is not JSON", {}};
        std::lock_guard lock(mutex_);
        for (auto& card : inboxes_[m.recipient])
            if (response_code_of(card.seq) == body.value("response_code", "")) {
                card.buttons.clear();
                card.done = body["button"].value("replace_name", "");
            }
        return SendResult{};
    }
    auto r = read(m);
    r.at = clock_.now();
    std::lock_guard lock(mutex_);
    r.seq = ++seq_;
    auto& inbox = inboxes_[m.recipient];
    inbox.push_back(std::move(r));
    if (inbox.size() > kKeptPerPerson) inbox.erase(inbox.begin());
    spdlog::info("sandbox: message to={} kind={} ticket={}", m.recipient, m.kind, m.ticket_id);
    return SendResult{};
}

std::vector<Received> SandboxInbox::of(const std::string& userid) const {
    std::lock_guard lock(mutex_);
    const auto it = inboxes_.find(userid);
    if (it == inboxes_.end()) return {};
    return {it->second.rbegin(), it->second.rend()};
}

std::map<std::string, std::size_t> SandboxInbox::counts() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::size_t> out;
    for (const auto& [who, inbox] : inboxes_) out[who] = inbox.size();
    return out;
}

}  // namespace hotline::bot::sandbox
