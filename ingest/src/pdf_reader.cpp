// PDF text through Poppler's C++ API. Poppler stays private to this file (and to
// pdf_structure.cpp, which reads the document catalog through Poppler's core API).

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <memory>
#include <mutex>
#include <string>

#include "layout.hpp"
#include "pdf_structure.hpp"
#include "readers.hpp"
#include "utf8.hpp"

namespace vigie::ingest::detail {
namespace {

// Poppler reports parse problems through one process-wide callback. Each thread points it at
// the messages of the document it is reading.
thread_local std::vector<std::string>* t_poppler_messages = nullptr;

void collect_poppler_message(const std::string& message, void* /*closure*/) {
  if (t_poppler_messages != nullptr && t_poppler_messages->size() < 50 &&
      std::find(t_poppler_messages->begin(), t_poppler_messages->end(), message) ==
          t_poppler_messages->end()) {
    t_poppler_messages->push_back(message);
  }
}

void install_poppler_callback() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(collect_poppler_message, nullptr); });
}

std::string to_utf8(const poppler::ustring& s) {
  std::string out;
  append_utf16(out, s.data(), s.size());
  // Metadata strings sometimes carry trailing NULs.
  while (!out.empty() && out.back() == '\0') {
    out.pop_back();
  }
  return out;
}

std::string iso_date(std::time_t t) {
  if (t == static_cast<std::time_t>(-1) || t == 0) {
    return {};
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A page with no text: blank, or an image (a scan) that would need OCR? Render it small and
// look for ink.
bool page_has_ink(const poppler::page& page) {
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  const poppler::image img = renderer.render_page(&page, 12.0, 12.0);
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) {
    return false;
  }
  const char* data = img.const_data();
  const int stride = img.bytes_per_row();
  long dark = 0;
  for (int y = 0; y < img.height(); ++y) {
    for (int x = 0; x < img.width(); ++x) {
      if (static_cast<unsigned char>(data[static_cast<long>(y) * stride + x]) < 200) {
        ++dark;
      }
    }
  }
  return dark * 200 > static_cast<long>(img.width()) * img.height();  // over 0.5 % of the page
}

std::string page_list(const std::vector<int>& pages) {
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    // Collapse runs: 1, 2, 3, 5 -> 1-3, 5
    std::size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) {
      ++j;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += std::to_string(pages[i]);
    if (j > i) {
      out += '-';
      out += std::to_string(pages[j]);
    }
    i = j;
  }
  return out;
}

std::string first_messages(const std::vector<std::string>& messages) {
  std::string out;
  for (std::size_t i = 0; i < messages.size() && i < 2; ++i) {
    out += (i == 0 ? "" : " ; ") + messages[i];
  }
  return out;
}

}  // namespace

std::optional<Error> read_pdf(std::string_view bytes, const ExtractOptions& options,
                              Document& document) {
  install_poppler_callback();
  std::vector<std::string> messages;
  t_poppler_messages = &messages;
  struct Reset {
    ~Reset() { t_poppler_messages = nullptr; }
  } reset;

  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return make_error(document, ErrorCode::too_large, "PDF trop volumineux pour être lu");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    std::string detail = "PDF endommagé ou tronqué, illisible";
    if (!messages.empty()) {
      detail += " (Poppler : " + first_messages(messages) + ")";
    }
    return make_error(document, ErrorCode::damaged, detail);
  }
  if (doc->is_locked()) {
    return make_error(document, ErrorCode::encrypted,
                      "PDF protégé par un mot de passe d'ouverture : impossible d'en lire le "
                      "texte sans ce mot de passe");
  }
  if (doc->is_encrypted()) {
    document.diagnostics.push_back(
        {Severity::info, "owner-password",
         "PDF chiffré avec un mot de passe propriétaire seulement : le texte est lisible", 0});
  }

  Metadata& meta = document.metadata;
  meta.title = to_utf8(doc->get_title());
  meta.author = to_utf8(doc->get_author());
  meta.subject = to_utf8(doc->get_subject());
  meta.keywords = to_utf8(doc->get_keywords());
  meta.creator = to_utf8(doc->get_creator());
  meta.producer = to_utf8(doc->get_producer());
  meta.created = iso_date(doc->get_creation_date_t());
  meta.modified = iso_date(doc->get_modification_date_t());
  const int page_count = doc->pages();
  meta.page_count = page_count;
  if (page_count <= 0) {
    return make_error(document, ErrorCode::no_pages, "PDF sans aucune page");
  }

  std::vector<PdfPage> pages;
  pages.reserve(static_cast<std::size_t>(page_count));
  std::vector<int> unreadable_pages;
  for (int i = 0; i < page_count; ++i) {
    PdfPage out;
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      unreadable_pages.push_back(i + 1);
      pages.push_back(std::move(out));
      continue;
    }
    const poppler::rectf rect = page->page_rect();
    out.width = rect.width();
    out.height = rect.height();
    if (page->orientation() == poppler::page::landscape ||
        page->orientation() == poppler::page::seascape) {
      std::swap(out.width, out.height);
    }
    std::vector<poppler::text_box> boxes = page->text_list(0);
    out.words.reserve(boxes.size());
    for (auto& box : boxes) {
      PdfWord w;
      const poppler::ustring t = box.text();
      append_utf16(w.text, t.data(), t.size());
      const poppler::rectf bb = box.bbox();
      w.x0 = bb.left();
      w.y0 = bb.top();
      w.x1 = bb.right();
      w.y1 = bb.bottom();
      w.space_after = box.has_space_after();
      w.rotation = box.rotation();
      if (t.size() >= 3) {
        // Glyphs climbing or falling along a word: diagonal text, such as a watermark.
        const poppler::rectf a = box.char_bbox(0);
        const poppler::rectf b = box.char_bbox(t.size() - 1);
        const double dx = std::fabs((b.left() + b.right()) - (a.left() + a.right())) / 2;
        const double dy = std::fabs((b.top() + b.bottom()) - (a.top() + a.bottom())) / 2;
        w.diagonal = dx > 1 && dy > 1 && dy / dx > 0.25 && dx / dy > 0.25;
      }
      out.words.push_back(std::move(w));
    }
    pages.push_back(std::move(out));
  }

  layout_pages(pages, LayoutOptions{options.separate_furniture, options.join_hyphenated_words},
               document);

  // Pages without text: blank pages, or scans that would need OCR.
  std::vector<int> scanned;
  std::vector<int> blank;
  for (auto& p : document.pages) {
    if (p.has_text) {
      continue;
    }
    if (std::find(unreadable_pages.begin(), unreadable_pages.end(), p.number) !=
        unreadable_pages.end()) {
      continue;
    }
    std::unique_ptr<poppler::page> page(doc->create_page(p.number - 1));
    if (page && page_has_ink(*page)) {
      scanned.push_back(p.number);
    } else {
      blank.push_back(p.number);
    }
  }
  const bool no_text_at_all =
      scanned.size() + blank.size() + unreadable_pages.size() == document.pages.size();
  if (!scanned.empty()) {
    std::string msg;
    if (no_text_at_all && blank.empty()) {
      msg =
          "aucune couche texte : le PDF n'est composé que d'images (numérisation), une "
          "reconnaissance de caractères (OCR) serait nécessaire";
    } else {
      const bool several = scanned.size() > 1;
      msg = std::string(several ? "pages " : "page ") + page_list(scanned) +
            " sans couche texte (image numérisée) : une reconnaissance de caractères (OCR) "
            "serait nécessaire pour " +
            (several ? "les" : "la") + " lire";
    }
    document.diagnostics.push_back({Severity::warning, "no-text-layer", msg, 0, scanned});
  }
  if (!blank.empty()) {
    std::string msg = no_text_at_all && scanned.empty()
                          ? std::string("aucun texte : le PDF ne contient que des pages vides")
                          : std::string(blank.size() > 1 ? "pages " : "page ") + page_list(blank) +
                                " vide" + (blank.size() > 1 ? "s" : "") + " (aucun texte ni image)";
    document.diagnostics.push_back({Severity::warning, "empty-page", msg, 0, blank});
  }
  if (!unreadable_pages.empty()) {
    document.diagnostics.push_back({Severity::warning, "unreadable-page",
                                    std::string(unreadable_pages.size() > 1 ? "pages " : "page ") +
                                        page_list(unreadable_pages) + " illisible" +
                                        (unreadable_pages.size() > 1 ? "s" : "") +
                                        " (structure endommagée)",
                                    0, unreadable_pages});
  }
  // The catalog's form and attachments, from its objects. Its messages repeat those of the
  // load above, or concern parts the text does not come from: not a repair of the text.
  t_poppler_messages = nullptr;
  const PdfStructure structure = read_pdf_structure(bytes);
  t_poppler_messages = &messages;
  if (structure.xfa_form) {
    document.diagnostics.push_back(
        {Severity::warning, "xfa-form",
         "formulaire XFA (Adobe LiveCycle) : les champs du formulaire ne sont pas lus, seul le "
         "contenu des pages l'est",
         0});
  }
  if (!structure.embedded_files.empty()) {
    const std::size_t n = structure.embedded_files.size();
    std::string names;
    for (std::size_t i = 0; i < n && i < 3; ++i) {
      if (!structure.embedded_files[i].empty()) {
        names += (names.empty() ? "" : ", ") + structure.embedded_files[i];
      }
    }
    if (n > 3 && !names.empty()) {
      names += "…";
    }
    document.diagnostics.push_back({Severity::warning, "embedded-files",
                                    (n > 1 ? std::to_string(n) + " fichiers joints au PDF"
                                           : std::string("fichier joint au PDF")) +
                                        (names.empty() ? "" : " (" + names + ")") + " : " +
                                        (n > 1 ? "leur" : "son") +
                                        " contenu n'est pas lu, seul celui des pages l'est",
                                    0});
  }
  if (!messages.empty()) {
    document.diagnostics.push_back(
        {Severity::info, "pdf-repaired",
         "PDF partiellement endommagé, lu malgré tout (Poppler : " + first_messages(messages) + ")",
         0});
  }
  return std::nullopt;
}

}  // namespace vigie::ingest::detail
