// The alert rules and the Grafana dashboard in contrib/ name only metrics the real binary exposes:
// a renamed metric would otherwise silence an alert without anyone noticing.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

std::set<std::string> metric_names_in(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const auto s = text.str();
    std::set<std::string> names;
    static const std::regex metric(R"(hotline_[a-z_]+)");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), metric); it != std::sregex_iterator(); ++it)
        names.insert(it->str());
    return names;
}

}  // namespace

TEST(MonitoringContrib, EveryMetricTheAlertRulesAndTheDashboardUseIsExposed) {
    TempDir dir;
    FakeWecomServer fake(kCorpId, "app-secret");
    BotProcess bot(dir.path(), fake.base_url());
    std::string log;
    ASSERT_TRUE(bot.start(&log)) << log;
    httplib::Client c("127.0.0.1", bot.port());
    const auto r = c.Get("/metrics");
    ASSERT_TRUE(r);
    std::set<std::string> exposed;
    static const std::regex help(R"(# HELP (hotline_[a-z_]+) )");
    for (auto it = std::sregex_iterator(r->body.begin(), r->body.end(), help); it != std::sregex_iterator(); ++it)
        exposed.insert((*it)[1].str());
    EXPECT_EQ(bot.stop(), 0);

    for (const char* file : {"contrib/prometheus/hotline-bot.rules.yml", "contrib/grafana/hotline-bot.dashboard.json"}) {
        const auto used = metric_names_in(source_dir() / file);
        EXPECT_FALSE(used.empty()) << file;
        for (const auto& name : used) EXPECT_TRUE(exposed.contains(name)) << file << " uses " << name << ", not in /metrics";
    }
}
