// Renders a Source to PDF with pango and cairo: real text layer, embedded font subsets,
// running headers and footers, a table of contents with dot leaders, multi-column pages,
// tables, and pages rendered as images only (a "scanned" page with no text layer).

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "docgen.hpp"

namespace vigie::docgen {
namespace {

constexpr double k_page_w = 595.28;
constexpr double k_page_h = 841.89;
constexpr double k_margin_x = 68;
constexpr double k_top = 82;
constexpr double k_bottom = k_page_h - 78;
constexpr double k_scan_dpi = 110;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

struct Fonts {
  std::string family_serif = "DejaVu Serif";
  std::string family_sans = "DejaVu Sans";
};

class Renderer {
 public:
  Renderer(const Source& src, cairo_surface_t* pdf, int total_pages,
           const std::map<std::size_t, int>& heading_pages)
      : m_src(src), m_pdf(pdf), m_total_pages(total_pages), m_heading_pages(heading_pages) {
    m_measure_surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    m_measure_cr = cairo_create(m_measure_surface);
    if (m_pdf != nullptr) {
      m_pdf_cr = cairo_create(m_pdf);
    }
    if (auto it = src.meta.find("font"); it != src.meta.end()) {
      m_fonts.family_serif = it->second;
    }
  }
  ~Renderer() {
    cairo_destroy(m_measure_cr);
    cairo_surface_destroy(m_measure_surface);
    if (m_pdf_cr != nullptr) {
      cairo_destroy(m_pdf_cr);
    }
  }
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  void run() {
    start_page(false);
    const auto& blocks = m_src.blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const Block& b = blocks[i];
      switch (b.type) {
        case BlockType::title:
          m_y += 10;
          text_block(b.text, m_fonts.family_sans + " Bold 19", 0, 0, PANGO_ALIGN_CENTER, false, 8);
          break;
        case BlockType::heading: {
          const char* size =
              b.level == 1 ? " Bold 13" : (b.level == 2 ? " Bold 11.5" : " Bold Italic 10.5");
          m_y += b.level == 1 ? 12 : 8;
          // Keep a heading with the first lines that follow it.
          ensure_space(measure(b.text, m_fonts.family_sans + size, column_width()) + 36);
          m_heading_pages_out[i] = m_page;
          text_block(b.text, m_fonts.family_sans + size, 0, 0, PANGO_ALIGN_LEFT, false, 5);
          break;
        }
        case BlockType::paragraph:
          text_block(b.text, m_fonts.family_serif + " 10", 0, 0, PANGO_ALIGN_LEFT, true, 6);
          break;
        case BlockType::raw_lines:
          for (const auto& line : b.cells) {
            text_block(line, m_fonts.family_serif + " 10", 0, 0, PANGO_ALIGN_LEFT, false, 0, true);
          }
          m_y += 6;
          break;
        case BlockType::list_item: {
          const double indent = b.level == 1 ? 14 : 32;
          const std::string bullet = b.level == 1 ? "•" : "–";
          ensure_space(14);
          draw_text_at(bullet, m_fonts.family_serif + " 10", m_x + indent - 10, m_y);
          text_block(b.text, m_fonts.family_serif + " 10", indent + 2, 0, PANGO_ALIGN_LEFT, true,
                     3);
          break;
        }
        case BlockType::table_row: {
          const bool header = i == 0 || blocks[i - 1].type != BlockType::table_row;
          table_row(b.cells, header);
          if (i + 1 == blocks.size() || blocks[i + 1].type != BlockType::table_row) {
            m_y += 8;
          }
          break;
        }
        case BlockType::toc:
          toc();
          break;
        case BlockType::page_break:
          start_page(false);
          break;
        case BlockType::columns:
          m_columns = b.level;
          start_page(false);
          break;
        case BlockType::scan_begin:
          start_page(true);
          break;
        case BlockType::spacer:
          m_y += b.level;
          break;
      }
    }
    finish_page();
  }

  [[nodiscard]] int pages() const { return m_page; }
  [[nodiscard]] const std::map<std::size_t, int>& heading_pages() const {
    return m_heading_pages_out;
  }

 private:
  cairo_t* cr() const {
    if (m_scan_cr != nullptr) {
      return m_scan_cr;
    }
    return m_pdf_cr != nullptr ? m_pdf_cr : m_measure_cr;
  }
  [[nodiscard]] bool drawing() const { return m_pdf_cr != nullptr; }

  [[nodiscard]] double column_width() const {
    constexpr double gap = 22;
    const double total = k_page_w - 2 * k_margin_x;
    return (total - gap * (m_columns - 1)) / m_columns;
  }
  void set_column(int c) {
    m_column = c;
    m_x = k_margin_x + c * (column_width() + 22);
    m_y = k_top;
  }

  PangoLayout* make_layout(const std::string& text, const std::string& font, double width,
                           PangoAlignment align, bool justify) {
    PangoLayout* layout = pango_cairo_create_layout(cr());
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout), options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(layout);
    PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    if (width > 0) {
      pango_layout_set_width(layout, pango_units_from_double(width));
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    }
    pango_layout_set_alignment(layout, align);
    pango_layout_set_justify(layout, justify);
    pango_layout_set_text(layout, text.c_str(), -1);
    return layout;
  }

  double measure(const std::string& text, const std::string& font, double width) {
    PangoLayout* layout = make_layout(text, font, width, PANGO_ALIGN_LEFT, false);
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return h / static_cast<double>(PANGO_SCALE);
  }

  double text_width(const std::string& text, const std::string& font) {
    PangoLayout* layout = make_layout(text, font, -1, PANGO_ALIGN_LEFT, false);
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return w / static_cast<double>(PANGO_SCALE);
  }

  void draw_text_at(const std::string& text, const std::string& font, double x, double y) {
    if (!drawing()) {
      return;
    }
    PangoLayout* layout = make_layout(text, font, -1, PANGO_ALIGN_LEFT, false);
    cairo_move_to(cr(), x, y);
    pango_cairo_show_layout(cr(), layout);
    g_object_unref(layout);
  }

  // Lays out `text` in the current column, line by line, moving to the next column or page
  // when a line does not fit.
  void text_block(const std::string& text, const std::string& font, double indent,
                  double right_indent, PangoAlignment align, bool justify, double space_after,
                  bool no_wrap = false) {
    const double width = no_wrap ? -1 : column_width() - indent - right_indent;
    PangoLayout* layout = make_layout(text, font, width, align, justify);
    PangoLayoutIter* it = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double line_h = logical.height / static_cast<double>(PANGO_SCALE);
      const double baseline = pango_layout_iter_get_baseline(it) / static_cast<double>(PANGO_SCALE);
      const double top = logical.y / static_cast<double>(PANGO_SCALE);
      ensure_space(line_h);
      if (drawing()) {
        PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
        cairo_move_to(cr(), m_x + indent + logical.x / static_cast<double>(PANGO_SCALE),
                      m_y + (baseline - top));
        pango_cairo_show_layout_line(cr(), line);
      }
      m_y += line_h;
      m_page_has_content = true;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(layout);
    m_y += space_after;
  }

  void table_row(const std::vector<std::string>& cells, bool header) {
    if (cells.empty()) {
      return;
    }
    const double width = column_width() / static_cast<double>(cells.size());
    const std::string font = m_fonts.family_sans + (header ? " Bold 8.5" : " 8.5");
    double row_h = 0;
    for (const auto& c : cells) {
      row_h = std::max(row_h, measure(c, font, width - 8));
    }
    row_h += 8;
    ensure_space(row_h);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const double x = m_x + static_cast<double>(i) * width;
      if (drawing()) {
        if (header) {
          cairo_set_source_rgb(cr(), 0.88, 0.90, 0.94);
          cairo_rectangle(cr(), x, m_y, width, row_h);
          cairo_fill(cr());
        }
        cairo_set_source_rgb(cr(), 0.3, 0.3, 0.3);
        cairo_set_line_width(cr(), 0.6);
        cairo_rectangle(cr(), x, m_y, width, row_h);
        cairo_stroke(cr());
        cairo_set_source_rgb(cr(), 0, 0, 0);
        PangoLayout* layout = make_layout(cells[i], font, width - 8, PANGO_ALIGN_LEFT, false);
        cairo_move_to(cr(), x + 4, m_y + 4);
        pango_cairo_show_layout(cr(), layout);
        g_object_unref(layout);
      }
    }
    m_y += row_h;
    m_page_has_content = true;
  }

  void toc() {
    const std::string font = m_fonts.family_serif + " 9";
    const double dot_w = text_width(".", font);
    for (std::size_t i = 0; i < m_src.blocks.size(); ++i) {
      const Block& b = m_src.blocks[i];
      const bool toc_title =
          i + 1 < m_src.blocks.size() && m_src.blocks[i + 1].type == BlockType::toc;
      if (b.type != BlockType::heading || b.level > 2 || toc_title) {
        continue;
      }
      const auto it = m_heading_pages.find(i);
      const std::string page = it != m_heading_pages.end() ? std::to_string(it->second) : "00";
      const double indent = b.level == 1 ? 0 : 16;
      const double title_w = text_width(b.text, font);
      const double page_w = text_width(page, font);
      double avail = column_width() - indent - title_w - page_w - 12;
      ensure_space(28);
      if (avail < 6 * dot_w) {
        // A title too long for its line: the leader and the page go on the next line.
        draw_text_at(b.text, font, m_x + indent, m_y);
        m_y += 13;
        avail = column_width() - indent - 40 - page_w - 12;
      }
      const int dots = std::max(4, static_cast<int>(avail / dot_w));
      if (avail >= 6 * dot_w && column_width() - indent - title_w - page_w - 12 >= 6 * dot_w) {
        draw_text_at(b.text, font, m_x + indent, m_y);
      }
      draw_text_at(std::string(static_cast<std::size_t>(dots), '.'), font,
                   m_x + column_width() - page_w - 6 - dots * dot_w, m_y);
      draw_text_at(page, font, m_x + column_width() - page_w, m_y);
      m_y += 13;
      m_page_has_content = true;
    }
    m_y += 8;
  }

  void ensure_space(double h) {
    if (m_y + h <= k_bottom) {
      return;
    }
    if (m_column + 1 < m_columns) {
      set_column(m_column + 1);
      return;
    }
    start_page(false);
  }

  void furniture() {
    const auto header = m_src.meta.find("header");
    const auto footer = m_src.meta.find("footer");
    const bool on_first = m_src.meta.count("header-first") > 0;
    const std::string font = m_fonts.family_sans + " 7.5";
    auto expand = [&](const std::string& s) {
      return replace_all(replace_all(s, "{page}", std::to_string(m_page)), "{pages}",
                         std::to_string(m_total_pages));
    };
    auto draw_split = [&](const std::string& spec, double y) {
      // "left|right" puts the two parts at both margins.
      const auto bar = spec.find('|');
      const std::string left = expand(spec.substr(0, bar));
      draw_text_at(left, font, k_margin_x, y);
      if (bar != std::string::npos) {
        const std::string right = expand(spec.substr(bar + 1));
        const double right_w = text_width(right, font);
        // When both parts do not fit on one line, the right part goes on a second line.
        const bool wrap = text_width(left, font) + right_w + 20 > k_page_w - 2 * k_margin_x;
        draw_text_at(right, font, k_page_w - k_margin_x - right_w, wrap ? y + 9 : y);
      }
    };
    if (m_page > 1 || on_first) {
      if (header != m_src.meta.end()) {
        draw_split(header->second, 40);
        if (drawing()) {
          cairo_set_source_rgb(cr(), 0.5, 0.5, 0.5);
          cairo_set_line_width(cr(), 0.5);
          cairo_move_to(cr(), k_margin_x, 54);
          cairo_line_to(cr(), k_page_w - k_margin_x, 54);
          cairo_stroke(cr());
          cairo_set_source_rgb(cr(), 0, 0, 0);
        }
      }
    }
    if (footer != m_src.meta.end()) {
      draw_split(footer->second, k_page_h - 52);
    }
    const auto watermark = m_src.meta.find("watermark");
    if (watermark != m_src.meta.end() && drawing()) {
      cairo_save(cr());
      cairo_set_source_rgba(cr(), 0.75, 0.75, 0.75, 0.5);
      cairo_translate(cr(), k_page_w / 2, k_page_h / 2);
      cairo_rotate(cr(), -M_PI / 4);
      PangoLayout* layout = make_layout(watermark->second, m_fonts.family_sans + " Bold 64", -1,
                                        PANGO_ALIGN_LEFT, false);
      int w = 0;
      int h = 0;
      pango_layout_get_size(layout, &w, &h);
      cairo_move_to(cr(), -w / 2.0 / PANGO_SCALE, -h / 2.0 / PANGO_SCALE);
      pango_cairo_show_layout(cr(), layout);
      g_object_unref(layout);
      cairo_restore(cr());
    }
  }

  void finish_page() {
    if (m_page == 0) {
      return;
    }
    if (m_scan_cr != nullptr) {
      // Paint the page image onto the PDF page: no text layer on this page.
      cairo_destroy(m_scan_cr);
      m_scan_cr = nullptr;
      if (m_pdf_cr != nullptr) {
        cairo_save(m_pdf_cr);
        cairo_scale(m_pdf_cr, 72.0 / k_scan_dpi, 72.0 / k_scan_dpi);
        cairo_set_source_surface(m_pdf_cr, m_scan_surface, 0, 0);
        cairo_paint(m_pdf_cr);
        cairo_restore(m_pdf_cr);
      }
      cairo_surface_destroy(m_scan_surface);
      m_scan_surface = nullptr;
    }
    if (m_pdf_cr != nullptr) {
      cairo_show_page(m_pdf_cr);
    }
  }

  void start_page(bool scan) {
    if (m_page > 0 && !m_page_has_content && !scan && m_scan_cr == nullptr) {
      set_column(0);
      return;  // never leave an empty page behind
    }
    finish_page();
    ++m_page;
    m_page_has_content = false;
    if (scan) {
      m_columns = 1;
      const int w = static_cast<int>(k_page_w * k_scan_dpi / 72);
      const int h = static_cast<int>(k_page_h * k_scan_dpi / 72);
      m_scan_surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
      m_scan_cr = cairo_create(m_scan_surface);
      cairo_set_source_rgb(m_scan_cr, 0.97, 0.97, 0.95);
      cairo_paint(m_scan_cr);
      cairo_scale(m_scan_cr, k_scan_dpi / 72, k_scan_dpi / 72);
      cairo_translate(m_scan_cr, k_page_w / 2, k_page_h / 2);
      cairo_rotate(m_scan_cr, 0.004);  // a scanner never feeds a page quite straight
      cairo_translate(m_scan_cr, -k_page_w / 2, -k_page_h / 2);
      cairo_set_source_rgb(m_scan_cr, 0.1, 0.1, 0.1);
    }
    set_column(0);
    furniture();
    if (drawing()) {
      cairo_set_source_rgb(cr(), 0, 0, 0);
    }
  }

  const Source& m_src;
  cairo_surface_t* m_pdf;
  int m_total_pages;
  const std::map<std::size_t, int>& m_heading_pages;
  std::map<std::size_t, int> m_heading_pages_out;
  Fonts m_fonts;
  cairo_surface_t* m_measure_surface = nullptr;
  cairo_t* m_measure_cr = nullptr;
  cairo_t* m_pdf_cr = nullptr;
  cairo_surface_t* m_scan_surface = nullptr;
  cairo_t* m_scan_cr = nullptr;
  int m_page = 0;
  int m_columns = 1;
  int m_column = 0;
  double m_x = k_margin_x;
  double m_y = k_top;
  bool m_page_has_content = false;
};

}  // namespace

void render_pdf(const Source& src, const std::string& out_path) {
  // First pass: paginate to learn the page count and the pages of the headings.
  std::map<std::size_t, int> no_pages;
  Renderer measure(src, nullptr, 0, no_pages);
  measure.run();
  const int total = measure.pages();
  const std::map<std::size_t, int> heading_pages = measure.heading_pages();

  cairo_surface_t* surface = cairo_pdf_surface_create(out_path.c_str(), k_page_w, k_page_h);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(out_path + ": impossible de créer le PDF");
  }
  auto meta = [&](const char* key, cairo_pdf_metadata_t field) {
    if (auto it = src.meta.find(key); it != src.meta.end()) {
      cairo_pdf_surface_set_metadata(surface, field, it->second.c_str());
    }
  };
  meta("title", CAIRO_PDF_METADATA_TITLE);
  meta("author", CAIRO_PDF_METADATA_AUTHOR);
  meta("subject", CAIRO_PDF_METADATA_SUBJECT);
  meta("keywords", CAIRO_PDF_METADATA_KEYWORDS);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "vigie-docgen");
  const auto created = src.meta.find("created");
  const std::string date = created != src.meta.end() ? created->second : "2026-01-15T09:00:00";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  {
    Renderer draw(src, surface, total, heading_pages);
    draw.run();
  }
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(out_path + ": " + cairo_status_to_string(status));
  }
}

}  // namespace vigie::docgen
