#pragma once
// An A4 document laid out like an official one (GB/T 9704 margins, Noto Serif CJK), written by
// cairo with Pango's line breaking, so no line starts with ， or 。; pages numbered "— 1 —".
// Shared by the unit's report and the supervision notice.
#include <memory>
#include <string>

#include "workflow/procedure/clock.h"

namespace hotline::bot::documents {

enum class TextStyle { title, heading, body, right, approval, plain, small };

class PdfDocument {
public:
    // Dated by the document, not the clock: the same content renders to the same bytes (and hash).
    explicit PdfDocument(workflow::Instant dated);
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    // One paragraph, wrapped to the text width, starting a new page where a line would cross the
    // bottom margin. body is indented two characters; plain is not; small is plain at 12 pt.
    void paragraph(const std::string& text, TextStyle style, double space_after = 0);
    void space(double points);
    // The PDF's bytes. Throws std::runtime_error if cairo cannot produce it.
    std::string finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hotline::bot::documents
