#include "bot/evidence/evidence_downloader.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/evidence/evidence_intake.h"
#include "bot/evidence/media_type.h"
#include "workflow/notify/notice.h"

namespace hotline::bot::evidence {

using adapters::wecom::Outcome;
using workflow::Evidence;

std::size_t EvidenceDownloader::run_once(int limit) {
    std::vector<Evidence> due;
    const auto now = clock_.now();
    store_.transact([&](workflow::StoreTx& tx) {
        due = tx.evidence().due(now, limit);
        for (const auto& e : due) {
            auto leased = e;
            leased.next_attempt_at = now + options_.lease;
            tx.evidence().update(leased);
        }
    });
    for (auto& e : due) handle(std::move(e));
    return due.size();
}

void EvidenceDownloader::tell_sender(workflow::StoreTx& tx, const Evidence& e, const std::string& text,
                                     const std::string& what) {
    write_notice(tx, {.to = e.sender,
                      .key = fmt::format("evidence:{}:{}", e.id, what),
                      .body = text,
                      .ticket_id = e.ticket_id,
                      .at = clock_.now()});
}

void EvidenceDownloader::handle(Evidence e) {
    const auto name = kind_name(e.kind);
    auto refuse = [&](const std::string& reason, const std::string& state) {
        store_.transact([&](workflow::StoreTx& tx) {
            e.state = state;
            e.detail = reason;
            tx.evidence().update(e);
            tell_sender(tx, e, fmt::format("工单#{}：您发送的{}{}，未保存。", e.ticket_id, name, reason), state);
        });
        spdlog::warn("evidence: id={} ticket={} {} ({})", e.id, e.ticket_id, state, reason);
    };

    const auto got = api_.get_media(e.media_id);
    const auto now = clock_.now();
    const bool too_large = got.result.errmsg.find("body limit") != std::string::npos ||
                           static_cast<std::int64_t>(got.bytes.size()) > options_.max_bytes;
    if (too_large) {
        refuse(fmt::format("超过{} MB的上限", options_.max_bytes / (1024 * 1024)), "refused");
        return;
    }
    if (got.result.outcome == Outcome::permanent) {
        refuse("已失效（企业微信临时素材仅保留3天），请重新发送", "expired");
        return;
    }
    if (got.result.outcome != Outcome::ok) {
        if (now - e.received_at >= options_.give_up_after) {
            refuse("在3天内未能从企业微信取回，已失效，请重新发送", "expired");
            return;
        }
        const auto backoff = std::min<std::chrono::seconds>(options_.first_backoff * (1 << std::min(e.attempts, 10)),
                                                            options_.max_backoff);
        const int attempts = e.attempts + 1;  // assigned in the transaction, which may run again
        store_.transact([&](workflow::StoreTx& tx) {
            e.attempts = attempts;
            e.next_attempt_at = now + backoff;
            if (!e.expiry_warned && now - e.received_at >= options_.warn_after) {
                e.expiry_warned = true;
                tell_sender(tx, e,
                            fmt::format("工单#{}：您发送的{}两天来仍未能从企业微信取回，临时素材3天后失效，"
                                        "如仍需作为佐证材料请重新发送。",
                                        e.ticket_id, name),
                            "warned");
            }
            tx.evidence().update(e);
        });
        spdlog::warn("evidence: id={} ticket={} fetch failed ({}: {}), attempt {} again in {} s", e.id, e.ticket_id,
                     adapters::wecom::describe(got.result.outcome), got.result.errmsg, e.attempts, backoff.count());
        return;
    }
    const auto type = sniff_media_type(got.bytes);
    if (!type || type->kind != e.kind) {
        refuse(e.kind == "image" ? "不是JPEG、PNG或GIF格式的图片" : "不是MP4格式的视频", "refused");
        return;
    }
    const auto hash = files_.put(got.bytes);
    store_.transact([&](workflow::StoreTx& tx) {
        e.sha256 = hash;
        e.mime = type->mime;
        e.size = static_cast<std::int64_t>(got.bytes.size());
        e.detail.clear();
        record_stored(tx, e, now);
        int count = 0;
        for (const auto& other : tx.evidence().of(e.ticket_id)) count += other.state == "stored";
        tell_sender(tx, e, fmt::format("工单#{}：{}已保存为佐证材料（本工单共{}件）。发送「材料 {}」可查看。", e.ticket_id, name,
                                       count, e.ticket_id),
                    "stored");
    });
    spdlog::info("evidence: id={} ticket={} stored {} bytes {} sha256={}", e.id, e.ticket_id, e.size, e.mime, hash);
}

}  // namespace hotline::bot::evidence
