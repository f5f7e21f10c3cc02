#include "bot/documents/pdf_document.h"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <stdexcept>

namespace hotline::bot::documents {

namespace {

// A4 in points; margins after GB/T 9704 (37 mm top, 28 mm left, 26 mm right, 35 mm bottom).
constexpr double kPageWidth = 595.28, kPageHeight = 841.89;
constexpr double kMm = 72.0 / 25.4;
constexpr double kTop = 37 * kMm, kLeft = 28 * kMm, kRight = 26 * kMm, kBottom = 35 * kMm;
constexpr double kTextWidth = kPageWidth - kLeft - kRight;
constexpr int kBodySize = 15, kTitleSize = 21, kSmallSize = 12;

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

}  // namespace

struct PdfDocument::Impl {
    std::string bytes;
    Owned<cairo_surface_t> surface;
    Owned<cairo_t> cr;
    double y = kTop;
    int page = 1;

    void next_page() {
        number_page();
        cairo_show_page(cr.get());
        ++page;
        y = kTop;
    }
    void number_page() {
        Owned<PangoLayout> layout(pango_cairo_create_layout(cr.get()));
        Owned<PangoFontDescription> font(pango_font_description_from_string("Noto Serif CJK SC 12"));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), static_cast<int>(kTextWidth * PANGO_SCALE));
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
        pango_layout_set_text(layout.get(), fmt::format("— {} —", page).c_str(), -1);
        cairo_move_to(cr.get(), kLeft, kPageHeight - kBottom + 28);
        pango_cairo_show_layout(cr.get(), layout.get());
    }
};

PdfDocument::PdfDocument(workflow::Instant dated) : impl_(std::make_unique<Impl>()) {
    impl_->surface.reset(cairo_pdf_surface_create_for_stream(append, &impl_->bytes, kPageWidth, kPageHeight));
    if (cairo_surface_status(impl_->surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cairo: cannot create a PDF");
    cairo_pdf_surface_set_metadata(impl_->surface.get(), CAIRO_PDF_METADATA_CREATOR, "hotline-bot");
    cairo_pdf_surface_set_metadata(impl_->surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                   workflow::format_utc(dated).c_str());
    impl_->cr.reset(cairo_create(impl_->surface.get()));
    cairo_set_source_rgb(impl_->cr.get(), 0, 0, 0);
}

PdfDocument::~PdfDocument() = default;

void PdfDocument::paragraph(const std::string& text, TextStyle style, double space_after) {
    cairo_t* cr = impl_->cr.get();
    Owned<PangoLayout> layout(pango_cairo_create_layout(cr));
    const bool bold = style == TextStyle::title || style == TextStyle::heading;
    const int size = style == TextStyle::title ? kTitleSize : style == TextStyle::small ? kSmallSize : kBodySize;
    Owned<PangoFontDescription> font(pango_font_description_from_string(
        fmt::format("{} {}", bold ? "Noto Serif CJK SC Bold" : "Noto Serif CJK SC", size).c_str()));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(kTextWidth * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_spacing(layout.get(), static_cast<int>(size * 0.55 * PANGO_SCALE));
    if (style == TextStyle::title) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    if (style == TextStyle::right) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
    if (style == TextStyle::body) pango_layout_set_indent(layout.get(), 2 * size * PANGO_SCALE);
    pango_layout_set_text(layout.get(), text.c_str(), -1);

    Owned<PangoLayoutIter> it(pango_layout_get_iter(layout.get()));
    const double line_step = size * 1.75;
    do {
        if (impl_->y + line_step > kPageHeight - kBottom) impl_->next_page();
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
        const double baseline = static_cast<double>(pango_layout_iter_get_baseline(it.get())) / PANGO_SCALE;
        const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
        cairo_move_to(cr, kLeft + static_cast<double>(logical.x) / PANGO_SCALE, impl_->y + (baseline - line_top));
        pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it.get()));
        impl_->y += line_step;
    } while (pango_layout_iter_next_line(it.get()));
    impl_->y += space_after;
}

void PdfDocument::space(double points) { impl_->y += points; }

std::string PdfDocument::finish() {
    impl_->number_page();
    impl_->cr.reset();
    cairo_surface_finish(impl_->surface.get());
    if (cairo_surface_status(impl_->surface.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo: the PDF failed");
    impl_->surface.reset();
    return std::move(impl_->bytes);
}

}  // namespace hotline::bot::documents
