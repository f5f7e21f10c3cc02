#pragma once
// Evidence (佐证材料) arriving in chat: which ticket it is for (the ticket named by 材料 N in the
// last 10 minutes, else the sender's only open ticket, else the sender is asked and the media kept
// until they answer), who may add it, and the audit event that puts a stored item's hash in the
// chain.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bot/inbox_payload.h"
#include "workflow/store/store.h"

namespace hotline::bot::evidence {

inline constexpr std::chrono::minutes kTargetWindow{10};

// Why `who` may not add evidence to `t`, or nothing when they may: people of the ticket's unit,
// until it is filed.
std::optional<std::string> refusal_to_add(const workflow::Person& who, const workflow::Ticket& t);

// The sender's unit's tickets still with the unit, in the order a choice lists them.
std::vector<workflow::Ticket> open_tickets_of(workflow::StoreTx& tx, const workflow::Person& who);

// A photo, video (media_id) or location from chat. Returns the answer to the sender.
std::string receive(workflow::StoreTx& tx, const inbox::ChatMedia& media, workflow::Instant now);

// Puts what the sender sent before naming a ticket on `t`. Returns how many items.
int attach_waiting(workflow::StoreTx& tx, const std::string& sender, const workflow::Ticket& t, workflow::Instant now);

// The item is stored: on its ticket with an audit event carrying its hash, size and type.
void record_stored(workflow::StoreTx& tx, workflow::Evidence& e, workflow::Instant now);

std::string kind_name(const std::string& kind);  // 照片 | 视频 | 文件 | 位置
// One line of 材料 N: "1. 照片（image/jpeg，215 KB）张伟 北京时间2026-12-01 10:00".
std::string describe(workflow::StoreTx& tx, const workflow::Evidence& e, int n);

}  // namespace hotline::bot::evidence
