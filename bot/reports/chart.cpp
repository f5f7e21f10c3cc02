#include "bot/reports/chart.h"

#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace hotline::bot::reports {

namespace {

constexpr const char* kFont = "WenQuanYi Zen Hei";

struct Rgb {
    double r, g, b;
};
constexpr Rgb kOnTime{0.16, 0.45, 0.75}, kResolution{0.20, 0.63, 0.33}, kSatisfaction{0.90, 0.49, 0.13};

void color(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool right = false) {
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, s.c_str(), &ext);
    cairo_move_to(cr, right ? x - ext.x_advance : x, y);
    cairo_show_text(cr, s.c_str());
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void ranking_bars(cairo_t* cr, const workflow::StatsReport& r, double top, double height) {
    color(cr, {0.1, 0.1, 0.1});
    text(cr, 40, top + 24, "综合得分排名 " + r.period.label, 20);
    std::vector<const workflow::UnitStats*> ranked;
    for (const auto& u : r.units)
        if (u.rank) ranked.push_back(&u);
    if (ranked.size() > 12) ranked.resize(12);  // the top twelve fit; the table has the rest
    if (ranked.empty()) {
        text(cr, 40, top + 70, "本期没有考核工单", 16);
        return;
    }
    const double left = 220, right = kChartWidth - 90, area_top = top + 44;
    const double row = std::min(36.0, (height - 54) / static_cast<double>(ranked.size()));
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const auto& u = *ranked[i];
        const double y = area_top + row * static_cast<double>(i);
        color(cr, {0.2, 0.2, 0.2});
        text(cr, left - 10, y + row * 0.65, fmt::format("{}. {}", u.rank, u.unit_name), 14, true);
        color(cr, kOnTime);
        cairo_rectangle(cr, left, y + row * 0.15, (right - left) * std::clamp(u.score, 0.0, 1.0), row * 0.7);
        cairo_fill(cr);
        color(cr, {0.2, 0.2, 0.2});
        text(cr, left + (right - left) * std::clamp(u.score, 0.0, 1.0) + 6, y + row * 0.65, fmt::format("{:.3f}", u.score), 13);
    }
}

void trend_lines(cairo_t* cr, const std::vector<workflow::StatsReport>& trend, double top, double height) {
    color(cr, {0.1, 0.1, 0.1});
    text(cr, 40, top + 24, fmt::format("全县三率走势（近{}周）", trend.size()), 20);
    const double left = 90, right = kChartWidth - 40, plot_top = top + 60, plot_bottom = top + height - 50;
    cairo_set_line_width(cr, 1);
    for (int pct = 0; pct <= 100; pct += 25) {
        const double y = plot_bottom - (plot_bottom - plot_top) * pct / 100.0;
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, left, y);
        cairo_line_to(cr, right, y);
        cairo_stroke(cr);
        color(cr, {0.3, 0.3, 0.3});
        text(cr, left - 8, y + 5, fmt::format("{}%", pct), 12, true);
    }
    if (trend.empty()) return;
    const double step = trend.size() > 1 ? (right - left) / static_cast<double>(trend.size() - 1) : 0;
    for (std::size_t i = 0; i < trend.size(); ++i) {
        const auto& label = trend[i].period.label;  // 2026年第40周（09-28至10-04）
        const auto open = label.find("（");
        color(cr, {0.3, 0.3, 0.3});
        text(cr, left + step * static_cast<double>(i) - 18, plot_bottom + 20,
             open == std::string::npos ? label : label.substr(open + 3, 5), 11);
    }
    const std::pair<Rgb, std::optional<double> workflow::UnitStats::*> series[] = {
        {kOnTime, &workflow::UnitStats::on_time_rate},
        {kResolution, &workflow::UnitStats::resolution_rate},
        {kSatisfaction, &workflow::UnitStats::satisfaction_rate}};
    cairo_set_line_width(cr, 3);
    for (const auto& [rgb, member] : series) {
        color(cr, rgb);
        bool drawing = false;
        for (std::size_t i = 0; i < trend.size(); ++i) {
            const auto& rate = trend[i].county.*member;
            if (!rate) {  // a week without data leaves a gap
                if (drawing) cairo_stroke(cr);
                drawing = false;
                continue;
            }
            const double x = left + step * static_cast<double>(i);
            const double y = plot_bottom - (plot_bottom - plot_top) * *rate;
            if (drawing) cairo_line_to(cr, x, y);
            else cairo_move_to(cr, x, y);
            drawing = true;
            cairo_arc(cr, x, y, 3, 0, 6.2832);
            cairo_move_to(cr, x, y);
        }
        if (drawing) cairo_stroke(cr);
    }
    const std::pair<Rgb, const char*> legend[] = {{kOnTime, "按时办结率"}, {kResolution, "问题解决率"}, {kSatisfaction, "群众满意率"}};
    double x = right - 400;
    for (const auto& [rgb, name] : legend) {
        color(cr, rgb);
        cairo_rectangle(cr, x, top + 36, 18, 10);
        cairo_fill(cr);
        color(cr, {0.2, 0.2, 0.2});
        text(cr, x + 24, top + 46, name, 13);
        x += 130;
    }
}

}  // namespace

std::string render_chart_png(const workflow::StatsReport& ranking, const std::vector<workflow::StatsReport>& trend) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kChartWidth, kChartHeight);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    ranking_bars(cr, ranking, 10, 380);
    trend_lines(cr, trend, 400, 320);
    cairo_destroy(cr);
    std::string png;
    const auto status = cairo_surface_write_to_png_stream(surface, append_png, &png);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("chart: ") + cairo_status_to_string(status));
    return png;
}

std::vector<workflow::StatsReport> weekly_trend(workflow::StoreTx& tx, workflow::Instant end,
                                                const workflow::StatsPolicy& policy, workflow::Instant now, int weeks) {
    std::vector<workflow::StatsReport> out;
    const auto last = workflow::week_of(end - std::chrono::seconds(1));
    for (int i = weeks - 1; i >= 0; --i)
        out.push_back(workflow::compute_stats(tx, workflow::week_of(last.from - std::chrono::days(7 * i)), policy, now));
    return out;
}

}  // namespace hotline::bot::reports
