// Real-looking SMS answers to the callback survey and what they mean. Texts are normalised the
// way the bot normalises chat (NFKC), then parsed.
#include <gtest/gtest.h>

#include "bot/commands/normalize.h"
#include "workflow/survey/survey_reply.h"

using namespace hotline::workflow;

namespace {

enum class S { none, sat, basic, dis };
enum class R { none, solved, unsolved };

struct Case {
    const char* text;
    S satisfaction;
    R resolution;
    bool opt_out = false;
    bool contradictory = false;
};

const Case kCases[] = {
    {"1", S::sat, R::none},
    {"2", S::basic, R::none},
    {"3", S::dis, R::none},
    {"２", S::basic, R::none},
    {"１", S::sat, R::none},
    {"「１」", S::sat, R::none},
    {"1满意", S::sat, R::none},
    {"满意", S::sat, R::none},
    {"满意的", S::sat, R::none},
    {"很满意", S::sat, R::none},
    {"非常满意，谢谢政府", S::sat, R::none},
    {"满意！👍", S::sat, R::none},
    {"满意满意", S::sat, R::none},
    {"基本满意", S::basic, R::none},
    {"比较满意吧", S::basic, R::none},
    {"还算满意", S::basic, R::none},
    {"不满意", S::dis, R::none},
    {"不太满意", S::dis, R::none},
    {"非常不满意！！！", S::dis, R::none},
    {"不满意，问题没解决", S::dis, R::unsolved},
    {"不满意 问题根本没有解决", S::dis, R::unsolved},
    {"3 5", S::dis, R::unsolved},
    {"1 4", S::sat, R::solved},
    {"14", S::sat, R::solved},
    {"１　４", S::sat, R::solved},
    {"2,4", S::basic, R::solved},
    {"满意，已解决", S::sat, R::solved},
    {"已经解决了，满意", S::sat, R::solved},
    {"问题解决了", S::none, R::solved},
    {"解决了", S::none, R::solved},
    {"已解决", S::none, R::solved},
    {"4", S::none, R::solved},
    {"5", S::none, R::unsolved},
    {"未解决", S::none, R::unsolved},
    {"还没解决", S::none, R::unsolved},
    {"没有解决，路灯还是不亮", S::none, R::unsolved},
    {"路灯还没好", S::none, R::unsolved},
    {"基本满意，但是还没解决", S::basic, R::unsolved},
    {"满意度：基本满意；问题：已解决", S::basic, R::solved},
    {"我选1", S::sat, R::none},
    {"回复1", S::sat, R::none},
    {"1。", S::sat, R::none},
    {"满意 😊", S::sat, R::none},
    {"👍", S::none, R::none},
    {"谢谢", S::none, R::none},
    {"好的", S::none, R::none},
    {"？", S::none, R::none},
    {"你们是谁", S::none, R::none},
    {"满易", S::none, R::none},
    {"", S::none, R::none},
    {"退订", S::none, R::none, true},
    {"退订！", S::none, R::none, true},
    {"不满意，退订", S::none, R::none, true},
    {"TD", S::none, R::none, true},
    {"td", S::none, R::none, true},
    {"Ｔ", S::none, R::none, true},
    {"t", S::none, R::none, true},
    {"R", S::none, R::none, true},
    {"N", S::none, R::none, true},
    {"n.", S::none, R::none, true},
    {"OK", S::none, R::none},
    {"满意 不满意", S::none, R::none, false, true},
    {"1 3", S::none, R::none, false, true},
    {"已解决 没解决", S::none, R::none, false, true},
    {"满意 3", S::none, R::none, false, true},
};

std::optional<Satisfaction> want(S s) {
    switch (s) {
        case S::sat: return Satisfaction::satisfied;
        case S::basic: return Satisfaction::basically_satisfied;
        case S::dis: return Satisfaction::dissatisfied;
        default: return std::nullopt;
    }
}
std::optional<Resolution> want(R r) {
    if (r == R::solved) return Resolution::solved;
    if (r == R::unsolved) return Resolution::unsolved;
    return std::nullopt;
}

}  // namespace

TEST(SurveyReply, SixtyFiveRealLookingAnswers) {
    EXPECT_GE(std::size(kCases), 60u);
    for (const auto& c : kCases) {
        const auto r = parse_survey_reply(hotline::bot::commands::normalize(c.text));
        SCOPED_TRACE(c.text);
        EXPECT_EQ(r.opt_out, c.opt_out);
        EXPECT_EQ(r.contradictory, c.contradictory);
        if (c.contradictory || c.opt_out) continue;
        EXPECT_EQ(r.satisfaction, want(c.satisfaction));
        EXPECT_EQ(r.resolution, want(c.resolution));
        EXPECT_EQ(r.clear(), c.satisfaction != S::none || c.resolution != R::none);
    }
}
