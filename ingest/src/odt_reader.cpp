// ODT (OpenDocument Text): headings with their outline level, paragraphs, lists and tables in
// document order; master-page headers and footers kept apart; pages from the soft page
// breaks LibreOffice records and from explicit breaks.

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>

#include "readers.hpp"
#include "text_builder.hpp"
#include "utf8.hpp"
#include "xml_util.hpp"
#include "zip_reader.hpp"

namespace vigie::ingest::detail {
namespace {

// Automatic and named paragraph styles that start or end a page.
struct PageBreakStyles {
  std::set<std::string> before;
  std::set<std::string> after;
  std::set<std::string> heading_like;  // parent style is a heading
  std::set<std::string> toc_like;      // a table-of-contents entry style, or derived from one
};

// "Contents 1"…"Contents 10" (encoded "Contents_20_1"): the styles LibreOffice gives the
// entries of a table of contents, as Word gives "toc 1".
bool is_contents_style(std::string_view name) {
  for (const std::string_view prefix : {"Contents_20_", "Contents "}) {
    if (name.size() > prefix.size() && name.starts_with(prefix) && name[prefix.size()] >= '1' &&
        name[prefix.size()] <= '9') {
      return true;
    }
  }
  return false;
}

void read_break_styles(const xmlNode* styles_parent, PageBreakStyles& out) {
  for (const xmlNode* s = styles_parent ? styles_parent->children : nullptr; s != nullptr;
       s = s->next) {
    if (!is_element(s, "style")) {
      continue;
    }
    const auto name = attribute(s, "name");
    if (!name) {
      continue;
    }
    if (const auto parent = attribute(s, "parent-style-name")) {
      if (parent->starts_with("Heading")) {
        out.heading_like.insert(*name);
      }
      if (is_contents_style(*parent)) {
        out.toc_like.insert(*name);
      }
    }
    if (const xmlNode* props = child(s, "paragraph-properties")) {
      if (attribute(props, "break-before").value_or("") == "page") {
        out.before.insert(*name);
      }
      if (attribute(props, "break-after").value_or("") == "page") {
        out.after.insert(*name);
      }
    }
  }
}

class OdtWalker {
 public:
  OdtWalker(Document& doc, const PageBreakStyles& styles) : m_builder(doc), m_styles(styles) {}

  void text_body(const xmlNode* body) {
    blocks(body, 0);
    m_builder.end_page();
  }

  [[nodiscard]] bool saw_soft_breaks() const { return m_soft_breaks; }

 private:
  void blocks(const xmlNode* parent, int list_depth) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      const std::string_view name = local_name(c);
      if (name == "h") {
        const int level = std::atoi(attribute(c, "outline-level").value_or("1").c_str());
        paragraph(c, BlockKind::heading, level > 0 ? level : 1);
      } else if (name == "p") {
        const std::string style = attribute(c, "style-name").value_or("");
        BlockKind kind = list_depth > 0 ? BlockKind::list_item : BlockKind::paragraph;
        int level = list_depth;
        if (kind == BlockKind::paragraph &&
            (style == "Title" || m_styles.heading_like.contains(style))) {
          kind = BlockKind::heading;
          level = 1;
        } else if (is_contents_style(style) || m_styles.toc_like.contains(style)) {
          kind = BlockKind::toc_entry;
          level = 0;
        }
        paragraph(c, kind, level);
      } else if (name == "list") {
        for (const xmlNode* item = c->children; item != nullptr; item = item->next) {
          if (is_element(item, "list-item") || is_element(item, "list-header")) {
            blocks(item, list_depth + 1);
          }
        }
      } else if (name == "table") {
        table(c);
      } else if (name == "soft-page-break") {
        m_soft_breaks = true;
        page_break();
      } else if (name == "section" || name == "index-body" || name == "table-of-content" ||
                 name == "illustration-index" || name == "alphabetical-index" ||
                 name == "user-index" || name == "bibliography" || name == "change-end" ||
                 name == "change-start") {
        blocks(c, list_depth);
      } else if (name == "tracked-changes" || name == "sequence-decls" ||
                 name == "variable-decls" || name == "user-field-decls" ||
                 name == "index-title-template" || name == "table-of-content-source") {
        continue;
      }
    }
  }

  void inline_text(const xmlNode* n, std::vector<std::string>& segments) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
        segments.back() += reinterpret_cast<const char*>(c->content);
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      const std::string_view name = local_name(c);
      if (name == "s") {
        const int count = std::atoi(attribute(c, "c").value_or("1").c_str());
        segments.back().append(static_cast<std::size_t>(std::clamp(count, 1, 1000)), ' ');
      } else if (name == "tab") {
        segments.back() += '\t';
      } else if (name == "line-break") {
        segments.back() += '\n';
      } else if (name == "soft-page-break") {
        m_soft_breaks = true;
        segments.emplace_back();
      } else if (name == "note" || name == "annotation" || name == "annotation-end" ||
                 name == "bookmark" || name == "bookmark-start" || name == "bookmark-end" ||
                 name == "reference-mark" || name == "change" || name == "deletion") {
        continue;
      } else if (name == "frame" || name == "text-box") {
        // Text boxes drawn inside a paragraph: their paragraphs, as lines.
        std::function<void(const xmlNode*)> walk = [&](const xmlNode* f) {
          for (const xmlNode* x = f->children; x != nullptr; x = x->next) {
            if (is_element(x, "p") || is_element(x, "h")) {
              if (!segments.back().empty()) {
                segments.back() += '\n';
              }
              inline_text(x, segments);
            } else if (x->type == XML_ELEMENT_NODE) {
              walk(x);
            }
          }
        };
        walk(c);
      } else {
        inline_text(c, segments);  // span, a, ruby, meta, field elements...
      }
    }
  }

  void paragraph(const xmlNode* p, BlockKind kind, int level) {
    const std::string style = attribute(p, "style-name").value_or("");
    if (m_styles.before.contains(style)) {
      page_break();
    }
    std::vector<std::string> segments(1);
    inline_text(p, segments);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) {
        page_break();
      }
      m_builder.add_block(kind, segments[i], level);
    }
    if (m_styles.after.contains(style)) {
      page_break();
    }
  }

  void table(const xmlNode* tbl) {
    const int table_index = m_tables++;
    int row = 0;
    std::function<void(const xmlNode*)> rows = [&](const xmlNode* parent) {
      for (const xmlNode* tr = parent->children; tr != nullptr; tr = tr->next) {
        if (is_element(tr, "table-header-rows") || is_element(tr, "table-rows") ||
            is_element(tr, "table-row-group")) {
          rows(tr);
          continue;
        }
        if (is_element(tr, "soft-page-break")) {
          m_soft_breaks = true;
          page_break();
          continue;
        }
        if (!is_element(tr, "table-row")) {
          continue;
        }
        int column = 0;
        for (const xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
          if (!is_element(tc, "table-cell") && !is_element(tc, "covered-table-cell")) {
            continue;
          }
          std::string cell;
          cell_text(tc, cell);
          m_builder.add_block(BlockKind::table_cell, cell, 0, table_index, row, column);
          ++column;
        }
        ++row;
      }
    };
    rows(tbl);
  }

  void cell_text(const xmlNode* tc, std::string& cell) {
    for (const xmlNode* c = tc->children; c != nullptr; c = c->next) {
      if (is_element(c, "p") || is_element(c, "h")) {
        std::vector<std::string> segments(1);
        inline_text(c, segments);
        std::string joined;
        for (const auto& s : segments) {
          joined += s;
        }
        if (!joined.empty()) {
          if (!cell.empty()) {
            cell += '\n';
          }
          cell += joined;
        }
      } else if (c->type == XML_ELEMENT_NODE) {
        cell_text(c, cell);  // lists and nested tables inside a cell
      }
    }
  }

  void page_break() { m_builder.break_page(); }

  TextBuilder m_builder;
  const PageBreakStyles& m_styles;
  int m_tables = 0;
  bool m_soft_breaks = false;
};

void read_meta(const std::string& xml, Metadata& meta, int& declared_pages) {
  std::string error;
  XmlDocPtr doc = parse_xml(xml, error);
  if (!doc) {
    return;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* m = root ? child(root, "meta") : nullptr;
  for (const xmlNode* c = m ? m->children : nullptr; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    const std::string_view name = local_name(c);
    if (name == "title") {
      meta.title = all_text(c);
    } else if (name == "initial-creator") {
      meta.author = all_text(c);
    } else if (name == "creator" && meta.author.empty()) {
      meta.author = all_text(c);
    } else if (name == "subject") {
      meta.subject = all_text(c);
    } else if (name == "keyword") {
      meta.keywords += (meta.keywords.empty() ? "" : ", ") + all_text(c);
    } else if (name == "creation-date") {
      meta.created = all_text(c);
    } else if (name == "date") {
      meta.modified = all_text(c);
    } else if (name == "generator") {
      meta.creator = all_text(c);
    } else if (name == "document-statistic") {
      declared_pages = std::atoi(attribute(c, "page-count").value_or("0").c_str());
    }
  }
}

// Text of a header or footer paragraph, with its tabs, spaces and line breaks.
void plain_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
      out += reinterpret_cast<const char*>(c->content);
    } else if (is_element(c, "tab")) {
      out += '\t';
    } else if (is_element(c, "line-break")) {
      out += '\n';
    } else if (is_element(c, "s")) {
      out.append(static_cast<std::size_t>(
                     std::clamp(std::atoi(attribute(c, "c").value_or("1").c_str()), 1, 100)),
                 ' ');
    } else if (c->type == XML_ELEMENT_NODE) {
      plain_text(c, out);
    }
  }
}

void read_master_furniture(const xmlNode* root, Document& document) {
  const xmlNode* master = root ? child(root, "master-styles") : nullptr;
  for (const xmlNode* mp = master ? master->children : nullptr; mp != nullptr; mp = mp->next) {
    if (!is_element(mp, "master-page")) {
      continue;
    }
    for (const xmlNode* part = mp->children; part != nullptr; part = part->next) {
      Placement placement;
      const std::string_view name = part->type == XML_ELEMENT_NODE ? local_name(part) : "";
      if (name == "header" || name == "header-first" || name == "header-left") {
        placement = Placement::header;
      } else if (name == "footer" || name == "footer-first" || name == "footer-left") {
        placement = Placement::footer;
      } else {
        continue;
      }
      std::string text;
      for (const xmlNode* p = part->children; p != nullptr; p = p->next) {
        std::string line;
        plain_text(p, line);
        if (!line.empty()) {
          text += (text.empty() ? "" : "\n") + line;
        }
      }
      add_furniture_once(document, placement, text);
    }
  }
}

}  // namespace

std::optional<Error> read_odt(std::string_view bytes, const ExtractOptions& options,
                              Document& document) {
  ZipParts zip;
  const auto wanted = [](std::string_view name) {
    return name == "content.xml" || name == "styles.xml" || name == "meta.xml" ||
           name == "mimetype";
  };
  if (auto why = read_zip_parts(bytes, wanted, options.max_part_size, zip)) {
    return make_error(document, ErrorCode::invalid_zip, "ODT illisible : " + *why);
  }
  if (const auto failed = zip.failed.find("content.xml"); failed != zip.failed.end()) {
    return make_error(document, ErrorCode::invalid_zip, "ODT illisible : " + failed->second);
  }
  for (const auto& [name, why] : zip.failed) {
    document.diagnostics.push_back(
        {Severity::warning, "damaged-part", why + " : partie secondaire ignorée", 0});
  }
  const auto content = zip.parts.find("content.xml");
  if (content == zip.parts.end()) {
    return make_error(document, ErrorCode::missing_part,
                      "ODT incomplet : l'archive ne contient pas content.xml");
  }
  std::string error;
  XmlDocPtr doc = parse_xml(content->second, error);
  if (!doc) {
    return make_error(document, ErrorCode::damaged,
                      "ODT endommagé : content.xml n'est pas du XML valide (" + error + ")");
  }
  PageBreakStyles styles;
  XmlDocPtr styles_doc;
  if (const auto it = zip.parts.find("styles.xml"); it != zip.parts.end()) {
    std::string styles_error;
    styles_doc = parse_xml(it->second, styles_error);
    if (styles_doc) {
      const xmlNode* sroot = xmlDocGetRootElement(styles_doc.get());
      read_break_styles(sroot ? child(sroot, "styles") : nullptr, styles);
    } else {
      document.diagnostics.push_back({Severity::warning, "damaged-part",
                                      "styles.xml illisible (" + styles_error +
                                          ") : styles, en-têtes et pieds de page ignorés",
                                      0});
    }
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  read_break_styles(root ? child(root, "automatic-styles") : nullptr, styles);
  const xmlNode* body = root ? child(root, "body") : nullptr;
  const xmlNode* text = body ? child(body, "text") : nullptr;
  if (text == nullptr) {
    return make_error(document, ErrorCode::unsupported_format,
                      "document OpenDocument qui n'est pas un texte (tableur ou présentation ?)");
  }
  OdtWalker walker(document, styles);
  walker.text_body(text);

  int declared_pages = 0;
  if (const auto it = zip.parts.find("meta.xml"); it != zip.parts.end()) {
    read_meta(it->second, document.metadata, declared_pages);
  }
  if (styles_doc) {
    read_master_furniture(xmlDocGetRootElement(styles_doc.get()), document);
  }
  finish_word_processor_document(document, walker.saw_soft_breaks(), declared_pages);
  return std::nullopt;
}

}  // namespace vigie::ingest::detail
