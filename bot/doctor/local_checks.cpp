#include "bot/doctor/local_checks.h"

#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "bot/store/open_store.h"
#include "workflow/store/postgresql/pg_connection.h"
#include "workflow/store/postgresql/pg_migrations.h"
#include "adapters/crypto/encoding.h"
#include "workflow/procedure/calendar.h"
#include "workflow/store/sqlite/migrations.h"
#include "workflow/store/sqlite/sqlite_db.h"

namespace hotline::bot::doctor {

namespace fs = std::filesystem;

namespace {

// The folder itself, or the nearest parent that exists (the bot creates the rest at start).
fs::path nearest_existing(fs::path p) {
    std::error_code ec;
    while (!p.empty() && !fs::exists(p, ec)) p = p.parent_path();
    return p;
}

bool writable_folder(const fs::path& dir) {
    const auto p = nearest_existing(dir);
    return !p.empty() && ::access(p.c_str(), W_OK) == 0;
}

}  // namespace

void check_secrets(const Config& c, Findings& out) {
    const std::string area = "密钥 secrets";
    if (c.privacy_key.empty())
        out.add({c.sms.enabled || c.intake.enabled ? Severity::error : Severity::warning, area,
                 "未配置群众信息加密密钥（privacy.key），无法保存群众手机号，导入和短信回访不可用",
                 "no privacy key: citizens' numbers cannot be stored; import and the SMS survey need it",
                 fmt::format("openssl rand -base64 32，写入 {}（root 所有，0600）的 HOTLINE_PRIVACY_KEY=…"
                             "（丢失后已存号码无法解密，请另行妥善保管）",
                             kSecretsFile)});
    else
        out.ok(area, "群众信息加密密钥已配置", "the privacy key is set");
    if (!c.wecom.enabled) return;
    const auto& w = c.wecom;
    const bool token_ok = w.token.size() >= 3 && w.token.size() <= 32 &&
                          std::all_of(w.token.begin(), w.token.end(), [](unsigned char ch) { return std::isalnum(ch); });
    const auto key = adapters::base64_decode(w.encoding_aes_key + "=");
    const bool key_ok = w.encoding_aes_key.size() == 43 && key && key->size() == 32;
    if (!token_ok)
        out.error(area, "回调 Token 格式不对（应为 3–32 位英文字母或数字）", "the callback Token must be 3-32 letters or digits",
                  "企业微信管理后台 应用管理 > 应用 > 接收消息 > 设置API接收，复制 Token 写入 HOTLINE_WECOM_TOKEN");
    if (!key_ok)
        out.error(area, "回调 EncodingAESKey 格式不对（应为 43 位）", "the callback EncodingAESKey must be 43 base64 characters",
                  "同一页面复制 EncodingAESKey 写入 HOTLINE_WECOM_ENCODING_AES_KEY");
    if (token_ok && key_ok) out.ok(area, "企业微信回调 Token 与 EncodingAESKey 格式正确", "the WeCom callback Token and EncodingAESKey are well-formed");
}

// Connects and reads the schema version, changing nothing (no migration: that is the service's).
void check_postgres_store(const Config& c, Findings& out) {
    const std::string area = "存储 store";
    const std::string where = describe_store(c.store);
    try {
        workflow::pg::Connection db(c.store.url);
        const int version = workflow::pg::current_schema_version(db);
        const int latest = workflow::latest_schema_version();
        if (version > latest)
            out.error(area, fmt::format("{} 数据库版本 {} 比本程序（{}）新", where, version, latest),
                      fmt::format("{}: schema version {} is newer than this binary knows ({})", where, version, latest),
                      "所有实例安装与数据库相同或更新版本的 hotline-bot，不要降级");
        else if (version < latest)
            out.warning(area, fmt::format("{} 数据库版本 {}，启动时升级到 {}", where, version, latest),
                        fmt::format("{}: schema version {}; the next start migrates it to {}", where, version, latest),
                        "升级前先备份：pg_dump -Fc");
        else
            out.ok(area, fmt::format("{} 可连接，数据库版本 {}（最新）", where, version),
                   fmt::format("{} answers, schema version {} (latest)", where, version));
    } catch (const std::exception& e) {
        out.error(area, fmt::format("{} 无法连接或读取：{}", where, e.what()),
                  fmt::format("{} cannot be reached or read: {}", where, e.what()),
                  "检查 [store] url、数据库服务状态、pg_hba.conf 与口令（HOTLINE_STORE_URL、PGPASSWORD 或 ~/.pgpass）");
    }
    if (!writable_folder(c.attachments.dir))
        out.error(area, fmt::format("佐证材料目录 {} 不可写", c.attachments.dir.string()),
                  fmt::format("the attachments folder {} is not writable", c.attachments.dir.string()),
                  fmt::format("chown -R hotline-bot:hotline-bot {}", c.attachments.dir.string()));
}

void check_store(const Config& c, Findings& out) {
    if (c.store.backend == "postgresql") return check_postgres_store(c, out);
    const std::string area = "存储 store";
    const auto& db = c.store.path;
    const auto dir = db.parent_path();
    if (!writable_folder(dir)) {
        out.error(area, fmt::format("存储目录 {} 不可写", dir.string()), fmt::format("{} is not writable", dir.string()),
                  fmt::format("chown hotline-bot:hotline-bot {0}; chmod 0750 {0}", dir.string()));
        return;
    }
    std::error_code ec;
    if (!fs::exists(db, ec)) {
        out.ok(area, fmt::format("{} 尚不存在，首次启动时创建（如应已有数据，请检查 [store] path）", db.string()),
               fmt::format("{} does not exist yet; the first start creates it", db.string()));
    } else {
        try {
            workflow::sqlite::Db store(db.string(), workflow::sqlite::Db::Mode::inspect);
            const int version = workflow::current_schema_version(store);
            const int latest = workflow::latest_schema_version();
            if (::access(db.c_str(), W_OK) != 0)
                out.error(area, fmt::format("{} 不可写", db.string()), fmt::format("{} is not writable", db.string()),
                          fmt::format("chown hotline-bot:hotline-bot {}", db.string()));
            else if (version > latest)
                out.error(area, fmt::format("数据库版本 {} 比本程序（{}）新", version, latest),
                          fmt::format("schema version {} is newer than this binary knows ({})", version, latest),
                          "安装与数据库相同或更新版本的 hotline-bot，不要降级");
            else if (version < latest)
                out.warning(area, fmt::format("数据库版本 {}，启动时升级到 {}", version, latest),
                            fmt::format("schema version {}; the next start migrates it to {}", version, latest),
                            "升级前先备份：hotline-bot backup --to FILE");
            else
                out.ok(area, fmt::format("{} 可写，数据库版本 {}（最新）", db.string(), version),
                       fmt::format("{} is writable, schema version {} (latest)", db.string(), version));
        } catch (const std::exception& e) {
            out.error(area, fmt::format("{} 无法打开：{}", db.string(), e.what()),
                      fmt::format("{} cannot be opened: {}", db.string(), e.what()),
                      "检查文件权限；如文件损坏，从备份恢复（hotline-bot restore --from FILE --replace）");
        }
    }
    if (!writable_folder(c.attachments.dir))
        out.error(area, fmt::format("佐证材料目录 {} 不可写", c.attachments.dir.string()),
                  fmt::format("the attachments folder {} is not writable", c.attachments.dir.string()),
                  fmt::format("chown -R hotline-bot:hotline-bot {}", c.attachments.dir.string()));
    struct statvfs fsinfo {};
    const auto existing = nearest_existing(dir);
    if (::statvfs(existing.c_str(), &fsinfo) == 0) {
        const double free_gib = static_cast<double>(fsinfo.f_bavail) * static_cast<double>(fsinfo.f_frsize) / (1 << 30);
        const std::string zh = fmt::format("{} 所在磁盘剩余 {:.1f} GiB", existing.string(), free_gib);
        const std::string en = fmt::format("{:.1f} GiB free on the disk of {}", free_gib, existing.string());
        if (free_gib < 0.1) out.error("磁盘 disk", zh, en, "立即清理磁盘或扩容：存储写满后回调将无法确认");
        else if (free_gib < 1.0) out.warning("磁盘 disk", zh, en, "清理旧备份（/var/lib/hotline-bot-backups）或扩容");
        else out.ok("磁盘 disk", zh, en);
    }
}

void check_holidays(const Config& c, workflow::Instant now, Findings& out) {
    const std::string area = "节假日 holidays";
    workflow::WorkCalendar calendar;
    try {
        calendar = workflow::WorkCalendar::load_directory(c.holidays_dir);
    } catch (const std::exception& e) {
        out.error(area, fmt::format("节假日数据无法读取：{}", e.what()), fmt::format("the holiday data cannot be read: {}", e.what()),
                  "把 holiday-cn 的 YYYY.json 放入 [calendar] holidays_dir，然后 systemctl reload hotline-bot");
        return;
    }
    const std::chrono::year_month_day today{workflow::china_date(now)};
    const int year = static_cast<int>(today.year());
    const auto fix = [&](int y) {
        return fmt::format("从 https://github.com/NateScarlet/holiday-cn 取得 {0}.json（国务院办公厅通知发布后），放入 {1}，"
                           "然后 systemctl reload hotline-bot",
                           y, c.holidays_dir.string());
    };
    if (!calendar.has_data_for(year))
        out.error(area, fmt::format("缺少 {} 年节假日数据：办理时限只按周末计算", year),
                  fmt::format("no holiday data for {}: deadlines count weekends only", year), fix(year));
    else
        out.ok(area, fmt::format("{} 年节假日数据齐全", year), fmt::format("holiday data for {} is present", year));
    if (calendar.has_data_for(year + 1))
        out.ok(area, fmt::format("{} 年节假日数据齐全", year + 1), fmt::format("holiday data for {} is present", year + 1));
    else if (static_cast<unsigned>(today.month()) >= 11)
        out.warning(area, fmt::format("缺少 {} 年节假日数据（11月起应补充）", year + 1),
                    fmt::format("no holiday data for {} yet (due from 1 November)", year + 1), fix(year + 1));
}

}  // namespace hotline::bot::doctor
