#include "bot/channels/wecom_channel.h"

#include <fstream>
#include <sstream>

#include <algorithm>
#include <optional>

#include "adapters/crypto/encoding.h"
#include "adapters/wecom/text_split.h"

namespace hotline::bot {

namespace {

using adapters::wecom::Outcome;

SendResult to_send_result(const adapters::wecom::ApiResult& r) {
    SendResult out;
    out.reason = r.errcode ? "errcode " + std::to_string(r.errcode) + ": " + r.errmsg : r.errmsg;
    out.retry_after = r.retry_after;
    out.maybe_delivered = r.maybe_delivered;
    switch (r.outcome) {
        case Outcome::ok: out.status = SendStatus::sent; break;
        case Outcome::retry: out.status = SendStatus::retry; break;
        case Outcome::rate_limited: out.status = SendStatus::rate_limited; break;
        case Outcome::permanent: out.status = SendStatus::permanent; break;
        case Outcome::config_error: out.status = SendStatus::config_error; break;
    }
    return out;
}

// WeCom caps card fields by characters: title 26, desc 30, sub_title_text 112.
std::string first_chars(const std::string& s, std::size_t n) {
    std::size_t i = 0, count = 0;
    while (i < s.size() && count < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        ++count;
    }
    return s.substr(0, std::min(i, s.size()));
}

// Our neutral decision card as a WeCom button_interaction template card; a tap outside the
// buttons opens the ticket's page when there is one.
nlohmann::json template_card(const nlohmann::json& card, const std::string& page_url) {
    nlohmann::json buttons = nlohmann::json::array();
    int style = 1;
    for (const auto& b : card["buttons"]) {
        buttons.push_back({{"text", b["text"]}, {"style", style}, {"key", b["key"]}});
        style = 2;  // the first button is the primary one
    }
    std::string text = card.value("text", "");
    const auto first_newline = text.find('\n');
    const std::string detail = first_newline == std::string::npos ? text : text.substr(first_newline + 1);
    nlohmann::json out{{"card_type", "button_interaction"},
                       {"source", {{"desc", "接诉即办"}}},
                       {"main_title", {{"title", first_chars(card.value("title", ""), 26)},
                                       {"desc", first_chars(card.value("subject", ""), 30)}}},
                       {"sub_title_text", first_chars(detail, 112)},
                       {"task_id", card["task_id"]},
                       {"button_list", buttons}};
    if (!page_url.empty()) out["card_action"] = {{"type", 1}, {"url", page_url}};
    return out;
}

// A notice about one ticket as a textcard that opens the ticket's page: the first line its title,
// the rest its description, one <div> per line (WeCom's textcard markup), with < and > made
// full-width so a citizen's text can never be read as markup. None when it does not fit (the
// description takes 512 bytes): it then goes as text.
std::optional<nlohmann::json> textcard(const std::string& text, const std::string& page_url) {
    const auto newline = text.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    std::string description;
    std::size_t at = newline + 1;
    while (at <= text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        std::string safe;
        for (const char c : line) safe += c == '<' ? "＜" : c == '>' ? "＞" : std::string(1, c);
        if (!safe.empty()) description += "<div class=\"normal\">" + safe + "</div>";
        at = end + 1;
    }
    if (description.empty() || description.size() > 512) return std::nullopt;
    return nlohmann::json{{"title", first_chars(text.substr(0, newline), 40)},
                           {"description", description},
                           {"url", page_url},
                           {"btntxt", "详情"}};
}

}  // namespace

int WecomChannel::calls(const workflow::OutboxMessage& m) const {
    if (m.kind != "text" && m.kind != "markdown") return 1;
    const auto parts = static_cast<int>(adapters::wecom::split_utf8(m.payload).size());
    return std::max(1, parts - m.parts_sent);
}

std::optional<std::string> WecomChannel::digest_line(const workflow::OutboxMessage& m) const {
    if (m.purpose == workflow::OutboxPurpose::answer) return std::nullopt;
    if (m.kind == "text" || m.kind == "markdown") return m.payload;
    if (m.kind != "decision_card") return std::nullopt;
    const auto card = nlohmann::json::parse(m.payload, nullptr, false);
    if (!card.is_object()) return std::nullopt;
    return card.value("text", card.value("title", "")) + "\n（此条原为操作卡片，请发送命令办理）";
}

SendResult WecomChannel::send_parts(const workflow::OutboxMessage& m, const PartAccepted& accepted) {
    // WeCom's duplicate check compares content: it would swallow a second, identical answer to a
    // person who asked the same thing twice. Answers therefore go without it; notifications keep
    // it (never shown twice). The one exception: the part that was in flight when a crash cut the
    // last attempt off goes with the check, so a part WeCom had already shown is not shown again.
    const bool answer = m.purpose == workflow::OutboxPurpose::answer;
    // A notification about a ticket links its page when there is a workbench (answers stay text:
    // they are the conversation).
    if (m.kind == "text" && !answer && m.ticket_id > 0 && !ticket_link_base_.empty() && m.parts_sent == 0)
        if (auto card = textcard(m.payload, ticket_link_base_ + std::to_string(m.ticket_id))) {
            nlohmann::json msg{{"touser", m.recipient}, {"msgtype", "textcard"}, {"textcard", std::move(*card)}};
            return to_send_result(api_.send_message(std::move(msg), true));
        }
    if (m.kind == "text" || m.kind == "markdown") {
        const auto parts = adapters::wecom::split_utf8(m.payload);
        const auto first = static_cast<std::size_t>(std::max(0, m.parts_sent));
        for (std::size_t i = first; i < parts.size(); ++i) {
            nlohmann::json msg{{"touser", m.recipient}, {"msgtype", m.kind}, {m.kind, {{"content", parts[i]}}}};
            const bool check = !answer || (m.interrupted && i == first);
            auto r = to_send_result(api_.send_message(std::move(msg), check));
            if (r.status != SendStatus::sent) return r;
            if (accepted && i + 1 < parts.size()) accepted(static_cast<int>(i + 1));
        }
        return SendResult{};
    }
    auto body = nlohmann::json::parse(m.payload, nullptr, false);
    if (body.is_discarded()) return SendResult{SendStatus::permanent, "payload is not JSON", {}};
    if (m.kind == "decision_card") {
        const std::string page = ticket_link_base_.empty() || m.ticket_id <= 0
                                     ? std::string{}
                                     : ticket_link_base_ + std::to_string(m.ticket_id);
        nlohmann::json msg{{"touser", m.recipient}, {"msgtype", "template_card"}, {"template_card", template_card(body, page)}};
        return to_send_result(api_.send_message(std::move(msg), !answer || m.interrupted));
    }
    if (m.kind == "image") {
        // The chart of a report: uploaded as temporary media, then sent by its media_id.
        const auto png = adapters::base64_decode(body.value("png_base64", ""));
        if (!png) return SendResult{SendStatus::permanent, "image payload is not base64", {}};
        auto uploaded = api_.upload_image(body.value("filename", "chart.png"), *png);
        if (uploaded.outcome != adapters::wecom::Outcome::ok) return to_send_result(uploaded);
        nlohmann::json msg{{"touser", m.recipient}, {"msgtype", "image"},
                           {"image", {{"media_id", uploaded.body.value("media_id", "")}}}};
        return to_send_result(api_.send_message(std::move(msg), !answer || m.interrupted));
    }
    if (m.kind == "media_file") {
        // Evidence sent back by 材料 N, or a report PDF: read from the attachments folder, uploaded
        // as temporary media.
        std::ifstream f(body.value("path", ""), std::ios::binary);
        if (!f) return SendResult{SendStatus::permanent, "evidence file is missing", {}};
        std::ostringstream bytes;
        bytes << f.rdbuf();
        const std::string media_type = body.value("media_type", "image");
        const std::string type = media_type == "video" || media_type == "file" ? media_type : "image";
        auto uploaded = api_.upload_media(type, body.value("filename", "evidence"), body.value("mime", ""), bytes.str());
        if (uploaded.outcome != adapters::wecom::Outcome::ok) return to_send_result(uploaded);
        nlohmann::json msg{{"touser", m.recipient}, {"msgtype", type},
                           {type, {{"media_id", uploaded.body.value("media_id", "")}}}};
        return to_send_result(api_.send_message(std::move(msg), !answer || m.interrupted));
    }
    if (m.kind == "card_update") {
        // Greys the clicked button with the outcome, for the person who clicked.
        body["userids"] = nlohmann::json::array({m.recipient});
        return to_send_result(api_.update_template_card(std::move(body)));
    }
    // Other cards: the payload is the message-type body as WeCom expects it.
    nlohmann::json msg{{"touser", m.recipient}, {"msgtype", m.kind}, {m.kind, std::move(body)}};
    return to_send_result(api_.send_message(std::move(msg), !answer || m.interrupted));
}

}  // namespace hotline::bot
