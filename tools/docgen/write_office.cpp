// Writes a Source as DOCX (WordprocessingML) and ODT (OpenDocument Text) with libarchive's
// ZIP writer: real heading styles, numbered lists, tables, page breaks, headers and footers.

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "docgen.hpp"

namespace vigie::docgen {
namespace {

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string meta_or(const Source& src, const char* key, const std::string& fallback = {}) {
  const auto it = src.meta.find(key);
  return it != src.meta.end() ? it->second : fallback;
}

// "left|right" header specs become "left<TAB>right"; page fields are dropped from office
// formats' plain text ({page} is rendered by the word processor itself).
std::string plain_furniture(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 7, "{pages}") == 0) {
      out += '#';
      i += 7;
    } else if (s.compare(i, 6, "{page}") == 0) {
      out += '#';
      i += 6;
    } else {
      out += s[i] == '|' ? '\t' : s[i];
      ++i;
    }
  }
  return out;
}

class ZipWriter {
 public:
  explicit ZipWriter(const std::string& path) : m_path(path), m_ar(archive_write_new()) {
    archive_write_set_format_zip(m_ar);
    if (archive_write_open_filename(m_ar, path.c_str()) != ARCHIVE_OK) {
      throw std::runtime_error(path + ": " + archive_error_string(m_ar));
    }
  }
  ~ZipWriter() { archive_write_free(m_ar); }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  void add(const std::string& name, const std::string& data, bool store = false) {
    if (store) {
      archive_write_zip_set_compression_store(m_ar);
    } else {
      archive_write_zip_set_compression_deflate(m_ar);
    }
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, 1768467600, 0);  // 2026-01-15, for reproducible files
    if (archive_write_header(m_ar, e) != ARCHIVE_OK ||
        archive_write_data(m_ar, data.data(), data.size()) < 0) {
      const std::string why = archive_error_string(m_ar);
      archive_entry_free(e);
      throw std::runtime_error(m_path + ": " + why);
    }
    archive_entry_free(e);
  }
  void close() {
    if (archive_write_close(m_ar) != ARCHIVE_OK) {
      throw std::runtime_error(m_path + ": " + archive_error_string(m_ar));
    }
  }

 private:
  std::string m_path;
  archive* m_ar;
};

// ---- DOCX ---------------------------------------------------------------------------------

std::string w_run(const std::string& text, bool bold = false) {
  std::string out = "<w:r>";
  if (bold) {
    out += "<w:rPr><w:b/></w:rPr>";
  }
  // Tabs become w:tab elements.
  std::size_t start = 0;
  for (;;) {
    const auto tab = text.find('\t', start);
    out += "<w:t xml:space=\"preserve\">" + esc(text.substr(start, tab - start)) + "</w:t>";
    if (tab == std::string::npos) {
      break;
    }
    out += "<w:tab/>";
    start = tab + 1;
  }
  return out + "</w:r>";
}

std::string w_para(const std::string& text, const std::string& style = {},
                   const std::string& extra_ppr = {}) {
  std::string ppr;
  if (!style.empty() || !extra_ppr.empty()) {
    ppr = "<w:pPr>" + (style.empty() ? "" : "<w:pStyle w:val=\"" + style + "\"/>") + extra_ppr +
          "</w:pPr>";
  }
  return "<w:p>" + ppr + w_run(text) + "</w:p>";
}

const char* k_w_ns =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

std::string docx_body(const Source& src) {
  std::string body;
  const auto& blocks = src.blocks;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    switch (b.type) {
      case BlockType::title:
        body += w_para(b.text, "Title");
        break;
      case BlockType::heading:
        body += w_para(b.text, "Heading" + std::to_string(b.level));
        break;
      case BlockType::paragraph:
        body += w_para(b.text);
        break;
      case BlockType::raw_lines: {
        std::string p = "<w:p>";
        for (std::size_t l = 0; l < b.cells.size(); ++l) {
          if (l > 0) {
            p += "<w:r><w:br/></w:r>";
          }
          p += w_run(b.cells[l]);
        }
        body += p + "</w:p>";
        break;
      }
      case BlockType::list_item:
        body += w_para(b.text, "ListParagraph",
                       "<w:numPr><w:ilvl w:val=\"" + std::to_string(b.level - 1) +
                           "\"/><w:numId w:val=\"1\"/></w:numPr>");
        break;
      case BlockType::table_row: {
        const bool first = i == 0 || blocks[i - 1].type != BlockType::table_row;
        const bool last = i + 1 == blocks.size() || blocks[i + 1].type != BlockType::table_row;
        if (first) {
          body +=
              "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" "
              "w:type=\"auto\"/></w:tblPr>";
        }
        body += "<w:tr>";
        for (const auto& c : b.cells) {
          body += "<w:tc><w:p>" + w_run(c, first) + "</w:p></w:tc>";
        }
        body += "</w:tr>";
        if (last) {
          body += "</w:tbl>";
        }
        break;
      }
      case BlockType::toc:
        for (const Block& h : blocks) {
          if (h.type == BlockType::heading && h.level <= 2) {
            body += w_para(h.text, "TOC" + std::to_string(h.level));
          }
        }
        break;
      case BlockType::page_break:
      case BlockType::columns:
      case BlockType::scan_begin:
        body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
        break;
      case BlockType::spacer:
        break;
    }
  }
  return body;
}

std::string docx_styles() {
  std::string s =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles ") +
      k_w_ns + ">";
  s += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
       "w:val=\"Normal\"/>"
       "<w:rPr><w:rFonts w:ascii=\"DejaVu Serif\" w:hAnsi=\"DejaVu Serif\"/><w:sz "
       "w:val=\"20\"/></w:rPr></w:style>";
  s += "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn "
       "w:val=\"Normal\"/>"
       "<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr></w:style>";
  for (int level = 1; level <= 3; ++level) {
    s += "<w:style w:type=\"paragraph\" w:styleId=\"Heading" + std::to_string(level) +
         "\"><w:name w:val=\"heading " + std::to_string(level) +
         "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/>"
         "<w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"" +
         std::to_string(level - 1) + "\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"" +
         std::to_string(28 - 2 * level) + "\"/></w:rPr></w:style>";
  }
  s +=
      "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
      "<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:left=\"720\"/></w:pPr></w:style>";
  for (int level = 1; level <= 2; ++level) {
    s += "<w:style w:type=\"paragraph\" w:styleId=\"TOC" + std::to_string(level) +
         "\"><w:name w:val=\"toc " + std::to_string(level) +
         "\"/><w:basedOn w:val=\"Normal\"/></w:style>";
  }
  s += "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table "
       "Grid\"/><w:tblPr><w:tblBorders>"
       "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom "
       "w:val=\"single\" w:sz=\"4\"/>"
       "<w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV "
       "w:val=\"single\" w:sz=\"4\"/>"
       "</w:tblBorders></w:tblPr></w:style>";
  return s + "</w:styles>";
}

std::string docx_numbering() {
  std::string s =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering ") +
      k_w_ns + "><w:abstractNum w:abstractNumId=\"0\">";
  const char* bullets[] = {"•", "–"};
  for (int l = 0; l < 2; ++l) {
    s += "<w:lvl w:ilvl=\"" + std::to_string(l) +
         "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"" + bullets[l] +
         "\"/><w:pPr><w:ind w:left=\"" + std::to_string(720 * (l + 1)) +
         "\" w:hanging=\"360\"/></w:pPr></w:lvl>";
  }
  return s +
         "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
         "w:val=\"0\"/></w:num></w:numbering>";
}

std::string docx_furniture(const char* tag, const std::string& text) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:") + tag +
         " " + k_w_ns + ">" + w_para(plain_furniture(text)) + "</w:" + tag + ">";
}

// ---- ODT ----------------------------------------------------------------------------------

const char* k_odf_ns =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\"";

std::string odt_text(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const auto tab = text.find('\t', start);
    out += esc(text.substr(start, tab - start));
    if (tab == std::string::npos) {
      break;
    }
    out += "<text:tab/>";
    start = tab + 1;
  }
  return out;
}

std::string odt_body(const Source& src) {
  std::string body;
  const auto& blocks = src.blocks;
  bool pending_break = false;
  auto p_style = [&](const char* normal) {
    std::string style = pending_break ? "PageBreak" : normal;
    pending_break = false;
    return style;
  };
  int tables = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    switch (b.type) {
      case BlockType::title:
        body += "<text:p text:style-name=\"" + p_style("Title") + "\">" + odt_text(b.text) +
                "</text:p>";
        break;
      case BlockType::heading: {
        const std::string style = pending_break ? "HeadingBreak" + std::to_string(b.level)
                                                : "Heading_20_" + std::to_string(b.level);
        pending_break = false;
        body += "<text:h text:style-name=\"" + style + "\" text:outline-level=\"" +
                std::to_string(b.level) + "\">" + odt_text(b.text) + "</text:h>";
        break;
      }
      case BlockType::paragraph:
        body += "<text:p text:style-name=\"" + p_style("Text_20_body") + "\">" + odt_text(b.text) +
                "</text:p>";
        break;
      case BlockType::raw_lines: {
        body += "<text:p text:style-name=\"" + p_style("Text_20_body") + "\">";
        for (std::size_t l = 0; l < b.cells.size(); ++l) {
          body += (l > 0 ? "<text:line-break/>" : "") + odt_text(b.cells[l]);
        }
        body += "</text:p>";
        break;
      }
      case BlockType::list_item: {
        std::string item = "<text:list-item><text:p text:style-name=\"" + p_style("List") + "\">" +
                           odt_text(b.text) + "</text:p></text:list-item>";
        if (b.level == 2) {
          item = "<text:list-item><text:list>" + item + "</text:list></text:list-item>";
        }
        body += "<text:list text:style-name=\"Bullets\">" + item + "</text:list>";
        break;
      }
      case BlockType::table_row: {
        const bool first = i == 0 || blocks[i - 1].type != BlockType::table_row;
        const bool last = i + 1 == blocks.size() || blocks[i + 1].type != BlockType::table_row;
        if (first) {
          body += "<table:table table:name=\"Tableau" + std::to_string(++tables) + "\">";
          body += "<table:table-column table:number-columns-repeated=\"" +
                  std::to_string(b.cells.size()) + "\"/>";
        }
        body += "<table:table-row>";
        for (const auto& c : b.cells) {
          body += "<table:table-cell office:value-type=\"string\"><text:p>" + odt_text(c) +
                  "</text:p></table:table-cell>";
        }
        body += "</table:table-row>";
        if (last) {
          body += "</table:table>";
        }
        break;
      }
      case BlockType::toc:
        for (const Block& h : blocks) {
          if (h.type == BlockType::heading && h.level <= 2) {
            body += "<text:p text:style-name=\"Contents_20_" + std::to_string(h.level) + "\">" +
                    odt_text(h.text) + "</text:p>";
          }
        }
        break;
      case BlockType::page_break:
      case BlockType::columns:
      case BlockType::scan_begin:
        pending_break = true;
        break;
      case BlockType::spacer:
        break;
    }
  }
  return body;
}

}  // namespace

void write_docx(const Source& src, const std::string& out_path) {
  ZipWriter zip(out_path);
  const bool has_header = src.meta.count("header") > 0;
  const bool has_footer = src.meta.count("footer") > 0;
  zip.add(
      "[Content_Types].xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
      "<Override PartName=\"/word/styles.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
      "<Override PartName=\"/word/numbering.xml\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
      "<Override PartName=\"/word/header1.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
      "<Override PartName=\"/word/footer1.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
      "<Override PartName=\"/docProps/core.xml\" "
      "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
      "<Override PartName=\"/docProps/app.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
      "</Types>");
  zip.add("_rels/.rels",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
          "officeDocument\" Target=\"word/document.xml\"/>"
          "<Relationship Id=\"rId2\" "
          "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
          "core-properties\" Target=\"docProps/core.xml\"/>"
          "<Relationship Id=\"rId3\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
          "extended-properties\" Target=\"docProps/app.xml\"/>"
          "</Relationships>");
  zip.add("word/_rels/document.xml.rels",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
          "Target=\"styles.xml\"/>"
          "<Relationship Id=\"rId2\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" "
          "Target=\"numbering.xml\"/>"
          "<Relationship Id=\"rId3\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" "
          "Target=\"header1.xml\"/>"
          "<Relationship Id=\"rId4\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" "
          "Target=\"footer1.xml\"/>"
          "</Relationships>");
  std::string sect = "<w:sectPr>";
  if (has_header) {
    sect += "<w:headerReference w:type=\"default\" r:id=\"rId3\"/>";
  }
  if (has_footer) {
    sect += "<w:footerReference w:type=\"default\" r:id=\"rId4\"/>";
  }
  sect +=
      "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" w:right=\"1417\" "
      "w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" "
      "w:gutter=\"0\"/></w:sectPr>";
  zip.add(
      "word/document.xml",
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document ") +
          k_w_ns + "><w:body>" + docx_body(src) + sect + "</w:body></w:document>");
  zip.add("word/styles.xml", docx_styles());
  zip.add("word/numbering.xml", docx_numbering());
  zip.add("word/header1.xml", docx_furniture("hdr", meta_or(src, "header")));
  zip.add("word/footer1.xml", docx_furniture("ftr", meta_or(src, "footer")));
  const std::string date = meta_or(src, "created", "2026-01-15T09:00:00") + "Z";
  zip.add(
      "docProps/core.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<cp:coreProperties "
      "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<dc:title>" +
          esc(meta_or(src, "title")) + "</dc:title><dc:subject>" + esc(meta_or(src, "subject")) +
          "</dc:subject><dc:creator>" + esc(meta_or(src, "author")) + "</dc:creator><cp:keywords>" +
          esc(meta_or(src, "keywords")) +
          "</cp:keywords><dcterms:created xsi:type=\"dcterms:W3CDTF\">" + date +
          "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + date +
          "</dcterms:modified></cp:coreProperties>");
  zip.add("docProps/app.xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<Properties "
          "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
          "<Application>vigie-docgen</Application></Properties>");
  zip.close();
}

void write_odt(const Source& src, const std::string& out_path) {
  ZipWriter zip(out_path);
  zip.add("mimetype", "application/vnd.oasis.opendocument.text", true);
  zip.add(
      "META-INF/manifest.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
      "manifest:version=\"1.3\">"
      "<manifest:file-entry manifest:full-path=\"/\" "
      "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
      "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
      "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
      "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
      "</manifest:manifest>");
  std::string auto_styles =
      "<office:automatic-styles>"
      "<style:style style:name=\"PageBreak\" style:family=\"paragraph\" "
      "style:parent-style-name=\"Text_20_body\">"
      "<style:paragraph-properties fo:break-before=\"page\"/></style:style>";
  for (int level = 1; level <= 3; ++level) {
    auto_styles += "<style:style style:name=\"HeadingBreak" + std::to_string(level) +
                   "\" style:family=\"paragraph\" style:parent-style-name=\"Heading_20_" +
                   std::to_string(level) +
                   "\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>";
  }
  auto_styles += "</office:automatic-styles>";
  zip.add("content.xml",
          std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content ") +
              k_odf_ns + ">" + auto_styles + "<office:body><office:text>" + odt_body(src) +
              "</office:text></office:body></office:document-content>");
  std::string styles =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles ") +
      k_odf_ns +
      "><office:styles>"
      "<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
      "<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" "
      "style:family=\"paragraph\" style:parent-style-name=\"Standard\"/>"
      "<style:style style:name=\"Title\" style:family=\"paragraph\" "
      "style:parent-style-name=\"Standard\"/>"
      "<style:style style:name=\"List\" style:family=\"paragraph\" "
      "style:parent-style-name=\"Text_20_body\"/>";
  for (int level = 1; level <= 3; ++level) {
    styles += "<style:style style:name=\"Heading_20_" + std::to_string(level) +
              "\" style:display-name=\"Heading " + std::to_string(level) +
              "\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" "
              "style:default-outline-level=\"" +
              std::to_string(level) + "\"/>";
  }
  styles +=
      "</office:styles><office:automatic-styles><style:page-layout "
      "style:name=\"pm1\"/></office:automatic-styles>"
      "<office:master-styles><style:master-page style:name=\"Standard\" "
      "style:page-layout-name=\"pm1\">";
  if (src.meta.count("header") > 0) {
    styles += "<style:header><text:p>" + odt_text(plain_furniture(meta_or(src, "header"))) +
              "</text:p></style:header>";
  }
  if (src.meta.count("footer") > 0) {
    styles += "<style:footer><text:p>" + odt_text(plain_furniture(meta_or(src, "footer"))) +
              "</text:p></style:footer>";
  }
  styles += "</style:master-page></office:master-styles></office:document-styles>";
  zip.add("styles.xml", styles);
  zip.add("meta.xml",
          std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta ") +
              k_odf_ns + "><office:meta><meta:generator>vigie-docgen</meta:generator><dc:title>" +
              esc(meta_or(src, "title")) + "</dc:title><dc:subject>" +
              esc(meta_or(src, "subject")) + "</dc:subject><meta:initial-creator>" +
              esc(meta_or(src, "author")) + "</meta:initial-creator><meta:keyword>" +
              esc(meta_or(src, "keywords")) + "</meta:keyword><meta:creation-date>" +
              meta_or(src, "created", "2026-01-15T09:00:00") +
              "</meta:creation-date></office:meta></office:document-meta>");
  zip.close();
}

}  // namespace vigie::docgen
