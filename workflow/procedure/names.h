#pragma once
// One way to name an enum's values: a table of {value, id, chinese}. The id is what the store and
// the logs keep and never changes; the chinese name is what people read. Each enum has one table,
// next to the functions that read it.
#include <cstddef>
#include <optional>
#include <string_view>

namespace hotline::workflow {

template <class E>
struct Name {
    E value;
    std::string_view id;
    std::string_view chinese{};
};

template <class E, std::size_t N>
constexpr std::string_view id_in(const Name<E> (&table)[N], E v) {
    for (const auto& n : table)
        if (n.value == v) return n.id;
    return "?";
}

template <class E, std::size_t N>
constexpr std::string_view chinese_in(const Name<E> (&table)[N], E v) {
    for (const auto& n : table)
        if (n.value == v) return n.chinese;
    return "?";
}

template <class E, std::size_t N>
constexpr std::optional<E> parse_in(const Name<E> (&table)[N], std::string_view id) {
    for (const auto& n : table)
        if (n.id == id) return n.value;
    return std::nullopt;
}

// The id of a value that may not be there yet, or "" (how the store and the exports keep "none").
template <class E>
std::string_view id_or_empty(const std::optional<E>& value) {
    if (!value) return {};
    return to_string(*value);
}

// Its Chinese name, or "" (a report's empty cell).
template <class E>
std::string_view chinese_or_empty(const std::optional<E>& value) {
    if (!value) return {};
    return chinese_name(*value);
}

}  // namespace hotline::workflow
