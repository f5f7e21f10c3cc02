#include "bot/sandbox/demo_tickets.h"

#include <fmt/format.h>

#include <stdexcept>

#include "workflow/documents/reply_template.h"

namespace hotline::bot::sandbox {

namespace {

struct Demo {
    const char* title;
    const char* content;
    workflow::Category category;
};

constexpr Demo kDemos[] = {
    {"小区路灯不亮", "薛家湾镇某小区东门路灯已坏半个月，晚上出行不便。", workflow::Category::consult},
    {"学校门口上下学拥堵", "每天放学时段校门口车辆乱停，孩子过马路很危险，希望加强管理。", workflow::Category::complaint},
    {"供暖温度不达标", "家里暖气只有十几度，老人孩子受不了，请供热公司尽快处理。", workflow::Category::complaint},
    {"楼道堆放杂物", "单元楼道长期堆放杂物，存在消防隐患，物业不管。", workflow::Category::complaint},
    {"夜间施工噪音扰民", "学校附近工地夜里十一点后仍在施工，影响休息。", workflow::Category::complaint},
    {"小区门前道路破损", "小区门前道路坑洼多处，雨天积水，行人车辆通行困难。", workflow::Category::complaint},
};

std::string result_text() {
    workflow::ReplyDraft d;
    d.sections[workflow::Section::finding] = "属实";
    d.sections[workflow::Section::cause] = "物业公司未及时清理，住户临时堆放。";
    d.sections[workflow::Section::work_done] = "约谈物业公司，组织清理楼道杂物，张贴消防安全提示。";
    d.sections[workflow::Section::progress] = "已解决";
    d.sections[workflow::Section::next_steps] = "每月检查一次楼道消防通道。";
    d.sections[workflow::Section::expected] = "已完成";
    d.sections[workflow::Section::attitude] = "网民表示满意";
    d.sections[workflow::Section::contact] = "张伟";
    d.sections[workflow::Section::phone] = "0477-0000000";
    return workflow::to_text(d);
}

}  // namespace

void seed_demo_tickets(App& app, commands::Executor& executor) {
    std::vector<std::int64_t> ids;
    int n = 0;
    for (const auto& demo : kDemos) {
        workflow::NewTicket t;
        t.source = "renmin";
        t.source_id = fmt::format("SANDBOX-{}", ++n);
        t.title = demo.title;
        t.content = demo.content;
        t.category = demo.category;
        t.received_at = app.clock.now();
        if (n == 6 && app.cipher) {  // the one whose citizen the survey reaches
            t.citizen_phone_enc = app.cipher->encrypt(kDemoCitizenPhone);
            t.phone_hash = app.cipher->phone_hash(kDemoCitizenPhone);
        }
        ids.push_back(app.engine->receive(t).id);
    }
    const auto say = [&](const char* who, const std::string& text) {
        std::string reply;
        app.store->transact([&](workflow::StoreTx& tx) { reply = executor.execute(tx, who, text); });
        if (reply.rfind("已", 0) != 0)
            throw std::runtime_error(fmt::format("sandbox: the demo step 「{}」 by {} was refused: {}", text, who, reply));
    };
    // #1 stays new: 王芳 (staff) claims and dispatches it in training.
    for (std::size_t i = 1; i < ids.size(); ++i) say("wangfang", fmt::format("认领 {}", ids[i]));
    say("wangfang", fmt::format("派单 {} 教育局 投诉", ids[1]));  // waits for 陈静's 签收
    say("wangfang", fmt::format("派单 {} 住建局 投诉", ids[2]));
    say("zhangwei", fmt::format("签收 {}", ids[2]));  // 张伟 is handling it
    say("wangfang", fmt::format("派单 {} 住建局 投诉", ids[3]));
    say("zhangwei", fmt::format("签收 {}", ids[3]));
    say("zhangwei", fmt::format("反馈 {}\n{}", ids[3], result_text()));  // waits for 刘洋's 同意
    say("wangfang", fmt::format("派单 {} 教育局 投诉", ids[4]));
    say("chenjing", fmt::format("签收 {}", ids[4]));
    say("chenjing", fmt::format("延期 {} 5 需协调住建部门联合执法", ids[4]));  // waits for 李强 (centre)
    // #6 all the way to the city's approval: 王芳's 「已答复 6」 starts the survey.
    const auto six = ids[5];
    say("wangfang", fmt::format("派单 {} 住建局 投诉", six));
    say("zhangwei", fmt::format("签收 {}", six));
    say("zhangwei", fmt::format("反馈 {}\n{}", six, result_text()));
    say("liuyang", fmt::format("同意 {}", six));
    say("wangfang", fmt::format("通过 {}", six));
    for (const char* signer : {"zhaomin", "sunli", "zhouhua"}) say(signer, fmt::format("审签 {} 同意", six));
    say("wangfang", fmt::format("上报 {}", six));
    say("wangfang", fmt::format("市级通过 {}", six));
}

}  // namespace hotline::bot::sandbox
