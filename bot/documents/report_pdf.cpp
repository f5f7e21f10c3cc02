#include "bot/documents/report_pdf.h"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>

namespace hotline::bot::documents {

namespace {

// A4 in points; margins after GB/T 9704 (37 mm top, 28 mm left, 26 mm right, 35 mm bottom).
constexpr double kPageWidth = 595.28, kPageHeight = 841.89;
constexpr double kMm = 72.0 / 25.4;
constexpr double kTop = 37 * kMm, kLeft = 28 * kMm, kRight = 26 * kMm, kBottom = 35 * kMm;
constexpr double kTextWidth = kPageWidth - kLeft - kRight;
constexpr int kBodySize = 15, kTitleSize = 21;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct Deleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
    void operator()(cairo_t* c) const { cairo_destroy(c); }
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
    void operator()(PangoLayout* l) const { g_object_unref(l); }
    void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

enum class Style { title, heading, body, right, approval };

// Lays text out line by line onto pages, starting a new page when a line would cross the bottom
// margin, and numbers every page ("— 1 —") as official documents do.
class Pages {
public:
    explicit Pages(cairo_t* cr) : cr_(cr) {}

    void paragraph(const std::string& text, Style style, double space_after) {
        Owned<PangoLayout> layout(pango_cairo_create_layout(cr_));
        const bool bold = style == Style::title || style == Style::heading;
        const int size = style == Style::title ? kTitleSize : kBodySize;
        Owned<PangoFontDescription> font(pango_font_description_from_string(
            fmt::format("{} {}", bold ? "Noto Serif CJK SC Bold" : "Noto Serif CJK SC", size).c_str()));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), static_cast<int>(kTextWidth * PANGO_SCALE));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_spacing(layout.get(), static_cast<int>(size * 0.55 * PANGO_SCALE));
        if (style == Style::title) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
        if (style == Style::right) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
        if (style == Style::body) pango_layout_set_indent(layout.get(), 2 * size * PANGO_SCALE);
        pango_layout_set_text(layout.get(), text.c_str(), -1);

        Owned<PangoLayoutIter> it(pango_layout_get_iter(layout.get()));
        const double line_step = size * 1.75;
        do {
            if (y_ + line_step > kPageHeight - kBottom) next_page();
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
            const double baseline = static_cast<double>(pango_layout_iter_get_baseline(it.get())) / PANGO_SCALE;
            const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
            cairo_move_to(cr_, kLeft + static_cast<double>(logical.x) / PANGO_SCALE, y_ + (baseline - line_top));
            pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it.get()));
            y_ += line_step;
        } while (pango_layout_iter_next_line(it.get()));
        y_ += space_after;
    }

    void space(double points) { y_ += points; }
    void finish() { number_page(); }

private:
    void next_page() {
        number_page();
        cairo_show_page(cr_);
        ++page_;
        y_ = kTop;
    }
    void number_page() {
        Owned<PangoLayout> layout(pango_cairo_create_layout(cr_));
        Owned<PangoFontDescription> font(pango_font_description_from_string("Noto Serif CJK SC 12"));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), static_cast<int>(kTextWidth * PANGO_SCALE));
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
        pango_layout_set_text(layout.get(), fmt::format("— {} —", page_).c_str(), -1);
        cairo_move_to(cr_, kLeft, kPageHeight - kBottom + 28);
        pango_cairo_show_layout(cr_, layout.get());
    }

    cairo_t* cr_;
    double y_ = kTop;
    int page_ = 1;
};

std::vector<std::string> paragraphs(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = text.find("\n\n", at);
        if (end == std::string::npos) end = text.size();
        if (end > at) out.push_back(text.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

bool is_heading(const std::string& p) {
    for (const char* h : {"一、", "二、", "三、", "四、", "五、"})
        if (p.rfind(h, 0) == 0 && p.find('\n') == std::string::npos && p.size() < 40) return true;
    return false;
}

}  // namespace

std::string render_report_pdf(const ReportDocument& doc) {
    std::string out;
    Owned<cairo_surface_t> surface(cairo_pdf_surface_create_for_stream(append, &out, kPageWidth, kPageHeight));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo: cannot create a PDF");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "hotline-bot");
    // Dated by the document, not the clock: the same report renders to the same bytes (and hash).
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                   workflow::format_utc(doc.date).c_str());
    Owned<cairo_t> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    Pages pages(cr.get());

    const auto parts = paragraphs(doc.text);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i == 0) {
            pages.paragraph(parts[i], Style::title, 18);
        } else if (is_heading(parts[i])) {
            pages.paragraph(parts[i], Style::heading, 4);
        } else {
            // A paragraph's own line breaks (the public reply's signature lines) stay lines.
            std::size_t at = 0;
            while (at <= parts[i].size()) {
                auto nl = parts[i].find('\n', at);
                if (nl == std::string::npos) nl = parts[i].size();
                const auto line = parts[i].substr(at, nl - at);
                // The signature lines (unit, date) stand at the right, as in a letter.
                const bool signature = line == doc.unit_name || line == workflow::format_china_date(doc.date);
                pages.paragraph(line, signature ? Style::right : Style::body, 0);
                at = nl + 1;
            }
            pages.space(6);
        }
    }
    pages.space(24);
    pages.paragraph(fmt::format("审核签字（第{}版）", doc.version), Style::heading, 4);
    for (const auto& a : doc.approvals)
        pages.paragraph(a.name.empty() ? fmt::format("{}：待签", a.step)
                                       : fmt::format("{}：{}　北京时间{}", a.step, a.name, workflow::format_china_time(a.at)),
                        Style::approval, 0);
    pages.finish();
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo: the PDF failed");
    return out;
}

}  // namespace hotline::bot::documents
