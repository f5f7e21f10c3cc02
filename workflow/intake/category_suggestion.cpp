#include "workflow/intake/category_suggestion.h"

namespace hotline::workflow {

const CategoryKeywords& default_category_keywords() {
    static const CategoryKeywords k{
        {Category::consult, {"咨询", "请问", "如何办理", "怎么办理", "建议", "能否", "希望"}},
        {Category::complaint, {"投诉", "举报", "反映", "噪音", "扰民", "拖欠", "不作为", "乱收费"}},
        {Category::complex, {"多部门", "历史遗留", "拆迁", "征地", "信访"}},
    };
    return k;
}

std::optional<CategorySuggestion> suggest_category(const std::string& text, const CategoryKeywords& keywords) {
    std::optional<CategorySuggestion> best;
    int best_hits = 0;
    bool tie = false;
    for (const auto& [category, words] : keywords) {
        int hits = 0;
        std::string first;
        for (const auto& w : words) {
            if (w.empty() || text.find(w) == std::string::npos) continue;
            ++hits;
            if (first.empty()) first = w;
        }
        if (hits == 0) continue;
        if (hits > best_hits) {
            best = CategorySuggestion{category, first};
            best_hits = hits;
            tie = false;
        } else if (hits == best_hits) {
            tie = true;
        }
    }
    if (tie) return std::nullopt;
    return best;
}

}  // namespace hotline::workflow
