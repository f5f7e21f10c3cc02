#include "workflow/procedure/audit_chain.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace hotline::workflow {

namespace {
std::string sha256_hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned i = 0; i < len; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xf]);
    }
    return out;
}
}  // namespace

std::string audit_hash(const AuditEvent& e, const std::string& prev_hash) {
    // nlohmann::json orders object keys, so this serialisation is canonical.
    nlohmann::json canonical{
        {"seq", e.seq},       {"ticket", e.ticket_id}, {"actor", e.actor}, {"action", e.action},
        {"from", e.from_state}, {"to", e.to_state},    {"note", e.note},   {"at", to_unix(e.at)},
    };
    if (e.hash_version >= 2) {
        canonical["unit"] = e.unit_code;
        canonical["v"] = e.hash_version;
    }
    return sha256_hex(prev_hash + "\n" + canonical.dump());
}

bool AuditChainVerifier::feed(const AuditEvent& e) {
    if (break_) return false;
    if (e.seq != last_seq_ + 1) {
        break_ = ChainBreak{e.seq, "sequence gap: expected " + std::to_string(last_seq_ + 1)};
    } else if (e.hash_version < 1 || e.hash_version > kAuditHashVersion) {
        break_ = ChainBreak{e.seq, "unknown hash version " + std::to_string(e.hash_version)};
    } else if (e.hash_version < version_) {
        // Versions only go up: an older one after a newer one is an event rewritten to cover less.
        break_ = ChainBreak{e.seq, "hash version went back from " + std::to_string(version_)};
    } else if (e.prev_hash != prev_) {
        break_ = ChainBreak{e.seq, "prev_hash does not match the previous event's hash"};
    } else if (audit_hash(e, e.prev_hash) != e.hash) {
        break_ = ChainBreak{e.seq, "hash does not match the event's contents"};
    }
    if (break_) return false;
    prev_ = e.hash;
    last_seq_ = e.seq;
    version_ = e.hash_version;
    ++count_;
    return true;
}

}  // namespace hotline::workflow
