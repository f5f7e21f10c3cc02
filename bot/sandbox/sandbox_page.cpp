#include "bot/sandbox/sandbox_page.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "adapters/crypto/digest.h"
#include "adapters/crypto/encoding.h"
#include "bot/http/router.h"
#include "bot/inbox_payload.h"
#include "bot/sandbox/demo_tickets.h"
#include "bot/web/form_fields.h"
#include "bot/web/html.h"
#include "bot/web/web_context.h"
#include "bot/web/web_session.h"
#include "workflow/procedure/roles.h"

namespace hotline::bot::sandbox {

namespace {

using web::escape;
using web::Fields;

std::string field(const Fields& f, const char* name) {
    const auto it = f.find(name);
    return it == f.end() ? std::string{} : it->second;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "、") + p;
    return out;
}

std::string roles_of(const workflow::Person& p) {
    std::vector<std::string> names;
    for (const auto r : p.roles) names.emplace_back(workflow::chinese_name(r));
    return joined(names);
}

std::string hidden(const SandboxContext& ctx, const std::string& as) {
    return fmt::format("<input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"as\" value=\"{}\">",
                       escape(ctx.token), escape(as));
}

std::string message_html(const SandboxContext& ctx, const std::string& as, const Received& m) {
    std::string out = fmt::format("<li><span class=\"meta\">北京时间{}{}</span><pre class=\"report\">{}</pre>",
                                  workflow::format_china_time(m.at),
                                  m.ticket_id ? fmt::format(" · 工单#{}", m.ticket_id) : std::string{}, escape(m.text));
    for (const auto& b : m.buttons)
        out += fmt::format("<form class=\"inline\" method=\"post\" action=\"/sandbox/click\">{}"
                           "<input type=\"hidden\" name=\"task_id\" value=\"{}\"><input type=\"hidden\" name=\"key\" "
                           "value=\"{}\"><input type=\"hidden\" name=\"card\" value=\"{}\"><button type=\"submit\">{}</button></form>",
                           hidden(ctx, as), escape(m.task_id), escape(b.key), m.seq, escape(b.text));
    if (!m.done.empty()) out += "<p class=\"meta\">" + escape(m.done) + "</p>";
    return out + "</li>";
}

constexpr const char* kCitizen = "citizen";  // not a userid: the directory's are people of the county

// The demo citizen: the survey SMS they got, and their answer typed as an SMS reply.
std::string citizen_panel(const SandboxContext& ctx, const std::vector<SentSms>& sms) {
    std::string body = fmt::format(
        "<h2>以市民（{}）的身份</h2><p class=\"meta\">工单#6办结上报后，热线工作人员王芳发送「已答复 6」即开始短信回访；"
        "短信只在白天发送，可拨快时钟。</p>"
        "<form class=\"decision\" method=\"post\" action=\"/sandbox/sms\">{}"
        "<label>回复短信<input type=\"text\" name=\"text\" placeholder=\"例如：1（满意）\"></label>"
        "<button type=\"submit\">发送短信</button></form>",
        adapters::mask_phone(kDemoCitizenPhone), hidden(ctx, kCitizen));
    body += fmt::format("<h2>收到的短信（{}条，最新在前）</h2><ul class=\"evidence inbox\">", sms.size());
    for (const auto& m : sms)
        body += fmt::format("<li><span class=\"meta\">北京时间{} · 发往{}</span><pre class=\"report\">{}</pre></li>",
                            workflow::format_china_time(m.at), escape(m.to), escape(m.text));
    return body + "</ul>";
}

// What "到下一个提醒" moves the clock to: a minute past the earliest pending reminder or survey
// step, firing all that is due by then. The survey's steps count too: its question is due in the
// SMS daytime, and reminders alone would jump over it (most fall in the evening or early morning).
constexpr std::chrono::seconds kPastTheNext{60};

struct NextEvents {
    workflow::Instant at{};
    std::vector<std::string> what;  // 工单#3, 每日待办提醒, 工单#6的短信回访: all that fires with it
};

std::optional<NextEvents> next_events(workflow::StoreTx& tx, workflow::Instant now) {
    const auto far = now + std::chrono::days(400);
    std::optional<workflow::Instant> at;
    if (const auto timers = tx.timers().due(far, 1); !timers.empty()) at = timers.front().due_at;
    if (const auto surveys = tx.surveys().due(far, 1); !surveys.empty() && surveys.front().next_at)
        at = at ? std::min(*at, *surveys.front().next_at) : *surveys.front().next_at;
    if (!at) return std::nullopt;
    NextEvents next{*at, {}};
    const auto add = [&next](std::string what) {
        if (std::find(next.what.begin(), next.what.end(), what) == next.what.end()) next.what.push_back(std::move(what));
    };
    const auto until = std::max(now, *at) + kPastTheNext;
    for (const auto& t : tx.timers().due(until, 20))
        add(t.ticket_id ? fmt::format("工单#{}", t.ticket_id) : std::string("每日待办提醒"));
    for (const auto& s : tx.surveys().due(until, 20)) add(fmt::format("工单#{}的短信回访", s.ticket_id));
    return next;
}

std::string page_body(const SandboxContext& ctx, const std::string& as) {
    std::vector<workflow::Person> people;
    std::optional<NextEvents> next;
    const auto now = ctx.clock.now();
    ctx.store.transact([&](workflow::StoreTx& tx) {
        people = tx.directory().people();
        next = next_events(tx, now);
    });
    const auto counts = ctx.inbox.counts();
    const auto moved = ctx.clock.offset() - ctx.start_offset;
    std::string body = fmt::format(
        "<p class=\"outcome\">培训沙盘：数据是临时的，关闭后即删除；不连接企业微信，不发送短信。</p>"
        "<form class=\"decision\" method=\"post\" action=\"/sandbox/clock\">{}"
        "<p>沙盘时间：<strong>北京时间{}</strong>{}</p>"
        "<button type=\"submit\" name=\"step\" value=\"hour\">+1 小时</button> "
        "<button type=\"submit\" name=\"step\" value=\"day\">+1 天</button> "
        "<button type=\"submit\" name=\"step\" value=\"next\">到下一个提醒</button>{}</form>",
        hidden(ctx, as), workflow::format_china_time(now),
        moved.count() ? fmt::format("（已拨快{}小时）", moved.count() / 3600) : std::string{},
        next ? fmt::format("<p class=\"meta\">下一个提醒：北京时间{}（{}）</p>", workflow::format_china_time(next->at),
                           escape(joined(next->what)))
             : std::string("<p class=\"meta\">没有待触发的提醒</p>"));
    body += "<h2>选择角色</h2><ul class=\"tickets personas\">";
    for (const auto& p : people) {
        if (!p.active) continue;
        const auto c = counts.find(p.userid);
        body += fmt::format("<li class=\"{}\"><a href=\"/sandbox?as={}\"><strong>{}</strong> <span class=\"meta\">{} {}"
                            "· 收到{}条</span></a></li>",
                            p.userid == as ? "amber" : "", escape(p.userid), escape(p.name), escape(roles_of(p)),
                            p.unit_code.empty() ? std::string{} : escape(p.unit_code) + " ",
                            c == counts.end() ? 0 : c->second);
    }
    const auto sms = ctx.sms.sent();
    body += fmt::format("<li class=\"{}\"><a href=\"/sandbox?as={}\"><strong>市民</strong> <span class=\"meta\">工单#6的留言人 "
                        "{} · 收到短信{}条</span></a></li></ul>",
                        as == kCitizen ? "amber" : "", kCitizen, adapters::mask_phone(kDemoCitizenPhone), sms.size());
    if (as == kCitizen) return body + citizen_panel(ctx, sms);
    const auto who = std::find_if(people.begin(), people.end(), [&](const auto& p) { return p.userid == as; });
    if (who == people.end()) return body + "<p>请选择一个角色，以其身份发消息、查看收到的消息或打开工作台。</p>";
    body += fmt::format("<h2>以{}（{}）的身份</h2>"
                        "<form class=\"decision\" method=\"post\" action=\"/sandbox/say\">{}"
                        "<label>发给机器人的消息<input type=\"text\" name=\"text\" placeholder=\"例如：帮助、待办、签收 3\" "
                        "autofocus></label><button type=\"submit\">发送</button></form>"
                        "<form class=\"decision\" method=\"post\" action=\"/sandbox/open\">{}"
                        "<button type=\"submit\">以此身份打开工作台</button></form>",
                        escape(who->name), escape(roles_of(*who)), hidden(ctx, as), hidden(ctx, as));
    const auto inbox = ctx.inbox.of(as);
    body += fmt::format("<h2>{}收到的消息（{}条，最新在前）</h2><ul class=\"evidence inbox\">", escape(who->name), inbox.size());
    for (const auto& m : inbox) body += message_html(ctx, as, m);
    return body + "</ul>";
}

// The workers run on their own threads: polls every 20 ms until `done`. Each wait ends as soon as
// the work is done; the limit is only for a slow machine (a sanitizer build on two busy cores).
template <class Done>
void poll_until(Done done) {
    constexpr auto kAtMost = std::chrono::seconds(15);
    for (auto waited = std::chrono::milliseconds(0); waited < kAtMost && !done(); waited += std::chrono::milliseconds(20))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

// Any message due to go out and not sent yet, those the notifier is sending included (one deferred to
// later, like an SMS outside the daytime, is not due). Read with the notifier's own query, as its
// owner, claiming nothing.
bool due_unsent(const SandboxContext& ctx) {
    bool any = false;
    ctx.store.transact([&](workflow::StoreTx& tx) { any = !tx.outbox().due(ctx.clock.now(), 1, kSandboxInstance).empty(); });
    return any;
}

// Until what the bot queued is sent, so the page shows it when it loads. Returns at once when
// nothing was queued (a reminder held for quiet hours, an SMS reply that matches nothing).
void wait_for_sends(const SandboxContext& ctx) {
    poll_until([&] { return !due_unsent(ctx); });
}

// A reminder or survey step the schedulers have not run yet.
bool due_now(const SandboxContext& ctx) {
    bool due = false;
    ctx.store.transact([&](workflow::StoreTx& tx) {
        const auto now = ctx.clock.now();
        due = !tx.timers().due(now, 1).empty() || !tx.surveys().due(now, 1).empty();
    });
    return due;
}

// Until the inbox worker has handled the entry (15 s at most, for a slow machine).
void wait_until_handled(const SandboxContext& ctx, const std::string& dedup_key) {
    poll_until(
        [&] {
            bool handled = false;
            ctx.store.transact([&](workflow::StoreTx& tx) {
                const auto e = tx.inbox().by_key("sandbox", dedup_key);
                handled = e && e->state != "new";
            });
            return handled;
        });
}

http::Response back_to(const std::string& as) { return web::redirect("/sandbox?as=" + adapters::url_encode(as)); }

}  // namespace

void add_sandbox_routes(RunningParts& parts, SandboxContext& ctx) {
    auto& router = parts.router;
    router.add("GET", "/sandbox", [&ctx](const http::Request& req) {
        const auto as = field(web::fields_of(req.query), "as");
        return web::html_response(200, web::page({"培训沙盘", "", "", false}, page_body(ctx, as)));
    });
    // Every post: the page's token, and a persona of the directory.
    const auto guarded = [&ctx](auto fn) {
        return [&ctx, fn](const http::Request& req) {
            const auto form = web::fields_of(req.body);
            if (!adapters::constant_time_equal(field(form, "token"), ctx.token))
                return web::refusal_page(403, "提交被拒绝", "页面已过期，请刷新沙盘页面后重试。");
            return fn(form, field(form, "as"));
        };
    };
    const auto to_inbox = [&ctx, poke = parts.poke_inbox](const inbox::Payload& payload) {
        workflow::InboxEntry entry;
        entry.channel = "sandbox";
        entry.dedup_key = "sandbox:" + web::random_token(8);
        entry.payload = inbox::encode(payload);
        entry.received_at = ctx.clock.now();
        ctx.store.transact([&](workflow::StoreTx& tx) { tx.inbox().insert(entry); });
        poke();
        wait_until_handled(ctx, entry.dedup_key);
        wait_for_sends(ctx);
    };
    router.add("POST", "/sandbox/say", guarded([to_inbox](const Fields& form, const std::string& as) {
                   if (!field(form, "text").empty()) to_inbox(inbox::ChatText{.from = as, .content = field(form, "text")});
                   return back_to(as);
               }));
    // The citizen's answer, as the SMS provider's push would deliver it.
    router.add("POST", "/sandbox/sms", guarded([&ctx, to_inbox](const Fields& form, const std::string&) {
                   if (!field(form, "text").empty())
                       to_inbox(inbox::SmsReply{.provider = std::string(ctx.sms.name()),
                                                .number = {.phone_enc = ctx.cipher.encrypt(kDemoCitizenPhone),
                                                           .phone_hash = ctx.cipher.phone_hash(kDemoCitizenPhone),
                                                           .phone_masked = adapters::mask_phone(kDemoCitizenPhone)},
                                                .text = field(form, "text")});
                   return back_to(kCitizen);
               }));
    router.add("POST", "/sandbox/click", guarded([to_inbox](const Fields& form, const std::string& as) {
                   const auto card = std::strtoll(field(form, "card").c_str(), nullptr, 10);
                   to_inbox(inbox::CardClick{.from = as,
                                                 .task_id = field(form, "task_id"),
                                                 .event_key = field(form, "key"),
                                                 .response_code = response_code_of(card)});
                   return back_to(as);
               }));
    router.add("POST", "/sandbox/clock", guarded([&ctx, wake = parts.wake_schedulers](const Fields& form, const std::string& as) {
                   const auto step = field(form, "step");
                   std::chrono::seconds by{0};
                   if (step == "hour") by = std::chrono::hours(1);
                   else if (step == "day") by = std::chrono::hours(24);
                   else if (step == "next") {
                       const auto now = ctx.clock.now();
                       ctx.store.transact([&](workflow::StoreTx& tx) {
                           const auto next = next_events(tx, now);
                           by = !next ? std::chrono::seconds(0) : std::max(kPastTheNext, next->at - now + kPastTheNext);
                       });
                   }
                   ctx.clock.advance(by);
                   spdlog::info("sandbox: clock moved {} s forward, now {}", by.count(), workflow::format_china_time(ctx.clock.now()));
                   wake();
                   poll_until([&ctx] { return !due_now(ctx); });  // the schedulers ran
                   wait_for_sends(ctx);
                   return back_to(as);
               }));
    router.add("POST", "/sandbox/open", guarded([&ctx, workbench = parts.workbench](const Fields&, const std::string& as) {
                   if (!workbench) return web::refusal_page(404, "工作台未启用", "沙盘的工作台未启用。");
                   bool known = false;
                   std::string session;
                   ctx.store.transact([&](workflow::StoreTx& tx) {
                       const auto p = tx.directory().person(as);
                       known = p && p->active;
                       if (known) session = web::start_session(tx, as, ctx.clock.now(), std::chrono::hours(24 * 365));
                   });
                   if (!known) return web::refusal_page(400, "没有这个角色", "请在沙盘页面选择一个角色。");
                   auto r = web::redirect("/web/");
                   r.headers["Set-Cookie"] = web::cookie(web::kSessionCookie, session, false, 24 * 3600);
                   return r;
               }));
}

}  // namespace hotline::bot::sandbox
