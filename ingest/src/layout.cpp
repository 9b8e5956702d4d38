#include "layout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "text_builder.hpp"
#include "utf8.hpp"

namespace vigie::ingest::detail {
namespace {

// A run of words of a line with no wide gap inside: on a table row, one cell's words.
struct Segment {
  double x0 = 0;
  double x1 = 0;
  std::size_t begin = 0;  // byte offset in Line::text
  double gap_before = 0;  // the blank before it, from the previous segment
};

struct Line {
  std::string text;
  double x0 = 0;
  double y0 = 0;
  double x1 = 0;
  double y1 = 0;
  std::vector<Segment> segments;  // left to right; at least one
  std::vector<double> word_gaps;  // every blank between two words, while the line is built
  // The tallest word's own height: the size of the type, which the line's extent overstates
  // when it joins words set on different baselines (cells of a table row, one of them
  // centred on two lines of the other).
  double glyph_height = 0;
  [[nodiscard]] double height() const { return y1 - y0; }
  [[nodiscard]] double center_y() const { return (y0 + y1) / 2; }
};

struct PageLines {
  std::vector<std::vector<Line>> blocks;  // body lines grouped in paragraphs, reading order
  std::string watermark;
  double height = 842;
};

bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// The dominant rotation of a page's words: the body runs that way; others are margin text.
int dominant_rotation(const std::vector<PdfWord>& words) {
  std::array<std::size_t, 4> counts{};
  for (const auto& w : words) {
    if (!w.diagonal) {
      counts[static_cast<std::size_t>(w.rotation & 3)] += w.text.size();
    }
  }
  return static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

// List bullets, including the private-use glyphs of the Symbol and Wingdings fonts.
constexpr std::array<std::string_view, 18> k_bullets = {
    "-", "–", "—", "•", "▪", "◦", "o", "*", "\xEF\x82\xB7", "\xEF\x82\xA7", "\xEF\x82\xD8",
    "➢", "✓", "►", "■", "□", "●", "○"};

bool is_bullet_only(std::string_view t) {
  return std::find(k_bullets.begin(), k_bullets.end(), t) != k_bullets.end();
}

// A line that opens with a bullet: an ASCII bullet needs a space after it ("- item", not
// "-5 %"), a symbol does not.
bool starts_with_bullet(std::string_view t) {
  return std::any_of(k_bullets.begin(), k_bullets.end(), [t](std::string_view b) {
    if (!t.starts_with(b)) {
      return false;
    }
    return b.size() > 1 || (t.size() > 1 && t[1] == ' ');
  });
}

// Word processors often place list bullets in a column of their own, which the reading order
// then lists apart from the items: put each bullet back in front of the line beside it.
void merge_detached_bullets(std::vector<Line>& lines) {
  bool any = false;
  for (const auto& l : lines) {
    any = any || is_bullet_only(l.text);
  }
  if (!any) {
    return;
  }
  std::vector<bool> drop(lines.size(), false);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!is_bullet_only(lines[i].text)) {
      continue;
    }
    const Line& bullet = lines[i];
    std::size_t best = lines.size();
    double best_dx = 1e9;
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (j == i || drop[j] || is_bullet_only(lines[j].text)) {
        continue;
      }
      const double h = std::max(1.0, std::min(bullet.height(), lines[j].height()));
      const double dx = lines[j].x0 - bullet.x1;
      if (std::fabs(lines[j].center_y() - bullet.center_y()) < 0.5 * h && dx >= -1 && dx < 60 &&
          dx < best_dx) {
        best = j;
        best_dx = dx;
      }
    }
    if (best < lines.size()) {
      lines[best].text = bullet.text + " " + lines[best].text;
      lines[best].x0 = bullet.x0;
      for (std::size_t k = 1; k < lines[best].segments.size(); ++k) {
        lines[best].segments[k].begin += bullet.text.size() + 1;
      }
      lines[best].segments.front().x0 = bullet.x0;
      drop[i] = true;
    }
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!drop[i]) {
      if (out != i) {
        lines[out] = std::move(lines[i]);
      }
      ++out;
    }
  }
  lines.resize(out);
}

// Groups reading-order words into lines: a new line starts when the baseline moves or the
// text goes back to the left.
PageLines build_lines(const PdfPage& page) {
  PageLines result;
  result.height = page.height;
  const int rotation = dominant_rotation(page.words);
  std::vector<Line> lines;
  const PdfWord* prev = nullptr;
  for (const auto& w : page.words) {
    if (w.diagonal || w.rotation != rotation) {
      if (!result.watermark.empty()) {
        result.watermark.push_back(' ');
      }
      result.watermark.append(w.text);
      continue;
    }
    bool same_line = false;
    if (prev != nullptr && !lines.empty()) {
      const double h = std::max(1.0, std::min(prev->y1 - prev->y0, w.y1 - w.y0));
      const double dy = std::fabs((w.y0 + w.y1) / 2 - (prev->y0 + prev->y1) / 2);
      same_line = dy < 0.5 * h && w.x0 >= prev->x1 - 0.5 * h;
    }
    if (!same_line) {
      lines.push_back(
          Line{w.text, w.x0, w.y0, w.x1, w.y1, {Segment{w.x0, w.x1, 0, 0}}, {}, w.y1 - w.y0});
    } else {
      Line& line = lines.back();
      const double gap = w.x0 - prev->x1;
      const double h = std::max(1.0, prev->y1 - prev->y0);
      if (prev->space_after || gap > 0.12 * h) {
        line.text.push_back(' ');
      }
      // A gap wider than half the line height is more than a word space, even in justified
      // text: it may separate two cells of a table row (find_table_rows decides).
      line.word_gaps.push_back(gap);
      if (gap > 0.5 * h) {
        line.segments.push_back(Segment{w.x0, w.x1, line.text.size(), gap});
      } else {
        line.segments.back().x1 = std::max(line.segments.back().x1, w.x1);
      }
      line.text.append(w.text);
      line.x0 = std::min(line.x0, w.x0);
      line.y0 = std::min(line.y0, w.y0);
      line.x1 = std::max(line.x1, w.x1);
      line.y1 = std::max(line.y1, w.y1);
      line.glyph_height = std::max(line.glyph_height, w.y1 - w.y0);
    }
    prev = &w;
  }
  // A justified line spreads all its words: a blank no wider than its usual word space is
  // not a gap between two cells ("l'unanimité au     conseil municipal" is one sentence).
  for (auto& line : lines) {
    if (line.segments.size() > 1 && line.word_gaps.size() >= 4) {
      // The usual word space: the lower quartile of the line's blanks (a table row's cell
      // gaps are among its widest).
      std::vector<double> gaps = line.word_gaps;
      std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 4),
                       gaps.end());
      const double usual = gaps[gaps.size() / 4];
      std::vector<Segment> merged{line.segments.front()};
      for (std::size_t i = 1; i < line.segments.size(); ++i) {
        const Segment& seg = line.segments[i];
        if (seg.gap_before < 1.6 * usual) {
          merged.back().x1 = std::max(merged.back().x1, seg.x1);
        } else {
          merged.push_back(seg);
        }
      }
      line.segments = std::move(merged);
    }
    line.word_gaps.clear();
    line.word_gaps.shrink_to_fit();
  }
  merge_detached_bullets(lines);
  // Paragraphs: break on a larger vertical gap, a jump up (next column), a change of size,
  // or a line that starts a list item.
  std::vector<Line>* block = nullptr;
  const Line* last = nullptr;
  for (auto& line : lines) {
    bool new_block = block == nullptr;
    if (!new_block) {
      const double h = std::max(last->height(), line.height());
      const double gap = line.y0 - last->y1;
      const double size_change = std::fabs(line.height() - last->height()) /
                                 std::max(1.0, std::max(line.height(), last->height()));
      const bool bullet = starts_with_bullet(line.text);
      new_block =
          gap > 0.4 * h || line.y1 < last->y0 || size_change > 0.22 || bullet || line.x0 > last->x1;
    }
    if (new_block) {
      result.blocks.emplace_back();
      block = &result.blocks.back();
    }
    block->push_back(std::move(line));
    last = &block->back();
  }
  return result;
}

// Paragraphs whose spacing is small next to the line height (6 pt after a paragraph set in a
// font whose line boxes are 15 pt high, as word processors often do) stay together under the
// rule above. The document's own line spacing tells them apart: the usual gap between two
// lines of a paragraph is measured over the whole document (the median of the gaps inside
// blocks), and a gap larger than it by a quarter of the line height starts a new paragraph,
// as a DOCX or ODT of the same text would.
void split_spaced_paragraphs(std::vector<PageLines>& pages) {
  std::vector<double> ratios;
  for (const auto& page : pages) {
    for (const auto& block : page.blocks) {
      for (std::size_t i = 1; i < block.size(); ++i) {
        const double h = std::max(1.0, std::max(block[i - 1].height(), block[i].height()));
        ratios.push_back((block[i].y0 - block[i - 1].y1) / h);
      }
    }
  }
  if (ratios.size() < 8) {
    return;  // too few lines to know the document's line spacing
  }
  const auto middle = ratios.begin() + static_cast<std::ptrdiff_t>(ratios.size() / 2);
  std::nth_element(ratios.begin(), middle, ratios.end());
  const double leading = *middle;
  for (auto& page : pages) {
    std::vector<std::vector<Line>> blocks;
    blocks.reserve(page.blocks.size());
    for (auto& block : page.blocks) {
      blocks.emplace_back();
      for (std::size_t i = 0; i < block.size(); ++i) {
        if (i > 0) {
          const double h = std::max(1.0, std::max(block[i - 1].height(), block[i].height()));
          if ((block[i].y0 - block[i - 1].y1) / h > leading + 0.25) {
            blocks.emplace_back();
          }
        }
        blocks.back().push_back(std::move(block[i]));
      }
    }
    page.blocks = std::move(blocks);
  }
}

// Table rows. A PDF draws a table row as lines whose words fall in columns, with wide gaps
// between the cells; a DOCX or ODT of the same table gives one block per cell. Poppler reads
// a row line by line, or cell by cell when a cell runs over several lines (then the row is a
// few blocks side by side, their first lines at the same height). Consecutive rows whose
// segments start at the same few positions (the columns, each found in at least two rows)
// are a table, and a row's cells are read apart, so that words of two cells never make one
// phrase.
struct TableRow {
  bool is_row = false;
  bool absorbed = false;           // a later block of a row read cell by cell
  std::vector<std::string> cells;  // by column; empty cells included
};

std::vector<TableRow> find_table_rows(const PageLines& page,
                                      const std::set<std::pair<std::size_t, std::size_t>>& skip,
                                      bool join_hyphens) {
  const auto& blocks = page.blocks;
  std::vector<TableRow> rows(blocks.size());
  auto body_lines = [&](std::size_t b) {
    std::vector<const Line*> out;
    for (std::size_t l = 0; l < blocks[b].size(); ++l) {
      if (!skip.contains({b, l}) && !parse_toc_line(blocks[b][l].text)) {
        out.push_back(&blocks[b][l]);
      }
    }
    return out;
  };
  constexpr double k_tolerance = 2.0;
  // Row units: [first, last) blocks; side-by-side blocks (each to the right of the one before,
  // their first lines at the same height) make one unit.
  std::vector<std::pair<std::size_t, std::size_t>> units;
  for (std::size_t b = 0; b < blocks.size();) {
    const auto first = body_lines(b);
    std::size_t e = b + 1;
    if (!first.empty()) {
      double right = first.front()->x0;
      while (e < blocks.size()) {
        const auto next = body_lines(e);
        if (next.empty() || std::fabs(next.front()->y0 - first.front()->y0) > k_tolerance ||
            next.front()->x0 <= right + k_tolerance) {
          break;
        }
        right = next.front()->x0;
        ++e;
      }
    }
    units.emplace_back(b, e);
    b = e;
  }
  auto unit_lines = [&](std::size_t u) {
    std::vector<const Line*> out;
    for (std::size_t b = units[u].first; b < units[u].second; ++b) {
      const auto lines = body_lines(b);
      out.insert(out.end(), lines.begin(), lines.end());
    }
    return out;
  };
  auto has_gap = [&](std::size_t u) {
    if (units[u].second - units[u].first >= 2) {
      return true;
    }
    const auto lines = unit_lines(u);
    return std::any_of(lines.begin(), lines.end(),
                       [](const Line* l) { return l->segments.size() >= 2; });
  };
  std::size_t u = 0;
  while (u < units.size()) {
    if (!has_gap(u)) {
      ++u;
      continue;
    }
    std::size_t end = u + 1;
    while (end < units.size() && has_gap(end)) {
      ++end;
    }
    // Columns: segment starts found in at least two rows of the run.
    std::vector<std::pair<double, std::set<std::size_t>>> starts;
    for (std::size_t r = u; r < end; ++r) {
      for (const Line* l : unit_lines(r)) {
        for (const auto& seg : l->segments) {
          auto it = std::find_if(starts.begin(), starts.end(), [&](const auto& st) {
            return std::fabs(st.first - seg.x0) <= k_tolerance;
          });
          if (it == starts.end()) {
            starts.push_back({seg.x0, {r}});
          } else {
            it->second.insert(r);
          }
        }
      }
    }
    std::vector<double> columns;
    for (const auto& [x, in_rows] : starts) {
      if (in_rows.size() >= 2) {
        columns.push_back(x);
      }
    }
    std::sort(columns.begin(), columns.end());
    auto column_of = [&](double x) -> std::optional<std::size_t> {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (std::fabs(columns[c] - x) <= k_tolerance) {
          return c;
        }
      }
      return std::nullopt;
    };
    if (end - u >= 2 && columns.size() >= 2) {
      for (std::size_t r = u; r < end; ++r) {
        TableRow row;
        row.cells.resize(columns.size());
        bool fits = true;
        for (const Line* l : unit_lines(r)) {
          for (std::size_t k = 0; k < l->segments.size() && fits; ++k) {
            const auto c = column_of(l->segments[k].x0);
            if (!c) {
              fits = false;
              break;
            }
            const std::size_t from = l->segments[k].begin;
            const std::size_t to =
                k + 1 < l->segments.size() ? l->segments[k + 1].begin : l->text.size();
            std::string_view part = trim(std::string_view(l->text).substr(from, to - from));
            if (row.cells[*c].empty()) {
              row.cells[*c] = std::string(part);
            } else {
              append_line(row.cells[*c], part, join_hyphens);
            }
          }
        }
        if (fits) {
          row.is_row = true;
          rows[units[r].first] = std::move(row);
          for (std::size_t b = units[r].first + 1; b < units[r].second; ++b) {
            rows[b].absorbed = true;
          }
        }
      }
    }
    u = end;
  }
  return rows;
}

// Poppler's reading order sometimes reads the bottom of a left column after the right one.
// On a page laid out in two columns (narrow blocks in two bands, each running down a good part
// of the page), put the blocks back in column order: left column top to bottom, then right,
// with full-width blocks keeping their place between the column runs.
void order_columns(PageLines& page) {
  struct Box {
    double x0, y0, x1, y1;
  };
  const auto& blocks = page.blocks;
  if (blocks.size() < 4) {
    return;
  }
  std::vector<Box> boxes;
  double left = 1e9;
  double right = -1e9;
  for (const auto& b : blocks) {
    Box box{1e9, 1e9, -1e9, -1e9};
    for (const auto& l : b) {
      box.x0 = std::min(box.x0, l.x0);
      box.y0 = std::min(box.y0, l.y0);
      box.x1 = std::max(box.x1, l.x1);
      box.y1 = std::max(box.y1, l.y1);
    }
    left = std::min(left, box.x0);
    right = std::max(right, box.x1);
    boxes.push_back(box);
  }
  const double width = right - left;
  // Narrow blocks, split at the widest jump of their left edges: the gutter.
  std::vector<std::size_t> narrow;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    if (boxes[i].x1 - boxes[i].x0 < 0.55 * width) {
      narrow.push_back(i);
    }
  }
  if (narrow.size() < 4) {
    return;
  }
  std::sort(narrow.begin(), narrow.end(),
            [&](std::size_t a, std::size_t b) { return boxes[a].x0 < boxes[b].x0; });
  std::size_t split = 0;
  double widest = 0;
  for (std::size_t k = 1; k < narrow.size(); ++k) {
    const double jump = boxes[narrow[k]].x0 - boxes[narrow[k - 1]].x0;
    if (jump > widest) {
      widest = jump;
      split = k;
    }
  }
  if (widest < 0.2 * width) {
    return;
  }
  double left_edge_max = -1e9;
  double right_start_min = 1e9;
  for (std::size_t k = 0; k < narrow.size(); ++k) {
    if (k < split) {
      left_edge_max = std::max(left_edge_max, boxes[narrow[k]].x1);
    } else {
      right_start_min = std::min(right_start_min, boxes[narrow[k]].x0);
    }
  }
  if (left_edge_max > right_start_min + 2) {
    return;  // the two groups overlap: not two columns
  }
  std::vector<int> column(blocks.size(), -1);
  double extent[2][2] = {{1e9, -1e9}, {1e9, -1e9}};
  for (std::size_t k = 0; k < narrow.size(); ++k) {
    const std::size_t i = narrow[k];
    column[i] = k < split ? 0 : 1;
    auto& e = extent[column[i]];
    e[0] = std::min(e[0], boxes[i].y0);
    e[1] = std::max(e[1], boxes[i].y1);
  }
  const double tall = 0.35 * page.height;
  if (extent[0][1] - extent[0][0] < tall || extent[1][1] - extent[1][0] < tall) {
    return;
  }
  // Runs: a full-width block ends the column run above it.
  std::vector<std::size_t> order;
  std::vector<std::size_t> run[2];
  auto flush = [&] {
    for (auto& r : run) {
      std::stable_sort(r.begin(), r.end(),
                       [&](std::size_t a, std::size_t b) { return boxes[a].y0 < boxes[b].y0; });
      order.insert(order.end(), r.begin(), r.end());
      r.clear();
    }
  };
  std::vector<std::size_t> by_y(blocks.size());
  for (std::size_t i = 0; i < by_y.size(); ++i) {
    by_y[i] = i;
  }
  std::stable_sort(by_y.begin(), by_y.end(),
                   [&](std::size_t a, std::size_t b) { return boxes[a].y0 < boxes[b].y0; });
  for (const std::size_t i : by_y) {
    if (column[i] < 0) {
      flush();
      order.push_back(i);
    } else {
      run[column[i]].push_back(i);
    }
  }
  flush();
  std::vector<std::vector<Line>> reordered;
  reordered.reserve(blocks.size());
  for (const std::size_t i : order) {
    reordered.push_back(std::move(page.blocks[i]));
  }
  page.blocks = std::move(reordered);
}

// Key under which a running header or footer repeats: lowercased, digits folded, spaces
// collapsed, so "Page 3 sur 12" and "Page 4 sur 12" share a key.
std::string furniture_key(std::string_view text) {
  std::string out;
  bool in_digits = false;
  bool in_space = false;
  const std::string lowered = lower_latin(text);
  for (const char c : lowered) {
    if (c >= '0' && c <= '9') {
      if (!in_digits) {
        out.push_back('#');
      }
      in_digits = true;
      in_space = false;
      continue;
    }
    in_digits = false;
    if (c == ' ' || c == '\t') {
      if (!in_space && !out.empty()) {
        out.push_back(' ');
      }
      in_space = true;
      continue;
    }
    in_space = false;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

enum class Zone { top, bottom, body };

struct LineRef {
  std::size_t block;
  std::size_t line;
};

// The words of a band of lines, digits folded, sorted: the key under which a running header
// or footer repeats whatever order the reading gives its lines and however it splits them
// ("Direction du numérique" and "p. 3" as two lines on one page, one on the next).
std::string band_key(const std::vector<const Line*>& lines) {
  std::vector<std::string> words;
  for (const Line* l : lines) {
    const std::string key = furniture_key(l->text);
    std::size_t begin = 0;
    while (begin < key.size()) {
      const std::size_t end = std::min(key.find(' ', begin), key.size());
      words.push_back(key.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  std::sort(words.begin(), words.end());
  std::string out;
  for (const auto& w : words) {
    out += w;
    out.push_back(' ');
  }
  return out;
}

// Marks the lines of each page that are running headers or footers. The decision is taken
// per band, not per line: a band is a run of lines at the top (or the bottom) of a page with
// no gap of a line's height between them. A band lying wholly in the top (bottom) zone is
// furniture when it repeats as a whole (its words, digits folded) in the same zone on enough
// pages, when all its lines only number the page, or, past page 1, when it is small print at
// the very edge of the page. Any other band is body text, whole: a title block on page 1
// whose first lines are the running header of the other pages loses none of them.
// A running header (footer) set with no gap above (below) the body makes one band with it;
// it is found as the band's first (last) lines that repeat as a whole, at the same place,
// on enough pages.
std::vector<std::vector<std::pair<LineRef, Placement>>> find_furniture(
    const std::vector<PageLines>& pages, double median_height) {
  constexpr double k_zone = 0.13;         // fraction of the page height at the top and the bottom
  constexpr std::size_t k_max_bands = 3;  // per zone and page
  constexpr std::size_t k_max_band_lines = 6;  // a taller band is body text
  constexpr double k_band_gap = 1.0;           // of the taller line's height: a new band
  constexpr double k_same_place = 0.0075;      // of the page height
  struct Band {
    Zone zone = Zone::top;
    std::size_t begin = 0;  // lines [begin, end) of the page's lines in vertical order
    std::size_t end = 0;
    bool in_zone = false;  // wholly in the zone, and at most k_max_band_lines lines
    std::string key;
    bool page_number = true;  // every line only numbers the page
    bool small_edge = true;   // every line is small print at the very edge of the page
    // For the band at the page's edge: the keys of its first (last) 1, 2... lines in the
    // zone, and where each of these runs starts (ends).
    std::vector<std::string> edge_keys;
    std::vector<double> edges;
  };
  struct PageBands {
    std::vector<std::pair<const Line*, LineRef>> by_y;
    std::vector<Band> bands;
  };
  std::vector<PageBands> info(pages.size());
  std::map<std::pair<Zone, std::string>, std::set<std::size_t>> pages_by_key;
  // Lines at a page's edge, by their key: the pages and where they start (end).
  std::map<std::pair<Zone, std::string>, std::vector<std::pair<std::size_t, double>>> edge_runs;
  std::size_t pages_with_text = 0;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const auto& page = pages[p];
    auto& by_y = info[p].by_y;
    for (std::size_t b = 0; b < page.blocks.size(); ++b) {
      for (std::size_t l = 0; l < page.blocks[b].size(); ++l) {
        by_y.push_back({&page.blocks[b][l], LineRef{b, l}});
      }
    }
    if (by_y.empty()) {
      continue;
    }
    ++pages_with_text;
    std::sort(by_y.begin(), by_y.end(), [](const auto& a, const auto& b) {
      return a.first->center_y() != b.first->center_y() ? a.first->center_y() < b.first->center_y()
                                                        : a.first->x0 < b.first->x0;
    });
    const double top_limit = k_zone * page.height;
    const double bottom_limit = (1 - k_zone) * page.height;
    auto line = [&](std::size_t i) -> const Line& { return *by_y[i].first; };
    auto close = [&](double gap, std::size_t a, std::size_t b) {
      return gap <= k_band_gap * std::max(line(a).height(), line(b).height());
    };
    auto in_zone = [&](std::size_t i, Zone zone) {
      return zone == Zone::top ? line(i).center_y() <= top_limit
                               : line(i).center_y() >= bottom_limit;
    };
    auto add_band = [&](std::size_t begin, std::size_t end, Zone zone) {
      const bool top = zone == Zone::top;
      Band band;
      band.zone = zone;
      band.begin = begin;
      band.end = end;
      band.in_zone = end - begin <= k_max_band_lines && in_zone(top ? end - 1 : begin, zone);
      std::vector<const Line*> lines;
      for (std::size_t i = begin; i < end; ++i) {
        const Line& l = line(i);
        band.page_number = band.page_number && is_page_number_line(l.text);
        const double edge = top ? l.center_y() : page.height - l.center_y();
        band.small_edge = band.small_edge && median_height > 0 &&
                          l.height() < 0.8 * median_height && edge < 0.08 * page.height;
      }
      if (band.in_zone) {
        for (std::size_t i = begin; i < end; ++i) {
          lines.push_back(&line(i));
        }
        band.key = band_key(lines);
        pages_by_key[{zone, band.key}].insert(p);
      }
      if (top ? begin == 0 : end == by_y.size()) {
        lines.clear();
        for (std::size_t k = 0; k < end - begin && k < k_max_band_lines; ++k) {
          const std::size_t i = top ? begin + k : end - 1 - k;
          if (!in_zone(i, zone)) {
            break;
          }
          lines.push_back(&line(i));
          const double edge = top ? line(i).y0 : line(i).y1;
          band.edges.push_back(k == 0 ? edge
                                      : (top ? std::min(band.edges.back(), edge)
                                             : std::max(band.edges.back(), edge)));
          band.edge_keys.push_back(band_key(lines));
          edge_runs[{zone, band.edge_keys.back()}].push_back({p, band.edges.back()});
        }
      }
      info[p].bands.push_back(std::move(band));
      return info[p].bands.back().in_zone;
    };
    // Top bands, downwards; a band running on into the body is the last one.
    std::size_t top_end = 0;
    for (std::size_t n = 0; n < k_max_bands && top_end < by_y.size(); ++n) {
      const std::size_t begin = top_end;
      if (!in_zone(begin, Zone::top)) {
        break;
      }
      double bottom = line(begin).y1;
      std::size_t end = begin + 1;
      while (end < by_y.size() && close(line(end).y0 - bottom, end - 1, end)) {
        bottom = std::max(bottom, line(end).y1);
        ++end;
      }
      top_end = end;
      if (!add_band(begin, end, Zone::top)) {
        break;
      }
    }
    // Bottom bands, upwards, down to the last top band.
    std::size_t bottom_begin = by_y.size();
    for (std::size_t n = 0; n < k_max_bands && bottom_begin > top_end; ++n) {
      const std::size_t end = bottom_begin;
      if (!in_zone(end - 1, Zone::bottom)) {
        break;
      }
      double top = line(end - 1).y0;
      std::size_t begin = end - 1;
      while (begin > top_end && close(top - line(begin - 1).y1, begin - 1, begin)) {
        top = std::min(top, line(begin - 1).y0);
        --begin;
      }
      bottom_begin = begin;
      if (!add_band(begin, end, Zone::bottom)) {
        break;
      }
    }
  }
  const std::size_t needed = std::max<std::size_t>(
      2, static_cast<std::size_t>(std::ceil(0.4 * static_cast<double>(pages_with_text))));
  std::vector<std::vector<std::pair<LineRef, Placement>>> result(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const auto& by_y = info[p].by_y;
    for (const auto& band : info[p].bands) {
      const Placement placement = band.zone == Zone::top ? Placement::header : Placement::footer;
      const bool repeated = band.in_zone && pages_with_text >= 2 &&
                            pages_by_key[{band.zone, band.key}].size() >= needed;
      std::size_t lines = 0;  // how many lines from the page's edge are furniture
      if (repeated || (band.in_zone && band.page_number) ||
          (band.in_zone && band.small_edge && p > 0)) {
        lines = band.end - band.begin;
      } else if (pages_with_text >= 2) {
        // The longest run of lines from the page's edge that repeats at the same place.
        const double tolerance = k_same_place * pages[p].height;
        for (std::size_t k = band.edge_keys.size(); k > 0 && lines == 0; --k) {
          std::set<std::size_t> where;
          for (const auto& [q, at] : edge_runs[{band.zone, band.edge_keys[k - 1]}]) {
            if (std::fabs(at - band.edges[k - 1]) <= tolerance) {
              where.insert(q);
            }
          }
          lines = where.size() >= needed ? k : 0;
        }
      }
      for (std::size_t k = 0; k < lines; ++k) {
        const std::size_t i = band.zone == Zone::top ? band.begin + k : band.end - 1 - k;
        result[p].push_back({by_y[i].second, placement});
      }
    }
  }
  return result;
}

bool is_leader_char(char32_t cp) {
  return cp == '.' || cp == 0x2026 || cp == 0xB7 || cp == '_' || cp == 0x2024 || cp == 0x2025;
}

// French words that form compounds with a hyphen: a line break after "co-" or "sous-" keeps it.
bool keeps_hyphen(std::string_view fragment) {
  static const std::set<std::string, std::less<>> k_prefixes = {
      "anti",  "apres", "après",  "arrière", "au",    "auto",       "avant", "bas",    "basse",
      "c'est", "celle", "celles", "celui",   "ceux",  "ci",         "co",    "contre", "demi",
      "elle",  "elles", "entre",  "est",     "eux",   "ex",         "extra", "grand",  "grande",
      "haut",  "haute", "inter",  "là",      "lui",   "mi",         "moi",   "multi",  "non",
      "nord",  "nous",  "ouest",  "peut",    "porte", "post",       "pré",   "pro",    "quasi",
      "semi",  "soi",   "sous",   "sud",     "sur",   "toi",        "ultra", "vice",   "vis",
      "vous",  "garde", "plate",  "pluri",   "rez",   "soi-disant", "état",  "c’est"};
  return k_prefixes.contains(lower_latin(fragment));
}

}  // namespace

bool is_page_number_line(std::string_view line) {
  std::string key = furniture_key(trim(line));
  // Accept the common shapes after digit folding.
  static const std::set<std::string, std::less<>> k_shapes = {
      "#",           "- # -",    "-#-",   "– # –", "page #",  "page # sur #",
      "page # / #",  "page #/#", "# / #", "#/#",   "p. #",    "p.#",
      "page # de #", "# sur #",  "[#]",   "(#)",   "pages #", "page n° #"};
  return k_shapes.contains(key);
}

std::optional<TocLine> parse_toc_line(std::string_view line) {
  line = trim(line);
  // The page number: trailing digits or a roman numeral.
  std::size_t end = line.size();
  std::size_t num_begin = end;
  while (num_begin > 0 && line[num_begin - 1] >= '0' && line[num_begin - 1] <= '9') {
    --num_begin;
  }
  if (num_begin == end) {
    static constexpr std::string_view k_roman = "ivxlcIVXLC";
    while (num_begin > 0 && k_roman.find(line[num_begin - 1]) != std::string_view::npos) {
      --num_begin;
    }
  }
  if (num_begin == end || end - num_begin > 4) {
    return std::nullopt;
  }
  // Walk back over spaces and leader characters; at least four leaders are needed.
  std::size_t pos = num_begin;
  std::size_t leaders = 0;
  while (pos > 0) {
    const char32_t cp = previous_code_point(line, pos);
    if (is_leader_char(cp)) {
      leaders += cp == 0x2026 ? 3 : 1;
    } else if (!is_space_cp(cp)) {
      break;
    }
    pos = previous_boundary(line, pos);
  }
  if (leaders < 4) {
    return std::nullopt;
  }
  // An empty title is a leader line that ends an entry whose title wrapped onto the line
  // above.
  std::string_view title = trim(line.substr(0, pos));
  return TocLine{std::string(title), std::string(line.substr(num_begin, end - num_begin))};
}

void append_line(std::string& block, std::string_view line, bool join_hyphens) {
  if (block.empty()) {
    block.append(line);
    return;
  }
  if (join_hyphens && !line.empty()) {
    const char32_t last = previous_code_point(block, block.size());
    if (last == '-' || last == 0xAD || last == 0x2010) {
      const std::size_t hyphen_at = previous_boundary(block, block.size());
      const char32_t before = previous_code_point(block, hyphen_at);
      std::size_t p = 0;
      const char32_t next = decode_utf8(line, p);
      const bool before_code = (before >= '0' && before <= '9') || (before >= 'A' && before <= 'Z');
      const bool next_code = (next >= '0' && next <= '9') || (next >= 'A' && next <= 'Z');
      if (before_code && next_code && (last == '-' || last == 0x2010)) {
        // A reference or code split after its hyphen: "R.2123-" + "1", "2026-" + "DEP-014",
        // "CCAG-" + "PI".
        block.append(line);
        return;
      }
      if (is_letter(before)) {
        // The word fragment before the hyphen, for the compound check.
        std::size_t frag = hyphen_at;
        while (frag > 0) {
          const char32_t cp = previous_code_point(block, frag);
          if (!is_letter(cp) && cp != '\'' && cp != 0x2019) {
            break;
          }
          frag = previous_boundary(block, frag);
        }
        const std::string_view fragment(block.data() + frag, hyphen_at - frag);
        if (last == 0xAD || (is_lower_letter(next) && !keeps_hyphen(fragment))) {
          block.resize(hyphen_at);
        } else if (last != '-') {
          block.resize(hyphen_at);
          block.push_back('-');
        }
        block.append(line);
        return;
      }
    }
  }
  block.push_back('\n');
  block.append(line);
}

void layout_pages(const std::vector<PdfPage>& pages, const LayoutOptions& options,
                  Document& document) {
  std::vector<PageLines> page_lines;
  page_lines.reserve(pages.size());
  for (const auto& page : pages) {
    page_lines.push_back(build_lines(page));
  }
  split_spaced_paragraphs(page_lines);
  for (auto& pl : page_lines) {
    order_columns(pl);
  }
  // Median line height of the document, to tell headings by their size.
  std::vector<double> heights;
  for (const auto& pl : page_lines) {
    for (const auto& b : pl.blocks) {
      for (const auto& l : b) {
        heights.push_back(l.height());
      }
    }
  }
  double median_height = 0;
  if (!heights.empty()) {
    std::nth_element(heights.begin(),
                     heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2),
                     heights.end());
    median_height = heights[heights.size() / 2];
  }
  std::vector<std::vector<std::pair<LineRef, Placement>>> furniture(pages.size());
  if (options.separate_furniture) {
    furniture = find_furniture(page_lines, median_height);
  }

  TextBuilder builder(document);
  int table = -1;  // the current table's index, and its next row
  int row = 0;
  for (std::size_t p = 0; p < page_lines.size(); ++p) {
    builder.begin_page();
    const int number = builder.page_number();
    auto& pl = page_lines[p];
    std::set<std::pair<std::size_t, std::size_t>> skip;
    for (const auto& [ref, placement] : furniture[p]) {
      skip.insert({ref.block, ref.line});
    }
    // Headers first then footers, each in their vertical order.
    for (const Placement placement : {Placement::header, Placement::footer}) {
      std::vector<const Line*> lines;
      for (const auto& [ref, pl_kind] : furniture[p]) {
        if (pl_kind == placement) {
          lines.push_back(&pl.blocks[ref.block][ref.line]);
        }
      }
      std::sort(lines.begin(), lines.end(),
                [](const Line* a, const Line* b) { return a->y0 < b->y0; });
      for (const Line* l : lines) {
        document.furniture.push_back(Furniture{placement, number, l->text});
      }
    }
    if (!pl.watermark.empty()) {
      document.furniture.push_back(Furniture{Placement::watermark, number, pl.watermark});
    }
    bool in_toc = false;
    const auto table_rows = find_table_rows(pl, skip, options.join_hyphenated_words);
    for (std::size_t b = 0; b < pl.blocks.size(); ++b) {
      if (table_rows[b].absorbed) {
        continue;
      }
      if (table_rows[b].is_row) {
        if (b == 0 || !(table_rows[b - 1].is_row || table_rows[b - 1].absorbed)) {
          ++table;
          row = 0;
        }
        for (std::size_t c = 0; c < table_rows[b].cells.size(); ++c) {
          builder.add_block(BlockKind::table_cell, table_rows[b].cells[c], 0, table, row,
                            static_cast<int>(c));
        }
        ++row;
        in_toc = false;
        continue;
      }
      std::string text;
      std::size_t line_count = 0;
      double height = 0;
      std::size_t segments = 0;
      auto flush = [&](BlockKind kind) {
        if (!text.empty()) {
          // A heading by its size: one line of larger type, in one piece (a line of cells
          // with wide gaps between them is a table's row, whatever its size).
          if (kind == BlockKind::paragraph && line_count == 1 && segments == 1 &&
              median_height > 0 && height > 1.3 * median_height && !starts_with_bullet(text)) {
            kind = BlockKind::heading;
          }
          builder.add_block(kind, text);
        }
        text.clear();
        line_count = 0;
        height = 0;
        segments = 0;
      };
      for (std::size_t l = 0; l < pl.blocks[b].size(); ++l) {
        if (skip.contains({b, l})) {
          continue;
        }
        const Line& line = pl.blocks[b][l];
        if (auto toc = parse_toc_line(line.text)) {
          // A title wrapped over two lines inside a table of contents joins its entry.
          std::string entry;
          if (toc->title.empty()) {
            if (text.empty()) {
              continue;  // a stray leader line
            }
            std::replace(text.begin(), text.end(), '\n', ' ');
            entry = text + "\t" + toc->page;
            text.clear();
            line_count = 0;
            builder.add_block(BlockKind::toc_entry, entry);
            in_toc = true;
            continue;
          }
          if (in_toc && !text.empty()) {
            entry = text + " ";
            text.clear();
            line_count = 0;
          } else {
            flush(BlockKind::paragraph);
          }
          entry += toc->title + "\t" + toc->page;
          builder.add_block(BlockKind::toc_entry, entry);
          in_toc = true;
          continue;
        }
        if (in_toc && line_count == 0 && l + 1 < pl.blocks[b].size() &&
            parse_toc_line(pl.blocks[b][l + 1].text)) {
          text = line.text;
          line_count = 1;
          continue;
        }
        append_line(text, line.text, options.join_hyphenated_words);
        ++line_count;
        height = std::max(height, line.glyph_height);
        segments = std::max(segments, line.segments.size());
      }
      flush(BlockKind::paragraph);
      if (b + 1 < pl.blocks.size()) {
        const auto& next = pl.blocks[b + 1];
        in_toc = in_toc && !next.empty() && parse_toc_line(next.front().text).has_value();
      }
    }
    builder.end_page();
  }
}

}  // namespace vigie::ingest::detail
