// The document catalog through Poppler's core API (the C++ wrapper has no form or
// attachment-name accessors). Only this file includes Poppler's core headers.

#include "pdf_structure.hpp"

#include <Catalog.h>
#include <FileSpec.h>
#include <Object.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <UTF.h>
#include <goo/GooString.h>
#include <goo/gmem.h>

#include <memory>

#include "utf8.hpp"

namespace vigie::ingest::detail {
namespace {

// A file name from a PDF text string (PDFDocEncoding or UTF-16 with a byte order mark), as
// UTF-8 for a one-line message: control characters and invalid code points become spaces,
// and a name longer than 80 characters is cut.
std::string file_name_to_utf8(const GooString* s) {
  std::string out;
  if (s == nullptr) {
    return out;
  }
  Unicode* ucs4 = nullptr;
  const int n = TextStringToUCS4(s->toStr(), &ucs4);
  for (int i = 0; i < n && i < 80; ++i) {
    const char32_t cp = ucs4[i];
    const bool valid = cp >= 0x20 && cp != 0x7F && (cp < 0x80 || cp > 0x9F) &&
                       (cp < 0xD800 || cp > 0xDFFF) && cp <= 0x10FFFF;
    append_utf8(out, valid ? cp : U' ');
  }
  if (n > 80) {
    out += "…";
  }
  gfree(ucs4);
  return out;
}

}  // namespace

PdfStructure read_pdf_structure(std::string_view bytes) {
  PdfStructure result;
  // The stream reads `bytes` in place; PDFDoc owns the stream object, not the bytes.
  auto* stream =
      new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
  PDFDoc doc(stream);
  if (!doc.isOk()) {
    return result;
  }
  Catalog* catalog = doc.getCatalog();
  if (catalog == nullptr || !catalog->isOk()) {
    return result;
  }
  result.xfa_form = catalog->getFormType() == Catalog::XfaForm;
  const int files = catalog->numEmbeddedFiles();
  for (int i = 0; i < files; ++i) {
    const std::unique_ptr<FileSpec> spec = catalog->embeddedFile(i);
    std::string name = spec && spec->isOk() ? file_name_to_utf8(spec->getFileName()) : "";
    result.embedded_files.push_back(std::move(name));
  }
  return result;
}

}  // namespace vigie::ingest::detail
