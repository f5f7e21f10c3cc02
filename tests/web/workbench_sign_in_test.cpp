// The workbench through the real binary over HTTP: sign-in by WeCom OAuth (in the app) and QR
// login (desktop) against the fake WeCom, 我的待办, 工单详情 with its decisions, and the refusals a
// careful reviewer tries: another unit's ticket, a non-member, a replayed code, a forged state,
// an open redirect, a post without the CSRF token, a citizen's <script>.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>

#include "tests/fakes/fake_wecom_server.h"
#include "tests/support/bot_process.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

using namespace hotline;
using namespace hotline::testing;

namespace {

// A browser: keeps the cookies the bot sets, follows nothing by itself.
class Browser {
public:
    Browser(int bot_port, const FakeWecomServer& fake, std::string user_agent)
        : bot_("127.0.0.1", bot_port), fake_port_(std::stoi(fake.base_url().substr(fake.base_url().rfind(':') + 1))),
          user_agent_(std::move(user_agent)) {}

    httplib::Result get(const std::string& path) { return keep(bot_.Get(path, headers())); }
    httplib::Result post(const std::string& path, const httplib::Params& form) {
        return keep(bot_.Post(path, headers(), form));
    }
    // Follows a Location at the fake WeCom (the sign-in pages): the bot's address it sends back.
    std::string at_wecom(const std::string& location) {
        const auto path = location.substr(location.find('/', std::string("http://").size()));
        httplib::Client c("127.0.0.1", fake_port_);
        const auto r = c.Get(path.substr(0, path.find('#')), httplib::Headers{{"User-Agent", user_agent_}});
        return r && r->status == 302 ? r->get_header_value("Location") : std::string{};
    }
    // The path of one of the bot's own absolute URLs.
    static std::string path_of(const std::string& url) { return url.substr(url.find('/', std::string("http://").size())); }

    // The whole sign-in from a page that needs it; the final status of /web/oauth's answer.
    int sign_in(const std::string& next = "/web/") {
        const auto login = get("/web/login?next=" + httplib::detail::encode_query_param(next));
        if (!login || login->status != 302) return 0;
        const auto back = at_wecom(login->get_header_value("Location"));
        if (back.empty()) return 0;
        last_oauth_path = path_of(back);
        const auto r = get(last_oauth_path);
        last_location = r ? r->get_header_value("Location") : "";
        return r ? r->status : 0;
    }

    std::map<std::string, std::string> cookies;
    std::map<std::string, std::string> set_cookie_lines;  // name -> the whole Set-Cookie value, last seen
    std::string last_oauth_path, last_location;

private:
    httplib::Headers headers() const {
        std::string jar;
        for (const auto& [k, v] : cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
        httplib::Headers h{{"User-Agent", user_agent_}};
        if (!jar.empty()) h.emplace("Cookie", jar);
        return h;
    }
    httplib::Result keep(httplib::Result r) {
        if (!r) return r;
        for (std::size_t i = 0; i < r->get_header_value_count("Set-Cookie"); ++i) {
            const auto line = r->get_header_value("Set-Cookie", i);
            const auto eq = line.find('=');
            const auto name = line.substr(0, eq);
            const auto value = line.substr(eq + 1, line.find(';') - eq - 1);
            set_cookie_lines[name] = line;
            if (line.find("Max-Age=0") != std::string::npos) cookies.erase(name);
            else cookies[name] = value;
        }
        return r;
    }

    httplib::Client bot_;
    int fake_port_;
    std::string user_agent_;
};

constexpr const char* kInWecom = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 wxwork/4.1.20 MicroMessenger/7.0.1";
constexpr const char* kDesktop = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36";

std::string csrf_of(const std::string& html) {
    std::smatch m;
    return std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")) ? m[1].str() : "";
}

struct Workbench : ::testing::Test {
    void SetUp() override {
        const std::string extra = "[web]\nenabled = true\npublic_url = \"http://127.0.0.1:{port}\"\noauth_base = \"" +
                                  fake.base_url() + "\"\nqr_login_base = \"" + fake.base_url() + "\"\n";
        bot = std::make_unique<BotProcess>(dir.path(), fake.base_url(), extra);
        std::string log;
        ASSERT_TRUE(bot->start(&log)) << log;
        const auto added = run({HOTLINE_BOT_BINARY, "ticket", "add", "--config", bot->config_path(), "--source-id",
                                "RM-1", "--title", "供暖<script>alert(1)</script>不热", "--content",
                                "暖气只有十几度。<img src=x onerror=alert(2)>", "--category", "complaint"});
        ASSERT_EQ(added.exit_code, 0) << added.output;
        ASSERT_EQ(bot->send_text("wangfang", "认领 1", "m1"), 200);
        ASSERT_EQ(bot->send_text("wangfang", "派单 1 住建局 投诉", "m2"), 200);
        ASSERT_TRUE(eventually([&] {
            Browser staff(bot->port(), fake, kInWecom);
            fake.sign_in_as("wangfang");
            if (staff.sign_in() != 302) return false;
            const auto r = staff.get("/web/ticket?id=1");
            return r && r->body.find("已派单") != std::string::npos;
        })) << bot->log();
    }

    TempDir dir;
    FakeWecomServer fake{kCorpId, "app-secret"};
    std::unique_ptr<BotProcess> bot;
};

}  // namespace

TEST_F(Workbench, AHandlerSignsInInsideWecomSeesTheTicketAndSignsForIt) {
    Browser phone(bot->port(), fake, kInWecom);
    // Without a session a page sends the browser to sign in, and back to itself afterwards.
    const auto first = phone.get("/web/ticket?id=1");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 302);
    // (cpp-httplib hands Location over decoded.)
    EXPECT_EQ(first->get_header_value("Location"), "/web/login?next=/web/ticket?id=1");

    const auto login = phone.get("/web/login?next=%2Fweb%2Fticket%3Fid%3D1");
    ASSERT_EQ(login->status, 302);
    const std::string to_wecom = login->get_header_value("Location");
    EXPECT_EQ(to_wecom.rfind(fake.base_url() + "/connect/oauth2/authorize?appid=" + std::string(kCorpId) +
                                 "&redirect_uri=http://127.0.0.1:" + std::to_string(bot->port()) +
                                 "/web/oauth&response_type=code&scope=snsapi_base&state=",
                             0),
              0u)
        << to_wecom;
    EXPECT_NE(to_wecom.find("&agentid=1000002#wechat_redirect"), std::string::npos) << to_wecom;
    EXPECT_NE(phone.set_cookie_lines["hl_state"].find("Path=/web/oauth; Max-Age=600; HttpOnly; SameSite=Lax"),
              std::string::npos)
        << phone.set_cookie_lines["hl_state"];

    fake.sign_in_as("zhangwei");
    const auto back = phone.at_wecom(to_wecom);
    ASSERT_FALSE(back.empty());
    const auto signed_in = phone.get(Browser::path_of(back));
    ASSERT_EQ(signed_in->status, 302) << signed_in->body;
    EXPECT_EQ(signed_in->get_header_value("Location"), "/web/ticket?id=1");
    const auto session_line = phone.set_cookie_lines["hl_session"];
    EXPECT_NE(session_line.find("; Path=/web; Max-Age=43200; HttpOnly; SameSite=Lax"), std::string::npos) << session_line;
    EXPECT_EQ(session_line.find("Secure"), std::string::npos) << "plain http on 127.0.0.1 only";
    EXPECT_EQ(bot->log().find(phone.cookies["hl_session"]), std::string::npos) << "the session id stays out of the log";

    // 我的待办: the ticket, its running deadline, the citizen's markup shown as text.
    const auto todo = phone.get("/web/");
    ASSERT_EQ(todo->status, 200);
    EXPECT_NE(todo->body.find("待办工单（1件）"), std::string::npos) << todo->body;
    EXPECT_NE(todo->body.find("#1 供暖&lt;script&gt;alert(1)&lt;/script&gt;不热"), std::string::npos) << todo->body;
    EXPECT_EQ(todo->body.find("<script>"), std::string::npos);
    EXPECT_NE(todo->body.find("报告截止"), std::string::npos);
    EXPECT_EQ(todo->get_header_value("Cache-Control"), "no-store");
    EXPECT_NE(todo->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);

    const auto detail = phone.get("/web/ticket?id=1");
    ASSERT_EQ(detail->status, 200);
    EXPECT_NE(detail->body.find("暖气只有十几度。&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
    EXPECT_EQ(detail->body.find("<img"), std::string::npos);
    EXPECT_NE(detail->body.find("name=\"verb\" value=\"签收\""), std::string::npos) << detail->body;
    EXPECT_EQ(detail->body.find("name=\"verb\" value=\"派单\""), std::string::npos) << "staff's decisions are not offered";
    const auto csrf = csrf_of(detail->body);
    ASSERT_EQ(csrf.size(), 32u);

    // A post without the session's token is refused and changes nothing.
    const auto forged = phone.post("/web/ticket/act", {{"id", "1"}, {"verb", "签收"}});
    EXPECT_EQ(forged->status, 403);
    const auto wrong = phone.post("/web/ticket/act", {{"id", "1"}, {"verb", "签收"}, {"csrf", std::string(32, '0')}});
    EXPECT_EQ(wrong->status, 403);
    EXPECT_NE(phone.get("/web/ticket?id=1")->body.find("已派单"), std::string::npos);

    // A decision that is not his to take is refused as the chat would.
    const auto not_mine = phone.post("/web/ticket/act", {{"id", "1"}, {"verb", "派单"}, {"text", "教育局 投诉"}, {"csrf", csrf}});
    EXPECT_EQ(not_mine->status, 409);

    const auto signed_for = phone.post("/web/ticket/act", {{"id", "1"}, {"verb", "签收"}, {"csrf", csrf}});
    ASSERT_EQ(signed_for->status, 200);
    EXPECT_NE(signed_for->body.find("已签收"), std::string::npos) << signed_for->body;
    EXPECT_NE(signed_for->body.find("办理中"), std::string::npos);
    const auto timeline = phone.get("/web/ticket?id=1")->body;
    EXPECT_NE(timeline.find("张伟 签收"), std::string::npos) << timeline;

    // Signed out: the session is gone from the store, not only from the browser.
    const auto kept = phone.cookies["hl_session"];
    ASSERT_EQ(phone.post("/web/logout", {{"csrf", csrf}})->status, 200);
    Browser thief(bot->port(), fake, kInWecom);
    thief.cookies["hl_session"] = kept;
    EXPECT_EQ(thief.get("/web/")->status, 302);
}

TEST_F(Workbench, DecisionCardsOpenTheTicketsPage) {
    // The dispatch reached the unit as a card; tapping it (not a button) opens the ticket's page.
    std::string url;
    ASSERT_TRUE(eventually([&] {
        for (const auto& d : fake.deliveries())
            if (d.body.value("msgtype", "") == "template_card" && d.body.value("touser", "") == "zhangwei")
                url = d.body["template_card"]["card_action"].value("url", "");
        return !url.empty();
    })) << "no card to the handler";
    EXPECT_EQ(url, "http://127.0.0.1:" + std::to_string(bot->port()) + "/web/ticket?id=1");
}

TEST_F(Workbench, AnotherUnitsHandlerIsRefusedTheTicket) {
    Browser other(bot->port(), fake, kInWecom);
    fake.sign_in_as("chenjing");  // 教育局
    ASSERT_EQ(other.sign_in("/web/ticket?id=1"), 302);
    const auto r = other.get("/web/ticket?id=1");
    EXPECT_EQ(r->status, 403);
    EXPECT_NE(r->body.find("工单#1不是本单位的工单，您无权查看。"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("暖气"), std::string::npos);
    EXPECT_EQ(other.get("/web/")->body.find("#1 "), std::string::npos) << "not in another unit's 待办";
    const auto csrf = csrf_of(other.get("/web/")->body);
    EXPECT_EQ(other.post("/web/ticket/act", {{"id", "1"}, {"verb", "签收"}, {"csrf", csrf}})->status, 403);
    EXPECT_EQ(other.get("/web/ticket?id=99")->status, 404);
}

TEST_F(Workbench, OnlyMembersInTheDirectorySignInOnceWithEachCode) {
    Browser outsider(bot->port(), fake, kInWecom);
    fake.sign_in_as("");  // not a member of the corp: getuserinfo gives an openid only
    EXPECT_EQ(outsider.sign_in(), 403);
    EXPECT_EQ(outsider.cookies.count("hl_session"), 0u);

    Browser stranger(bot->port(), fake, kInWecom);
    fake.sign_in_as("someone-else");  // a member, not in the hotline's directory
    EXPECT_EQ(stranger.sign_in(), 403);

    Browser staff(bot->port(), fake, kInWecom);
    fake.sign_in_as("wangfang");
    ASSERT_EQ(staff.sign_in(), 302);
    // The same code again (a replay from a proxy log): WeCom refuses it, so does the bot.
    staff.cookies.erase("hl_session");
    const auto replay = staff.get(staff.last_oauth_path);
    EXPECT_EQ(replay->status, 400);
    EXPECT_EQ(staff.cookies.count("hl_session"), 0u);

    // A state that the browser's cookie does not carry (a code planted from another page).
    Browser victim(bot->port(), fake, kInWecom);
    victim.get("/web/login?next=%2Fweb%2F");
    fake.sign_in_as("wangfang");
    const auto planted = victim.get("/web/oauth?code=CODE-999&state=0123456789abcdef0123456789abcdef");
    EXPECT_EQ(planted->status, 400);
}

TEST_F(Workbench, ADesktopBrowserSignsInByQrLoginAndIsNeverSentOffSite) {
    Browser desk(bot->port(), fake, kDesktop);
    const auto login = desk.get("/web/login?next=https%3A%2F%2Fevil.example%2F");
    ASSERT_EQ(login->status, 302);
    EXPECT_EQ(login->get_header_value("Location").rfind(fake.base_url() + "/wwlogin/sso/login?login_type=CorpApp&appid=", 0),
              0u)
        << login->get_header_value("Location");
    fake.sign_in_as("wangfang");
    const auto back = desk.at_wecom(login->get_header_value("Location"));
    const auto r = desk.get(Browser::path_of(back));
    ASSERT_EQ(r->status, 302);
    EXPECT_EQ(r->get_header_value("Location"), "/web/") << "an address outside the workbench becomes its home page";
    const auto todo = desk.get("/web/");
    ASSERT_EQ(todo->status, 200);
    EXPECT_NE(todo->body.find("王芳"), std::string::npos);
}
