#pragma once
// Reading a page's query or a form's body: the decoded fields, and a ticket number among them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hotline::bot::web {

using Fields = std::map<std::string, std::string>;

// application/x-www-form-urlencoded (a query string or a form body); empty when malformed or not
// UTF-8.
Fields fields_of(std::string_view encoded);
// fields["id"] as a ticket number (a positive integer, nothing else).
std::optional<std::int64_t> ticket_id_of(const Fields& fields);

}  // namespace hotline::bot::web
