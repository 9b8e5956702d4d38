// vigie-docgen: renders sample-document sources (corpus-samples/*.src) to PDF, DOCX or ODT.
//
//   vigie-docgen SOURCE OUTPUT...   the format of each OUTPUT follows its extension

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "corpus.hpp"
#include "docgen.hpp"

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "corpus") {
    // vigie-docgen corpus SEED COUNT OUT_DIR [MIN_PAGES MAX_PAGES]: a deterministic benchmark
    // corpus; every tenth document is also written as DOCX and every twentieth as ODT.
    if (argc < 5) {
      std::fprintf(stderr, "usage: vigie-docgen corpus SEED COUNT OUT_DIR [MIN_PAGES MAX_PAGES]\n");
      return 2;
    }
    try {
      vigie::docgen::CorpusOptions options;
      options.seed = std::stoull(argv[2]);
      const auto count = std::stoull(argv[3]);
      const std::string out = argv[4];
      if (argc >= 7) {
        options.min_pages = std::stoi(argv[5]);
        options.max_pages = std::stoi(argv[6]);
      }
      for (std::uint64_t i = 0; i < count; ++i) {
        const auto src = vigie::docgen::generate_document(options, i);
        char name[32];
        std::snprintf(name, sizeof name, "doc-%06llu", static_cast<unsigned long long>(i));
        vigie::docgen::render_pdf(src, out + "/" + name + ".pdf");
        if (i % 10 == 3) {
          vigie::docgen::write_docx(src, out + "/" + name + ".docx");
        }
        if (i % 20 == 7) {
          vigie::docgen::write_odt(src, out + "/" + name + ".odt");
        }
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "vigie-docgen: %s\n", e.what());
      return 2;
    }
    return 0;
  }
  if (argc < 3 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr,
                 "usage: vigie-docgen SOURCE OUTPUT...\n"
                 "Renders a sample-document source to each OUTPUT (.pdf, .docx or .odt).\n");
    return argc < 3 ? 2 : 0;
  }
  try {
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
      throw std::runtime_error(std::string(argv[1]) + ": fichier introuvable");
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const vigie::docgen::Source src = vigie::docgen::parse_source(buffer.str(), argv[1]);
    for (int i = 2; i < argc; ++i) {
      const std::string out = argv[i];
      if (out.ends_with(".pdf")) {
        vigie::docgen::render_pdf(src, out);
      } else if (out.ends_with(".docx")) {
        vigie::docgen::write_docx(src, out);
      } else if (out.ends_with(".odt")) {
        vigie::docgen::write_odt(src, out);
      } else {
        throw std::runtime_error(out + ": extension inconnue (attendu .pdf, .docx ou .odt)");
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vigie-docgen: %s\n", e.what());
    return 2;
  }
  return 0;
}
