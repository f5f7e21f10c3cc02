#include "bot/intake/importer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "bot/intake/csv_reader.h"
#include "bot/intake/intake_json.h"
#include "bot/intake/utf8_file.h"
#include "workflow/notify/notice.h"

namespace hotline::bot::intake {

namespace {

using nlohmann::json;

struct Row {
    std::size_t where;  // line or index
    json object;
};
using RowSink = std::function<void(Row)>;

void csv_rows(std::streambuf& text, const std::string& source, const RowSink& sink) {
    CsvReader reader(text);
    const auto first = reader.next();
    if (!first) throw std::runtime_error("the file is empty");
    const auto& header = first->fields;
    static const std::set<std::string> allowed{"source_id", "title",    "content",  "citizen_phone",  "received_at",
                                               "category",  "citizen_name", "location", "other_source_id"};
    for (const auto& h : header)
        if (!allowed.contains(h)) throw std::runtime_error("line 1: unknown column \"" + h + "\"");
    while (const auto rec = reader.next()) {
        json o{{"source", source}};
        if (rec->fields.size() != header.size()) {
            o["__error"] = "has " + std::to_string(rec->fields.size()) + " fields, the header has " +
                           std::to_string(header.size());
        } else {
            for (std::size_t i = 0; i < header.size(); ++i)
                if (!rec->fields[i].empty() || header[i] == "citizen_phone" || header[i] == "title")
                    o[header[i]] = rec->fields[i];
        }
        sink({rec->line, std::move(o)});
    }
}

// Each element of the top-level array is handed on as soon as it is parsed, then dropped.
void json_rows(std::streambuf& text, const std::string& source, const RowSink& sink) {
    constexpr const char* kShape = "a JSON import is an array of ticket objects";
    std::istream in(&text);
    std::size_t index = 0;
    using Event = json::parse_event_t;
    const auto element = [&](json& parsed) {
        json o = parsed.is_object() ? std::move(parsed) : json{{"__error", "not an object"}};
        if (!o.contains("source")) o["source"] = source;
        if (o["source"] != source) o["__error"] = "source differs from --source";
        sink({++index, std::move(o)});
        return false;  // not kept in the array
    };
    try {
        const auto rest = json::parse(in, [&](int depth, Event event, json& parsed) {
            if (depth == 0 && event != Event::array_start && event != Event::array_end) throw std::runtime_error(kShape);
            if (depth == 1 && (event == Event::object_end || event == Event::array_end || event == Event::value))
                return element(parsed);
            return true;
        });
        if (!rest.is_array()) throw std::runtime_error(kShape);  // an empty file, or only a number
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string(kShape) + " (" + e.what() + ")");
    }
}

struct DryRunDone {};

// Applies rows in batches, each batch one transaction followed by one digest to staff.
class BatchImport {
public:
    BatchImport(const ImportOptions& options, const adapters::CitizenDataCipher& cipher, workflow::Engine& engine,
                const workflow::IntakePolicy& policy, ImportSummary& summary)
        : options_(options), cipher_(cipher), engine_(engine), policy_(policy), summary_(summary) {
        policy_.announce_each = false;  // thousands of cards would bury staff: one digest per batch instead
    }

    // Applies the rows inside tx, then announces the new tickets; adds the outcome to the summary
    // only through assignment of `part`, so a re-run transaction counts once.
    void apply(workflow::StoreTx& tx, const std::vector<Row>& rows, ImportSummary& part) {
        part = ImportSummary{};
        std::vector<std::int64_t> created;
        for (const auto& row : rows) {
            if (row.object.contains("__error")) {
                part.rejected.emplace_back(row.where, row.object["__error"].get<std::string>());
                continue;
            }
            auto parsed = parse_intake_json(row.object.dump(-1, ' ', false, json::error_handler_t::replace),
                                            engine_.clock().now());
            if (!parsed.error.empty()) {
                part.rejected.emplace_back(row.where, parsed.field + ": " + parsed.error);
                continue;
            }
            protect_citizen_data(parsed, cipher_);
            const auto outcome = workflow::intake(tx, engine_, parsed.message, policy_);
            switch (outcome.kind) {
                case workflow::IntakeOutcome::Kind::created:
                    ++part.created;
                    created.push_back(outcome.ticket_id);
                    break;
                case workflow::IntakeOutcome::Kind::merged: ++part.merged; break;
                case workflow::IntakeOutcome::Kind::duplicate: ++part.known; break;
            }
            part.flagged += static_cast<int>(outcome.flagged.size());
        }
        if (!options_.dry_run) announce(tx, created);
    }

    void add(const ImportSummary& part, std::size_t rows) {
        summary_.rows += rows;
        summary_.created += part.created;
        summary_.merged += part.merged;
        summary_.known += part.known;
        summary_.flagged += part.flagged;
        summary_.rejected.insert(summary_.rejected.end(), part.rejected.begin(), part.rejected.end());
    }

private:
    void announce(workflow::StoreTx& tx, const std::vector<std::int64_t>& created) {
        if (created.empty()) return;
        const auto now = engine_.clock().now();
        const auto text = fmt::format("【新留言】导入{}件新留言待认领（工单#{}至#{}），发送「我的工单」查看。", created.size(),
                                      created.front(), created.back());
        for (const auto& staff : tx.directory().people_with_role(workflow::Role::staff, ""))
            write_notice(tx, {.to = staff.userid,
                              .key = fmt::format("import:{}:{}:{}", created.front(), created.size(), staff.userid),
                              .body = text,
                              .at = now});
    }

    const ImportOptions& options_;
    const adapters::CitizenDataCipher& cipher_;
    workflow::Engine& engine_;
    workflow::IntakePolicy policy_;
    ImportSummary& summary_;
};

}  // namespace

ImportSummary import_file(const std::string& path, const ImportOptions& options, const adapters::CitizenDataCipher& cipher,
                          workflow::Store& store, workflow::Engine& engine, const workflow::IntakePolicy& policy) {
    Utf8File file(path);
    ImportSummary summary;
    summary.encoding = file.encoding();
    const bool is_json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
    const auto read_rows = [&](const RowSink& sink) {
        is_json ? json_rows(file, options.source, sink) : csv_rows(file, options.source, sink);
    };
    BatchImport import(options, cipher, engine, policy, summary);
    // While reading: how far; at the end, once, the whole file.
    const auto progress = [&] {
        if (options.progress && file.bytes_read() < file.size()) options.progress(file.bytes_read(), file.size());
    };
    const auto finished = [&] {
        if (options.progress) options.progress(file.size(), file.size());
        return summary;
    };
    constexpr std::size_t kBatch = 500;

    if (options.dry_run) {
        // Everything in one transaction, rolled back: later rows see earlier ones exactly as a
        // real import would, and nothing is stored.
        try {
            store.transact([&](workflow::StoreTx& tx) {
                summary = ImportSummary{};
                summary.encoding = file.encoding();
                std::size_t n = 0;
                read_rows([&](Row row) {
                    ImportSummary part;
                    import.apply(tx, {row}, part);
                    import.add(part, 1);
                    if (++n % kBatch == 0) progress();
                });
                throw DryRunDone{};
            });
        } catch (const DryRunDone&) {
        }
        return finished();
    }
    // A real import commits every 500 rows, reading no further ahead than that.
    std::vector<Row> batch;
    const auto commit = [&] {
        ImportSummary part;
        store.transact([&](workflow::StoreTx& tx) { import.apply(tx, batch, part); });
        import.add(part, batch.size());
        batch.clear();
        progress();
    };
    read_rows([&](Row row) {
        batch.push_back(std::move(row));
        if (batch.size() == kBatch) commit();
    });
    if (!batch.empty()) commit();
    return finished();
}

}  // namespace hotline::bot::intake
