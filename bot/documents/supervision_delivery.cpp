#include "bot/documents/supervision_delivery.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "bot/documents/supervision_pdf.h"
#include "bot/reports/supervision_xlsx.h"

namespace hotline::bot::documents {

namespace {

// libxlsxwriter writes files only: through a private temporary file, removed again.
std::string xlsx_bytes(const workflow::SupervisionNotice& n) {
    static std::atomic<int> counter{0};
    const auto path = std::filesystem::temp_directory_path() /
                      fmt::format("hotline-supervision-{}-{}.xlsx", ::getpid(), counter++);
    struct Remove {
        std::filesystem::path p;
        ~Remove() {
            std::error_code ec;
            std::filesystem::remove(p, ec);
        }
    } remove{path};
    reports::write_supervision_xlsx(n, path);
    std::ifstream f(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << f.rdbuf();
    if (!f) throw std::runtime_error(path.string() + ": cannot be read back");
    return bytes.str();
}

// "2026年11月" -> a file name a recipient recognises: 督办通报-2026年11月.pdf
std::string file_name(const workflow::SupervisionNotice& n, const char* ext) {
    return fmt::format("督办通报-{}.{}", n.period.label, ext);
}

}  // namespace

SupervisionFiles render_supervision_files(const workflow::SupervisionNotice& n, const std::string& issuer) {
    return {render_supervision_pdf(n, issuer), xlsx_bytes(n)};
}

workflow::SupervisionNotice SupervisionDelivery::compute(workflow::StoreTx& tx, const workflow::Period& period,
                                                         workflow::Instant now) const {
    return workflow::compute_supervision_notice(tx, period, policy_, now, mask_);
}

bool SupervisionDelivery::may_read_instructions(workflow::StoreTx& tx, const std::string& userid) {
    const auto p = tx.directory().person(userid);
    return p && p->active && !p->unit_scoped();
}

auto SupervisionDelivery::kept(const workflow::SupervisionNotice& n, bool instructions, Versions& v) const
    -> const Kept& {
    auto& slot = instructions ? v.with : v.without;
    if (!slot) {
        const auto files = render_supervision_files(instructions ? n : workflow::without_instructions(n), issuer_);
        slot = Kept{files_.put(files.pdf), files_.put(files.xlsx)};
    }
    return *slot;
}

void SupervisionDelivery::queue_files(workflow::StoreTx& tx, const workflow::SupervisionNotice& n, const Kept& k,
                                      const workflow::Notice& base) const {
    for (const auto& [hash, ext, mime] :
         {std::tuple{k.pdf_hash, "pdf", "application/pdf"},
          std::tuple{k.xlsx_hash, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}) {
        workflow::Notice f = base;
        f.key = fmt::format("{}:{}", base.key, ext);
        f.form = workflow::NoticeForm::media_file;
        f.body = workflow::media_file_body(files_.path_of(hash).string(), file_name(n, ext), mime, "file");
        write_notice(tx, f);
    }
}

std::string SupervisionDelivery::summary_for(const workflow::SupervisionNotice& n, bool instructions) {
    std::string out = workflow::supervision_chat_summary(n);
    if (n.has_instructions() && !instructions) out += "\n（领导批示不在本通报中传阅。）";
    return out;
}

void SupervisionDelivery::queue_to(workflow::StoreTx& tx, const workflow::SupervisionNotice& n,
                                   const std::string& userid, bool instructions, const Kept& files,
                                   const std::string& key, workflow::Instant now) const {
    const workflow::Notice summary{.to = userid,
                                   .key = fmt::format("supervision:{}:{}", key, userid),
                                   .body = summary_for(n, instructions) + "\n通报正文（PDF）和明细表（Excel）随后发送。",
                                   .at = now};
    write_notice(tx, summary);
    queue_files(tx, n, files, summary);
}

std::function<workflow::Queue()> SupervisionDelivery::scheduled(workflow::StoreTx& tx, const workflow::Period& period,
                                                                const std::vector<std::string>& to,
                                                                workflow::Instant now) const {
    auto notice = std::make_shared<const workflow::SupervisionNotice>(compute(tx, period, now));
    auto readers = std::make_shared<std::vector<std::pair<std::string, bool>>>();
    for (const auto& userid : to)
        readers->emplace_back(userid, notice->has_instructions() && may_read_instructions(tx, userid));
    return [this, notice, readers]() -> workflow::Queue {
        auto versions = std::make_shared<Versions>();
        for (const auto& [userid, instructions] : *readers) kept(*notice, instructions, *versions);
        return [this, notice, readers, versions](workflow::StoreTx& tx, const std::string& key, workflow::Instant now) {
            for (const auto& [userid, instructions] : *readers)
                queue_to(tx, *notice, userid, instructions, kept(*notice, instructions, *versions), key, now);
            spdlog::info("supervision: notice of {} queued to {} recipient(s), {} case(s)", notice->period.label,
                         readers->size(), notice->cases.size());
        };
    };
}

std::string SupervisionDelivery::answer(workflow::StoreTx& tx, const workflow::SupervisionNotice& n,
                                        const std::string& userid, workflow::Instant now) const {
    Versions versions;
    // One request, one set of files: asking again later sends them again.
    const workflow::Notice files{.to = userid,
                                 .key = fmt::format("supervision:ask:{}:{}:{}", workflow::format_utc(n.period.from),
                                                    userid, workflow::to_unix(now)),
                                 .at = now,
                                 .purpose = workflow::OutboxPurpose::answer};
    const bool instructions = n.has_instructions() && may_read_instructions(tx, userid);
    queue_files(tx, n, kept(n, instructions, versions), files);
    return summary_for(n, instructions) + "\n通报正文（PDF）和明细表（Excel）随后以文件发给您。";
}

}  // namespace hotline::bot::documents
