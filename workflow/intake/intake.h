#pragma once
// One ticket per citizen message, though it arrives from both lines (人民网留言板 and the 12345
// platform). A message joins an existing ticket when the other line's id is known, or when the
// same citizen sent the same text within the merge window. Same citizen and similar text that does
// not qualify is created anyway and flagged for staff to confirm (合并 / 不合并), never merged
// silently. Runs inside the caller's transaction, so two lines arriving together are serialised.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workflow/procedure/engine.h"
#include "workflow/procedure/refusal.h"

namespace hotline::workflow {

struct IntakePolicy {
    std::chrono::hours merge_window{72};
    double merge_similarity = 0.9;  // same citizen, within the window, this alike: the same message
    double flag_similarity = 0.5;   // same citizen, this alike but not merged: ask staff
    bool announce_each = true;      // a card to staff per new ticket (imports send one digest instead)
};

struct IntakeMessage {
    NewTicket ticket;
    std::string other_source_id;  // the other line's id, when the platform gives it
};

struct IntakeOutcome {
    enum class Kind { created, merged, duplicate } kind = Kind::created;
    std::int64_t ticket_id = 0;
    std::vector<std::int64_t> flagged;  // near-misses put to staff
};

std::string_view other_line(std::string_view source);  // renmin <-> hotline12345

IntakeOutcome intake(StoreTx& tx, Engine& engine, const IntakeMessage& msg, const IntakePolicy& policy);

// Staff's answer to a pair intake flagged (合并 / 不合并): merged, the duplicate closes into the kept
// ticket, which answers for both lines' ids from then on; kept apart, the flag is resolved.
struct StaffMergeOutcome {
    enum class Kind { same_ticket, unknown_ticket, no_flag, kept_apart, merged, refused } kind = Kind::merged;
    std::optional<Refusal> refusal;  // when refused: the engine's reason
};
StaffMergeOutcome merge_by_staff(StoreTx& tx, Engine& engine, const std::string& actor, bool merge, std::int64_t keep,
                                 std::int64_t duplicate);

// Character-bigram Jaccard similarity of two normalised texts, 0..1.
double text_similarity(const std::string& a, const std::string& b);

}  // namespace hotline::workflow
