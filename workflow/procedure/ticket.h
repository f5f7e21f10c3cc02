#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workflow/procedure/clock.h"

namespace hotline::workflow {

// A message's path through 规程 二(一)–(九). Return and extension requests are records of their own,
// not states.
enum class State {
    received,       // 待认领
    claimed,        // 已认领，待派单
    dispatched,     // 已派单，待签收
    handling,       // 办理中
    unit_review,    // 待单位分管领导审核
    center_review,  // 待热线审核
    signoff,        // 审签中 (signoff_level 1..3)
    signed_off,     // 审签完成，待上报
    uploaded,       // 已上报市12345
    city_approved,  // 市级审核通过，待答复
    replied,        // 已答复，待回访
    surveyed,       // 已回访
    closed,         // 已办结
    archived,       // 已归档
};

// Decides the feedback deadline (seed 二(三) 1-3).
enum class Category { unknown, consult, complaint, complex };

std::string_view to_string(State s);
std::string_view chinese_name(State s);
std::optional<State> parse_state(std::string_view s);
std::string_view to_string(Category c);
std::string_view chinese_name(Category c);
std::optional<Category> parse_category(std::string_view s);

struct Ticket {
    std::int64_t id = 0;  // the short number shown in every message
    std::string source;   // renmin | hotline12345
    std::string source_id;
    std::string title;
    std::string content;
    Category category = Category::unknown;
    State state = State::received;
    int signoff_level = 0;  // 1..3 while state == signoff
    std::string unit_code;
    std::string claimed_by;
    std::string accepted_by;
    Instant received_at{};
    std::optional<Instant> dispatched_at;
    std::optional<Instant> feedback_deadline;
    std::optional<Instant> report_deadline;
    // Set by a redo (重办, 审签退回, 市级退回): the result is due again by then (seed 二(五)). The
    // feedback deadline stays what it was: it is the one the first delivery is judged against.
    std::optional<Instant> redo_deadline;
    int deadline_version = 0;  // bumped whenever the deadlines move; timers carry it
    int extension_days = 0;    // approved working days, all extensions together
    int redo_count = 0;
    int supervision_count = 0;
    std::string result;
    std::string survey_outcome;
    Instant updated_at{};
    std::string citizen_phone_enc;
    std::string phone_hash;
    std::string content_key;
};

struct NewTicket {
    std::string source;
    std::string source_id;
    std::string title;
    std::string content;
    Category category = Category::unknown;
    Instant received_at{};
    // From the intake lines; personal data arrives here already encrypted by the adapter.
    std::string citizen_name_enc;
    std::string citizen_phone_enc;
    std::string phone_hash;   // keyed hash of the phone digits: matches without the number
    std::string content_key;  // normalised content, for recognising the same message twice
    std::string location;
    std::string attachments = "[]";  // JSON array of URLs
};

enum class RequestKind { return_request, extension };
enum class RequestState { pending, approved, rejected };

std::string_view to_string(RequestKind k);
std::string_view chinese_name(RequestKind k);  // 退单, 延期
std::string_view to_string(RequestState s);
std::optional<RequestKind> parse_request_kind(std::string_view s);
std::optional<RequestState> parse_request_state(std::string_view s);

struct Request {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    RequestKind kind = RequestKind::return_request;
    RequestState state = RequestState::pending;
    int days = 0;  // extensions: working days asked for
    std::string reason{};
    std::string requested_by{};
    Instant requested_at{};
    std::string decided_by{};
    std::optional<Instant> decided_at{};
    std::string decision_note{};
};

}  // namespace hotline::workflow
