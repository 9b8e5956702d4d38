#pragma once

// What a PDF's document catalog declares beyond its pages, read through Poppler's object
// model (never by searching the file's bytes). Poppler's core headers stay in
// pdf_structure.cpp.

#include <string>
#include <string_view>
#include <vector>

namespace vigie::ingest::detail {

struct PdfStructure {
  // An interactive form whose fields are XFA data (Adobe LiveCycle): the catalog's AcroForm
  // dictionary has an XFA entry (a stream, or an array of packets).
  bool xfa_form = false;
  // Names of the files attached to the document (the catalog's EmbeddedFiles name tree).
  std::vector<std::string> embedded_files;
};

// Reads the catalog of the PDF in `bytes`. Call it while a poppler::document is open (it
// keeps Poppler's global parameters alive). Returns an empty structure when the catalog
// cannot be read.
PdfStructure read_pdf_structure(std::string_view bytes);

}  // namespace vigie::ingest::detail
