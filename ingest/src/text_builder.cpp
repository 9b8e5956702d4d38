#include "text_builder.hpp"

#include <string>

namespace vigie::ingest::detail {

void TextBuilder::begin_page() {
  end_page();
  if (!m_doc.pages.empty()) {
    m_doc.text.push_back('\f');
  }
  Page page;
  page.number = static_cast<int>(m_doc.pages.size()) + 1;
  page.span = {m_doc.text.size(), m_doc.text.size()};
  m_doc.pages.push_back(page);
  m_page_open = true;
  m_page_has_block = false;
}

void TextBuilder::end_page() {
  if (!m_page_open) {
    return;
  }
  Page& page = m_doc.pages.back();
  page.span.end = m_doc.text.size();
  m_page_open = false;
}

void TextBuilder::break_page() {
  if (!m_page_open || m_page_has_block) {
    begin_page();
  }
}

Span TextBuilder::add_block(BlockKind kind, std::string_view text, int level, int table, int row,
                            int column) {
  if (text.find_first_not_of(" \t\n\r") == std::string_view::npos) {
    return {m_doc.text.size(), m_doc.text.size()};
  }
  if (!m_page_open) {
    begin_page();
  }
  if (m_page_has_block) {
    m_doc.text.append("\n\n");
  }
  Block block;
  block.kind = kind;
  block.span.begin = m_doc.text.size();
  m_doc.text.append(text);
  block.span.end = m_doc.text.size();
  block.page = m_doc.pages.back().number;
  block.level = level;
  block.table = table;
  block.row = row;
  block.column = column;
  m_doc.blocks.push_back(block);
  m_doc.pages.back().has_text = true;
  m_page_has_block = true;
  return block.span;
}

void add_furniture_once(Document& document, Placement placement, const std::string& text) {
  if (text.empty()) {
    return;
  }
  for (const auto& f : document.furniture) {
    if (f.placement == placement && f.text == text) {
      return;
    }
  }
  document.furniture.push_back(Furniture{placement, 0, text});
}

void finish_word_processor_document(Document& document, bool recorded_breaks, int declared_pages) {
  const auto pages = static_cast<int>(document.pages.size());
  document.metadata.page_count = pages;
  if (!recorded_breaks && declared_pages > 1 && declared_pages != pages) {
    document.diagnostics.push_back(
        {Severity::info, "approximate-pages",
         "pagination approximative : le fichier n'enregistre pas ses sauts de page (" +
             std::to_string(declared_pages) + " pages annoncées, " + std::to_string(pages) +
             " reconstituées)",
         0});
  }
  if (document.text.empty()) {
    document.diagnostics.push_back({Severity::warning, "no-text", "document sans texte", 0});
  }
}

}  // namespace vigie::ingest::detail
