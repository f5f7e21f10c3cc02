#pragma once
// Tickets, the lines they arrived on, and the pairs the intake suspects to be one matter.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workflow/procedure/ticket.h"

namespace hotline::workflow {

class TicketStore {
public:
    virtual ~TicketStore() = default;

    virtual std::int64_t insert(const NewTicket& t) = 0;
    virtual std::optional<Ticket> find(std::int64_t id) = 0;
    // Throws when no ticket has t.id.
    virtual void update(const Ticket& t) = 0;
    virtual std::map<State, std::int64_t> counts_by_state() = 0;
    // unit code -> state -> count, for the live 统计 snapshot.
    virtual std::map<std::string, std::map<State, std::int64_t>> counts_by_unit() = 0;

    // The ticket a line's id belongs to, whatever the line (the lowest ticket id if several).
    virtual std::optional<std::int64_t> id_by_source(const std::string& source_id) = 0;
    // Every line's id of a ticket: a message reaching the county twice is one ticket with two ids.
    virtual std::optional<std::int64_t> for_source(const std::string& source, const std::string& source_id) = 0;
    // False when that line's id is already recorded.
    virtual bool add_source(std::int64_t ticket_id, const std::string& source, const std::string& source_id,
                            Instant received_at) = 0;
    // (source, source id) pairs in the order they arrived.
    virtual std::vector<std::pair<std::string, std::string>> sources_of(std::int64_t ticket_id) = 0;
    virtual void move_sources(std::int64_t from_ticket, std::int64_t to_ticket) = 0;
    // The same citizen's tickets (by the keyed phone hash), newest first.
    virtual std::vector<Ticket> of_citizen(const std::string& phone_hash, int limit) = 0;

    // False when the pair (in this order) is already a candidate.
    virtual bool add_merge_candidate(std::int64_t ticket_id, std::int64_t other_ticket_id, const std::string& reason,
                                     Instant now) = 0;
    // Closes an open candidate pair (in either order) as merged or separate; false if none was open.
    virtual bool resolve_merge_candidate(std::int64_t a, std::int64_t b, const std::string& state) = 0;

    // Tickets in one state, optionally of one unit (empty: any), oldest deadline first.
    virtual std::vector<Ticket> in_state(State s, const std::string& unit_code, int limit) = 0;
    // Tickets still with a unit whose feedback deadline has passed, oldest deadline first.
    virtual std::vector<Ticket> overdue(Instant now, int limit) = 0;
    virtual std::map<std::string, std::int64_t> overdue_counts_by_unit(Instant now) = 0;
    // Tickets received in [from, to), by id (the archive export of a period).
    virtual std::vector<std::int64_t> ids_received_between(Instant from, Instant to) = 0;
};

}  // namespace hotline::workflow
