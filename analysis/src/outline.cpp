// Sentences of each block, and the outline of the document: numbered headings nested by
// their style, the file's own headings, and the table of contents set apart.

#include <algorithm>
#include <array>

#include "analysis.hpp"
#include "vigie/analysis/text_tools.hpp"
#include "vigie/base/utf8.hpp"

namespace vigie::analysis::detail {
namespace {

using ingest::BlockKind;

std::string_view first_line(std::string_view block) {
  const auto nl = block.find('\n');
  return nl == std::string_view::npos ? block : block.substr(0, nl);
}

std::size_t line_count(std::string_view block) {
  return static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n')) + 1;
}

bool has_lower(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (utf8::is_lower_letter(utf8::decode_utf8(s, pos))) {
      return true;
    }
  }
  return false;
}

bool is_toc_title(std::string_view line) {
  const std::string f = fold_string(line);
  return f == "sommaire" || f == "table des matieres" || f == "sommaire :" ||
         f == "table des matieres :";
}

// Rank of the keyword styles, outermost first; 0 for the others.
int keyword_rank(HeadingStyle s) {
  switch (s) {
    case HeadingStyle::annexe:
      return 1;
    case HeadingStyle::titre:
      return 1;
    case HeadingStyle::partie:
      return 2;
    case HeadingStyle::chapitre:
      return 3;
    case HeadingStyle::section:
      return 4;
    case HeadingStyle::article:
      return 5;
    default:
      return 0;
  }
}

struct Key {
  HeadingStyle style = HeadingStyle::styled;
  int sub = 0;  // depth of a dotted number, or level of a styled heading
  bool operator==(const Key&) const = default;
};

// True when an open heading `top` must close before `next` opens, because `next` is at
// the same or an outer level.
bool closes(const Key& top, const Key& next) {
  // Headings in capitals all stand at the top: nothing tells their levels apart.
  if (top.style == HeadingStyle::capitals || next.style == HeadingStyle::capitals) {
    return true;
  }
  const int rt = keyword_rank(top.style);
  const int rn = keyword_rank(next.style);
  if (rt > 0 && rn > 0) {
    return rt > rn || (rt == rn && top.sub >= next.sub);
  }
  if (top.style == next.style &&
      (top.style == HeadingStyle::numbered || top.style == HeadingStyle::styled)) {
    return top.sub >= next.sub;
  }
  // An unnumbered heading the file marks only by its size closes before any keyword heading.
  if (top.style == HeadingStyle::styled && top.sub == 0 && rn > 0) {
    return true;
  }
  return false;
}

void split_toc_entry(std::string_view text, TocEntry& entry) {
  const auto tab = text.rfind('\t');
  if (tab != std::string_view::npos) {
    entry.title = std::string(text.substr(0, tab));
    entry.page_label = std::string(text.substr(tab + 1));
    return;
  }
  // "Objet du marché ........ 3"
  std::size_t e = text.size();
  while (e > 0 && text[e - 1] >= '0' && text[e - 1] <= '9') {
    --e;
  }
  entry.page_label = std::string(text.substr(e));
  std::size_t t = e;
  while (t > 0 && (text[t - 1] == '.' || text[t - 1] == ' ' || text[t - 1] == '_' ||
                   static_cast<unsigned char>(text[t - 1]) >= 0x80)) {
    if (static_cast<unsigned char>(text[t - 1]) >= 0x80) {
      if (t >= 3 && text.substr(t - 3, 3) == "\xE2\x80\xA6") {
        t -= 3;
        continue;
      }
      break;
    }
    --t;
  }
  entry.title = std::string(text.substr(0, t));
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (const char c : s) {
    const bool w = c != ' ' && c != '\t' && c != '\n';
    n += (w && !in) ? 1U : 0U;
    in = w;
  }
  return n;
}

// Whether `line`, the first line of block `b`, is a heading written in capitals: short, in
// capitals with no small letter, not numbered, not ending like a sentence or a list item,
// and followed by body text (the next lines of its block, or the next block, hold small
// letters and a sentence's worth of words). Cells, list items and headers never reach here.
bool capitals_heading(const ingest::Document& doc, std::size_t b, std::string_view text,
                      std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == ':' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  if (line.size() < 4 || line.size() > 100 || has_lower(line) || word_count(line) > 12) {
    return false;
  }
  const char last = line.back();
  if (last == '.' || last == ',' || last == ';' || (line.front() >= '0' && line.front() <= '9')) {
    return false;
  }
  // A label and its value ("SIRET : 20005796600018"), a number of four digits or more.
  std::size_t run = 0;
  for (const char ch : line) {
    run = (ch >= '0' && ch <= '9') ? run + 1 : 0;
    if (run >= 4 || ch == ':') {
      return false;
    }
  }
  std::size_t letters = 0;
  std::size_t pos = 0;
  while (pos < line.size()) {
    letters += utf8::is_upper_letter(utf8::decode_utf8(line, pos)) ? 1U : 0U;
  }
  if (letters < 4) {
    return false;
  }
  // Body text: small letters, a sentence's worth of words and a sentence's end (an address
  // block under a name in capitals has none).
  auto body = [](std::string_view t) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\n')) {
      t.remove_suffix(1);
    }
    return has_lower(t) && word_count(t) >= 6 &&
           (t.back() == '.' || t.back() == ':' || t.back() == ';' ||
            t.find(". ") != std::string_view::npos || t.find(".\n") != std::string_view::npos);
  };
  if (line_count(text) > 1) {
    return body(text.substr(first_line(text).size() + 1));
  }
  if (b + 1 >= doc.blocks.size()) {
    return false;
  }
  const auto& next = doc.blocks[b + 1];
  return (next.kind == BlockKind::paragraph || next.kind == BlockKind::list_item) &&
         body(doc.text_of(next.span));
}

}  // namespace

namespace {

// Length of the bullet that opens a list item as a PDF prints it ("• de partager …", "- le
// diagnostic"), with the spaces after it; 0 when the text does not open with one. A DOCX or
// ODT gives the same item without its bullet, so the first sentence starts after it.
std::size_t bullet_length(std::string_view text) {
  static constexpr std::array<std::string_view, 18> k_bullets = {
      "-", "–", "—", "•", "▪", "◦", "o", "*", "\xEF\x82\xB7", "\xEF\x82\xA7", "\xEF\x82\xD8",
      "➢", "✓", "►", "■", "□", "●", "○"};
  for (const std::string_view b : k_bullets) {
    if (text.size() > b.size() && text.starts_with(b) &&
        (text[b.size()] == ' ' || text[b.size()] == '\t')) {
      std::size_t n = b.size();
      while (n < text.size() && (text[n] == ' ' || text[n] == '\t')) {
        ++n;
      }
      return n < text.size() ? n : 0;
    }
  }
  return 0;
}

}  // namespace

void segment(AnalyzedDocument& a) {
  const auto& doc = a.document;
  for (std::size_t b = 0; b < doc.blocks.size(); ++b) {
    const auto& block = doc.blocks[b];
    if (block.kind == BlockKind::toc_entry) {
      continue;
    }
    const std::string_view text = doc.text_of(block.span);
    bool first = true;
    for (const Span s : split_sentences(text)) {
      Span span{block.span.begin + s.begin, block.span.begin + s.end};
      if (first) {
        span.begin += std::min(bullet_length(text.substr(s.begin)), s.end - s.begin);
      }
      // A sentence cut by a page break (a PDF paragraph running over to the next page) is
      // one sentence, as in the DOCX of the same text.
      if (first && !a.sentences.empty() && a.sentences.back().page + 1 == block.page) {
        Sentence& previous = a.sentences.back();
        const std::size_t ff = doc.text.find('\f', previous.span.end);
        if (ff != std::string::npos && ff < span.begin &&
            doc.text.find_first_not_of(" \n\t\f", previous.span.end) == span.begin &&
            continues_over_page_break(doc.text, ff)) {
          previous.span.end = span.end;
          first = false;
          continue;
        }
      }
      first = false;
      a.sentences.push_back(Sentence{span, block.page, b});
    }
  }
}

namespace {

// The outline of the document; with `capitals`, lines in capitals that stand alone before
// body text are headings too. Returns whether a numbered or keyword heading was seen, and
// counts the lines in capitals that could have been headings in `capitals_seen`.
bool outline_pass(AnalyzedDocument& a, bool capitals, std::size_t& capitals_seen) {
  const auto& doc = a.document;
  std::vector<std::pair<Key, std::size_t>> open;  // open headings, outermost first
  bool numbered_seen = false;
  for (std::size_t b = 0; b < doc.blocks.size(); ++b) {
    const auto& block = doc.blocks[b];
    const std::string_view text = doc.text_of(block.span);
    if (block.kind == BlockKind::toc_entry) {
      TocEntry entry;
      split_toc_entry(text, entry);
      entry.span = block.span;
      entry.page = block.page;
      a.toc.push_back(std::move(entry));
      continue;
    }
    if (block.kind == BlockKind::table_cell || block.kind == BlockKind::list_item) {
      continue;
    }
    const std::string_view line = first_line(text);
    if (is_toc_title(line)) {
      continue;
    }
    if (looks_like_toc_line(line) && line_count(text) == 1) {
      TocEntry entry;
      split_toc_entry(line, entry);
      entry.span = block.span;
      entry.page = block.page;
      a.toc.push_back(std::move(entry));
      continue;
    }
    std::optional<HeadingMatch> m = match_heading(line);
    const bool single = line_count(text) == 1;
    if (m && !single && block.kind != BlockKind::heading && keyword_rank(m->style) == 0) {
      // A heading set in the same block as its text (a PDF that spaces them tightly): keep
      // a dotted number ("2.1 Le site"), a letter or a Roman numeral ("B – Objet du
      // marché", the parts of an acte d'engagement) on a short line of its own, followed by
      // a line starting with a capital; anything else is a numbered paragraph.
      const std::string_view next = first_line(text.substr(line.size() + 1));
      std::size_t q = 0;
      const bool next_capital = !next.empty() && utf8::is_upper_letter(utf8::decode_utf8(next, q));
      const char last = line.back();
      const bool own_line = line.size() <= 90 && last != '.' && last != ',' && last != ';' &&
                            last != ':' && next_capital;
      const bool kept_style = (m->style == HeadingStyle::numbered && m->depth >= 2) ||
                              m->style == HeadingStyle::letter || m->style == HeadingStyle::roman;
      if (!(kept_style && own_line)) {
        m.reset();
      }
    }
    Section s;
    // How much of the block is the heading: a heading block whole; else the first line,
    // plus the following lines while they continue a title set in capitals.
    std::size_t heading_len = line.size();
    if (block.kind == BlockKind::heading) {
      heading_len = text.size();
    } else if (m && !single && !has_lower(line)) {
      std::size_t p = line.size();
      while (p < text.size()) {
        const std::string_view next = first_line(text.substr(p + 1));
        if (next.empty() || has_lower(next) || next.size() > 120) {
          break;
        }
        p += 1 + next.size();
      }
      heading_len = p;
    } else if (m && !single && keyword_rank(m->style) > 0) {
      // A narrow column wraps the title: "Article 6 – Travaux en" / "site occupé" / "Les
      // travaux …". Lines starting in lower case continue the title when a line starting
      // with a capital (the body) follows them, or when the block ends with them (the title
      // set apart from its text, as in a DOCX).
      std::size_t p = line.size();
      std::size_t candidate = p;
      for (int k = 0; k < 2 && p < text.size(); ++k) {
        const std::string_view next = first_line(text.substr(p + 1));
        std::size_t q = 0;
        if (next.empty() || next.size() > 60 ||
            !utf8::is_lower_letter(utf8::decode_utf8(next, q))) {
          break;
        }
        p += 1 + next.size();
        const std::string_view after = p < text.size() ? first_line(text.substr(p + 1)) : "";
        std::size_t r = 0;
        if (p >= text.size() ||
            (!after.empty() && utf8::is_upper_letter(utf8::decode_utf8(after, r)))) {
          candidate = p;
          break;
        }
      }
      heading_len = candidate;
    }
    std::string heading_text(text.substr(0, heading_len));
    std::replace(heading_text.begin(), heading_text.end(), '\n', ' ');
    if (m) {
      if (heading_len > line.size()) {
        if (auto whole = match_heading(heading_text)) {
          m = whole;
        }
      }
      s.style = m->style;
      s.number = m->number;
      s.title = m->title;
      if (s.title.empty() && !single && heading_len == line.size()) {
        // "ARTICLE 3\nOBJET DU MARCHÉ": the title on the next line.
        const std::string_view rest = text.substr(line.size() + 1);
        const std::string_view next = first_line(rest);
        if (next.size() < 160) {
          s.title = std::string(next);
          heading_len += 1 + next.size();
        }
      }
    } else if (block.kind == BlockKind::heading) {
      // A line the file styles as a heading is none when it starts in lower case (a cell of
      // a summary table: "offres 4 mois") or with a postcode (an address line of a cover).
      std::size_t q = 0;
      const char32_t first = heading_text.empty() ? 0 : utf8::decode_utf8(heading_text, q);
      const bool postcode = heading_text.size() > 6 &&
                            std::all_of(heading_text.begin(), heading_text.begin() + 5,
                                        [](char ch) { return ch >= '0' && ch <= '9'; }) &&
                            heading_text[5] == ' ';
      if (utf8::is_lower_letter(first) || postcode) {
        continue;
      }
      s.style = HeadingStyle::styled;
      s.title = heading_text;
    } else if (capitals_heading(doc, b, text, line)) {
      ++capitals_seen;
      if (!capitals) {
        continue;
      }
      std::string_view title = line;
      while (!title.empty() && (title.back() == ' ' || title.back() == ':')) {
        title.remove_suffix(1);
      }
      heading_len = line.size();
      s.style = HeadingStyle::capitals;
      s.title = std::string(title);
    } else {
      continue;
    }
    const Key key{
        s.style,
        m ? (s.style == HeadingStyle::numbered || s.style == HeadingStyle::article ? m->depth : 1)
          : block.level};
    s.heading = Span{block.span.begin, block.span.begin + heading_len};
    s.page = block.page;
    s.block = b;
    // The document's title (its first heading, unnumbered, on the first page) stands alone:
    // the articles are not nested under it.
    const bool title_page = s.style == HeadingStyle::styled && block.level <= 1 && !numbered_seen &&
                            a.sections.empty() && block.page <= 1;
    if (m) {
      numbered_seen = true;
    }
    // Close the open headings at the same or an inner level.
    auto same =
        std::find_if(open.begin(), open.end(), [&](const auto& o) { return o.first == key; });
    if (same != open.end()) {
      open.erase(same, open.end());
    }
    while (!open.empty() && closes(open.back().first, key)) {
      open.pop_back();
    }
    s.level = static_cast<int>(open.size()) + 1;
    s.parent = open.empty() ? -1 : static_cast<int>(open.back().second);
    a.sections.push_back(std::move(s));
    if (!title_page) {
      open.emplace_back(key, a.sections.size() - 1);
    }
  }
  return numbered_seen;
}

}  // namespace

void build_outline(AnalyzedDocument& a) {
  std::size_t capitals_seen = 0;
  const bool numbered = outline_pass(a, false, capitals_seen);
  // A document that numbers none of its headings: its lines in capitals are its headings.
  if (!numbered && capitals_seen >= 2) {
    a.sections.clear();
    a.toc.clear();
    outline_pass(a, true, capitals_seen);
  }
  const auto& doc = a.document;
  // Each section runs to the next heading at the same or an outer level.
  const std::size_t text_end = doc.text.size();
  for (std::size_t i = 0; i < a.sections.size(); ++i) {
    std::size_t end = text_end;
    for (std::size_t j = i + 1; j < a.sections.size(); ++j) {
      if (a.sections[j].level <= a.sections[i].level) {
        end = a.sections[j].heading.begin;
        break;
      }
    }
    a.sections[i].span = Span{a.sections[i].heading.begin, end};
  }
}

}  // namespace vigie::analysis::detail
