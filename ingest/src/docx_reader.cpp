// DOCX (Office Open XML WordprocessingML): paragraphs, headings, lists and tables in document
// order, headers and footers kept apart, pages from the page breaks Word recorded.

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "readers.hpp"
#include "text_builder.hpp"
#include "utf8.hpp"
#include "xml_util.hpp"
#include "zip_reader.hpp"

namespace vigie::ingest::detail {
namespace {

struct StyleInfo {
  std::string name;
  std::string based_on;
  int outline_level = -1;  // 0-based, -1 when none
  bool list = false;
};

// A secondary part that could not be read: the document is read without it.
void damaged_part(Document& document, const std::string& part, const std::string& what,
                  const std::string& error) {
  document.diagnostics.push_back({Severity::warning, "damaged-part",
                                  part + " illisible (" + error + ") : " + what + " ignorés", 0});
}

std::map<std::string, StyleInfo> read_styles(const std::string& xml, Document& document) {
  std::map<std::string, StyleInfo> styles;
  std::string error;
  XmlDocPtr doc = parse_xml(xml, error);
  if (!doc) {
    damaged_part(document, "word/styles.xml", "les styles (titres, listes) sont", error);
    return styles;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  for (const xmlNode* s = root ? root->children : nullptr; s != nullptr; s = s->next) {
    if (!is_element(s, "style")) {
      continue;
    }
    const auto id = attribute(s, "styleId");
    if (!id) {
      continue;
    }
    StyleInfo info;
    if (const xmlNode* n = child(s, "name")) {
      info.name = attribute(n, "val").value_or("");
    }
    if (const xmlNode* b = child(s, "basedOn")) {
      info.based_on = attribute(b, "val").value_or("");
    }
    if (const xmlNode* ppr = child(s, "pPr")) {
      if (const xmlNode* o = child(ppr, "outlineLvl")) {
        info.outline_level = std::atoi(attribute(o, "val").value_or("-1").c_str());
      }
      info.list = child(ppr, "numPr") != nullptr;
    }
    styles[*id] = info;
  }
  return styles;
}

// Heading level (1 = top) of a paragraph style, 0 when it is not a heading.
int heading_level(const std::map<std::string, StyleInfo>& styles, const std::string& id) {
  std::string current = id;
  for (int depth = 0; depth < 10 && !current.empty(); ++depth) {
    const auto it = styles.find(current);
    if (it == styles.end()) {
      break;
    }
    const StyleInfo& s = it->second;
    if (s.outline_level >= 0 && s.outline_level < 9) {
      return s.outline_level + 1;
    }
    const std::string name = lower_latin(s.name);
    for (const std::string_view prefix : {"heading ", "titre "}) {
      if (name.starts_with(prefix) && name.size() > prefix.size()) {
        const int level = std::atoi(name.c_str() + prefix.size());
        if (level > 0) {
          return level;
        }
      }
    }
    if (name == "title" || name == "titre") {
      return 1;
    }
    current = s.based_on;
  }
  return 0;
}

// "toc 1", "toc 2"...: the styles Word gives the entries of a table of contents.
bool is_toc_style(const StyleInfo& style) {
  const std::string name = lower_latin(style.name);
  return name.size() > 4 && name.starts_with("toc ") && name[4] >= '1' && name[4] <= '9';
}

class DocxWalker {
 public:
  DocxWalker(Document& doc, const std::map<std::string, StyleInfo>& styles)
      : m_builder(doc), m_styles(styles) {}

  void body(const xmlNode* body) {
    for (const xmlNode* c = body->children; c != nullptr; c = c->next) {
      block_level(c);
    }
    m_builder.end_page();
  }

  [[nodiscard]] bool saw_rendered_breaks() const { return m_rendered_breaks; }

 private:
  void block_level(const xmlNode* c) {
    if (is_element(c, "p")) {
      paragraph(c);
    } else if (is_element(c, "tbl")) {
      table(c);
    } else if (is_element(c, "sdt")) {
      if (const xmlNode* content = child(c, "sdtContent")) {
        for (const xmlNode* g = content->children; g != nullptr; g = g->next) {
          block_level(g);
        }
      }
    } else if (is_element(c, "customXml") || is_element(c, "ins") || is_element(c, "smartTag")) {
      for (const xmlNode* g = c->children; g != nullptr; g = g->next) {
        block_level(g);
      }
    }
  }

  // Collects a paragraph's text; a page break splits it into segments.
  void inline_text(const xmlNode* n, std::vector<std::string>& segments) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      const std::string_view name = local_name(c);
      if (name == "t") {
        segments.back() += all_text(c);
      } else if (name == "tab" || name == "ptab") {
        segments.back() += '\t';
      } else if (name == "br") {
        const auto type = attribute(c, "type");
        if (type && *type == "page") {
          segments.emplace_back();
        } else {
          segments.back() += '\n';
        }
      } else if (name == "cr") {
        segments.back() += '\n';
      } else if (name == "lastRenderedPageBreak") {
        m_rendered_breaks = true;
        segments.emplace_back();
      } else if (name == "noBreakHyphen") {
        segments.back() += '-';
      } else if (name == "del" || name == "delText" || name == "instrText" || name == "pPr" ||
                 name == "rPr" || name == "footnoteReference" || name == "endnoteReference" ||
                 name == "commentReference" || name == "moveFrom") {
        continue;
      } else if (name == "txbxContent") {
        // A text box inside a run: its paragraphs, joined as lines.
        for (const xmlNode* p = c->children; p != nullptr; p = p->next) {
          if (is_element(p, "p")) {
            if (!segments.back().empty()) {
              segments.back() += '\n';
            }
            inline_text(p, segments);
          }
        }
      } else if (name == "fallback" || name == "Fallback") {
        continue;  // mc:AlternateContent repeats its choice as a fallback
      } else {
        inline_text(c, segments);  // r, hyperlink, fldSimple, ins, smartTag, sdt, ...
      }
    }
  }

  void paragraph(const xmlNode* p) {
    BlockKind kind = BlockKind::paragraph;
    int level = 0;
    bool break_before = false;
    if (const xmlNode* ppr = child(p, "pPr")) {
      std::string style;
      if (const xmlNode* ps = child(ppr, "pStyle")) {
        style = attribute(ps, "val").value_or("");
      }
      if (const auto it = m_styles.find(style); it != m_styles.end() && is_toc_style(it->second)) {
        // Table-of-contents styles are often based on heading styles: check them first.
        kind = BlockKind::toc_entry;
      }
      if (const xmlNode* o = child(ppr, "outlineLvl");
          o != nullptr && kind != BlockKind::toc_entry) {
        const int lvl = std::atoi(attribute(o, "val").value_or("9").c_str());
        if (lvl >= 0 && lvl < 9) {
          kind = BlockKind::heading;
          level = lvl + 1;
        }
      }
      if (kind == BlockKind::paragraph && !style.empty()) {
        if (const int h = heading_level(m_styles, style); h > 0) {
          kind = BlockKind::heading;
          level = h;
        }
      }
      if (kind == BlockKind::paragraph) {
        if (const xmlNode* num = child(ppr, "numPr")) {
          kind = BlockKind::list_item;
          level = 1;
          if (const xmlNode* ilvl = child(num, "ilvl")) {
            level = std::atoi(attribute(ilvl, "val").value_or("0").c_str()) + 1;
          }
        } else if (!style.empty()) {
          const auto it = m_styles.find(style);
          if (it != m_styles.end() &&
              (it->second.list || lower_latin(it->second.name).find("list") != std::string::npos)) {
            kind = BlockKind::list_item;
            level = 1;
          }
        }
      }
      if (const xmlNode* pb = child(ppr, "pageBreakBefore")) {
        const auto v = attribute(pb, "val");
        break_before = !v || (*v != "0" && *v != "false");
      }
    }
    std::vector<std::string> segments(1);
    inline_text(p, segments);
    if (break_before) {
      page_break();
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) {
        page_break();
      }
      emit(kind, segments[i], level);
    }
  }

  void table(const xmlNode* tbl) {
    const int table_index = m_tables++;
    int row = 0;
    for (const xmlNode* tr = tbl->children; tr != nullptr; tr = tr->next) {
      if (!is_element(tr, "tr")) {
        continue;
      }
      int column = 0;
      for (const xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
        if (!is_element(tc, "tc")) {
          continue;
        }
        std::string cell;
        bool broke = false;
        cell_text(tc, cell, broke);
        if (broke) {
          page_break();
        }
        m_builder.add_block(BlockKind::table_cell, cell, 0, table_index, row, column);
        ++column;
      }
      ++row;
    }
  }

  // A cell's paragraphs and nested tables, as lines; page breaks inside a cell move the
  // whole cell to the next page.
  void cell_text(const xmlNode* tc, std::string& cell, bool& broke) {
    for (const xmlNode* c = tc->children; c != nullptr; c = c->next) {
      if (is_element(c, "p")) {
        std::vector<std::string> segments(1);
        inline_text(c, segments);
        if (segments.size() > 1) {
          broke = true;
        }
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
      } else if (is_element(c, "tbl")) {
        for (const xmlNode* tr = c->children; tr != nullptr; tr = tr->next) {
          for (const xmlNode* inner = tr->children; inner != nullptr; inner = inner->next) {
            if (is_element(inner, "tc")) {
              cell_text(inner, cell, broke);
            }
          }
        }
      } else if (is_element(c, "sdt")) {
        if (const xmlNode* content = child(c, "sdtContent")) {
          cell_text(content, cell, broke);
        }
      }
    }
  }

  void emit(BlockKind kind, const std::string& text, int level) {
    m_builder.add_block(kind, text, level);
  }

  void page_break() { m_builder.break_page(); }

  TextBuilder m_builder;
  const std::map<std::string, StyleInfo>& m_styles;
  int m_tables = 0;
  bool m_rendered_breaks = false;
};

void read_core_properties(const std::string& xml, Metadata& meta) {
  std::string error;
  XmlDocPtr doc = parse_xml(xml, error);
  if (!doc) {
    return;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  for (const xmlNode* c = root ? root->children : nullptr; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    const std::string_view name = local_name(c);
    const std::string value = all_text(c);
    if (name == "title") {
      meta.title = value;
    } else if (name == "creator") {
      meta.author = value;
    } else if (name == "subject") {
      meta.subject = value;
    } else if (name == "keywords") {
      meta.keywords = value;
    } else if (name == "created") {
      meta.created = value;  // W3CDTF dates are ISO 8601 already
    } else if (name == "modified") {
      meta.modified = value;
    }
  }
}

int read_app_properties(const std::string& xml, Metadata& meta) {
  std::string error;
  XmlDocPtr doc = parse_xml(xml, error);
  if (!doc) {
    return 0;
  }
  int pages = 0;
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  for (const xmlNode* c = root ? root->children : nullptr; c != nullptr; c = c->next) {
    if (is_element(c, "Application")) {
      meta.creator = all_text(c);
    } else if (is_element(c, "Pages")) {
      pages = std::atoi(all_text(c).c_str());
    }
  }
  return pages;
}

void read_furniture(const std::string& name, const std::string& xml, Placement placement,
                    Document& document) {
  std::string error;
  XmlDocPtr doc = parse_xml(xml, error);
  if (!doc) {
    damaged_part(document, name,
                 placement == Placement::header ? "son en-tête et son texte sont"
                                                : "son pied de page et son texte sont",
                 error);
    return;
  }
  std::string text;
  std::function<void(const xmlNode*)> walk = [&](const xmlNode* n) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_element(c, "p")) {
        std::string line;
        std::function<void(const xmlNode*)> runs = [&](const xmlNode* r) {
          for (const xmlNode* x = r->children; x != nullptr; x = x->next) {
            if (is_element(x, "t")) {
              line += all_text(x);
            } else if (is_element(x, "tab")) {
              line += '\t';
            } else if (x->type == XML_ELEMENT_NODE && !is_element(x, "instrText") &&
                       !is_element(x, "delText")) {
              runs(x);
            }
          }
        };
        runs(c);
        if (!line.empty()) {
          if (!text.empty()) {
            text += '\n';
          }
          text += line;
        }
      } else if (c->type == XML_ELEMENT_NODE) {
        walk(c);
      }
    }
  };
  walk(xmlDocGetRootElement(doc.get()));
  add_furniture_once(document, placement, text);
}

}  // namespace

std::optional<Error> read_docx(std::string_view bytes, const ExtractOptions& options,
                               Document& document) {
  ZipParts zip;
  const auto wanted = [](std::string_view name) {
    return name == "word/document.xml" || name == "word/styles.xml" ||
           name == "docProps/core.xml" || name == "docProps/app.xml" ||
           (name.starts_with("word/header") && name.ends_with(".xml")) ||
           (name.starts_with("word/footer") && name.ends_with(".xml"));
  };
  if (auto why = read_zip_parts(bytes, wanted, options.max_part_size, zip)) {
    return make_error(document, ErrorCode::invalid_zip, "DOCX illisible : " + *why);
  }
  if (const auto failed = zip.failed.find("word/document.xml"); failed != zip.failed.end()) {
    return make_error(document, ErrorCode::invalid_zip, "DOCX illisible : " + failed->second);
  }
  for (const auto& [name, why] : zip.failed) {
    document.diagnostics.push_back(
        {Severity::warning, "damaged-part", why + " : partie secondaire ignorée", 0});
  }
  const auto main = zip.parts.find("word/document.xml");
  if (main == zip.parts.end()) {
    return make_error(document, ErrorCode::missing_part,
                      "DOCX incomplet : l'archive ne contient pas word/document.xml");
  }
  std::map<std::string, StyleInfo> styles;
  if (const auto it = zip.parts.find("word/styles.xml"); it != zip.parts.end()) {
    styles = read_styles(it->second, document);
  }
  std::string error;
  XmlDocPtr doc = parse_xml(main->second, error);
  if (!doc) {
    return make_error(document, ErrorCode::damaged,
                      "DOCX endommagé : word/document.xml n'est pas du XML valide (" + error + ")");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* body = root ? child(root, "body") : nullptr;
  if (body == nullptr) {
    return make_error(document, ErrorCode::damaged,
                      "DOCX endommagé : word/document.xml n'a pas de corps (w:body)");
  }
  DocxWalker walker(document, styles);
  walker.body(body);

  int declared_pages = 0;
  if (const auto it = zip.parts.find("docProps/core.xml"); it != zip.parts.end()) {
    read_core_properties(it->second, document.metadata);
  }
  if (const auto it = zip.parts.find("docProps/app.xml"); it != zip.parts.end()) {
    declared_pages = read_app_properties(it->second, document.metadata);
  }
  for (const auto& [name, xml] : zip.parts) {
    if (name.starts_with("word/header")) {
      read_furniture(name, xml, Placement::header, document);
    } else if (name.starts_with("word/footer")) {
      read_furniture(name, xml, Placement::footer, document);
    }
  }
  finish_word_processor_document(document, walker.saw_rendered_breaks(), declared_pages);
  return std::nullopt;
}

}  // namespace vigie::ingest::detail
