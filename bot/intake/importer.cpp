#include "bot/intake/importer.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "bot/intake/csv_reader.h"
#include "bot/intake/intake_json.h"
#include "workflow/notify/notice.h"

namespace hotline::bot::intake {

namespace {

using nlohmann::json;

struct Row {
    std::size_t where;  // line or index
    json object;
};

std::vector<Row> rows_from_csv(const std::string& text, const std::string& source) {
    std::string error;
    const auto records = read_csv(text, error);
    if (!records) throw std::runtime_error(error);
    if (records->empty()) throw std::runtime_error("the file is empty");
    const auto& header = records->front().fields;
    static const std::set<std::string> allowed{"source_id", "title",    "content",  "citizen_phone",  "received_at",
                                               "category",  "citizen_name", "location", "other_source_id"};
    for (const auto& h : header)
        if (!allowed.contains(h)) throw std::runtime_error("line 1: unknown column \"" + h + "\"");
    std::vector<Row> rows;
    for (std::size_t r = 1; r < records->size(); ++r) {
        const auto& rec = (*records)[r];
        json o{{"source", source}};
        if (rec.fields.size() != header.size()) {
            o["__error"] = "has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                           std::to_string(header.size());
        } else {
            for (std::size_t i = 0; i < header.size(); ++i)
                if (!rec.fields[i].empty() || header[i] == "citizen_phone" || header[i] == "title")
                    o[header[i]] = rec.fields[i];
        }
        rows.push_back({rec.line, std::move(o)});
    }
    return rows;
}

std::vector<Row> rows_from_json(const std::string& text, const std::string& source) {
    const auto j = json::parse(text, nullptr, false);
    if (!j.is_array()) throw std::runtime_error("a JSON import is an array of ticket objects");
    std::vector<Row> rows;
    for (std::size_t i = 0; i < j.size(); ++i) {
        json o = j[i].is_object() ? j[i] : json{{"__error", "not an object"}};
        if (!o.contains("source")) o["source"] = source;
        if (o["source"] != source) o["__error"] = "source differs from --source";
        rows.push_back({i + 1, std::move(o)});
    }
    return rows;
}

struct DryRunDone {};

}  // namespace

ImportSummary import_file(const std::string& path, const ImportOptions& options, const adapters::CitizenDataCipher& cipher,
                          workflow::Store& store, workflow::Engine& engine, const workflow::IntakePolicy& policy) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    ImportSummary summary;
    const auto text = to_utf8(ss.str(), summary.encoding);
    if (!text) throw std::runtime_error(path + ": neither UTF-8 nor GB18030");
    const bool is_json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
    const auto rows = is_json ? rows_from_json(*text, options.source) : rows_from_csv(*text, options.source);
    summary.rows = rows.size();

    // Real imports commit every 500 rows; a dry run does everything in one transaction and
    // rolls it back, so later rows see earlier ones exactly as a real import would.
    const std::size_t batch = options.dry_run ? rows.size() + 1 : 500;
    workflow::IntakePolicy quiet = policy;
    quiet.announce_each = false;  // thousands of cards would bury staff: one digest per batch instead
    for (std::size_t start = 0; start < rows.size(); start += batch) {
        ImportSummary part;
        std::vector<std::int64_t> part_created_ids;
        auto apply = [&](workflow::StoreTx& tx) {
            for (std::size_t i = start; i < std::min(rows.size(), start + batch); ++i) {
                const auto& row = rows[i];
                if (row.object.contains("__error")) {
                    part.rejected.emplace_back(row.where, row.object["__error"].get<std::string>());
                    continue;
                }
                auto parsed = parse_intake_json(row.object.dump(-1, ' ', false, json::error_handler_t::replace), engine.clock().now());
                if (!parsed.error.empty()) {
                    part.rejected.emplace_back(row.where, parsed.field + ": " + parsed.error);
                    continue;
                }
                protect_citizen_data(parsed, cipher);
                const auto outcome = workflow::intake(tx, engine, parsed.message, quiet);
                if (outcome.kind == workflow::IntakeOutcome::Kind::created) part_created_ids.push_back(outcome.ticket_id);
                switch (outcome.kind) {
                    case workflow::IntakeOutcome::Kind::created: ++part.created; break;
                    case workflow::IntakeOutcome::Kind::merged: ++part.merged; break;
                    case workflow::IntakeOutcome::Kind::duplicate: ++part.known; break;
                }
                part.flagged += static_cast<int>(outcome.flagged.size());
            }
            if (options.dry_run) throw DryRunDone{};
            if (part_created_ids.empty()) return;
            const auto now = engine.clock().now();
            const auto text = fmt::format("【新留言】导入{}件新留言待认领（工单#{}至#{}），发送「我的工单」查看。",
                                          part_created_ids.size(), part_created_ids.front(), part_created_ids.back());
            for (const auto& staff : tx.directory().people_with_role(workflow::Role::staff, ""))
                write_notice(tx, {.to = staff.userid,
                                  .key = fmt::format("import:{}:{}:{}", part_created_ids.front(),
                                                     part_created_ids.size(), staff.userid),
                                  .body = text,
                                  .at = now});
        };
        try {
            store.transact(apply);
        } catch (const DryRunDone&) {
        }
        summary.created += part.created;
        summary.merged += part.merged;
        summary.known += part.known;
        summary.flagged += part.flagged;
        summary.rejected.insert(summary.rejected.end(), part.rejected.begin(), part.rejected.end());
        if (options.progress) options.progress(std::min(rows.size(), start + batch), rows.size());
    }
    return summary;
}

}  // namespace hotline::bot::intake
