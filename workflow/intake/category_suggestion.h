#pragma once
// The category decides the deadline, and staff set it at dispatch when the line did not. The bot
// suggests one from keywords (configurable) in the title and content, naming the keyword.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workflow/procedure/ticket.h"

namespace hotline::workflow {

using CategoryKeywords = std::map<Category, std::vector<std::string>>;

const CategoryKeywords& default_category_keywords();

struct CategorySuggestion {
    Category category;
    std::string keyword;  // the first keyword found for it
};

// The category with the most keyword hits; none when nothing matches or two categories tie.
std::optional<CategorySuggestion> suggest_category(const std::string& text, const CategoryKeywords& keywords);

}  // namespace hotline::workflow
