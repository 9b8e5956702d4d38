// DOCX and ODT files that are damaged or hostile: a clear French error on one line or a
// bounded read, never a crash, never a message of libxml2 on stderr.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "make_zip.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::ingest {
namespace {

using vigie::testing_support::Entry;
using vigie::testing_support::make_zip;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const std::string k_docx_head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:body>";
const std::string k_docx_tail = "</w:body></w:document>";

std::string docx_body(const std::string& text) {
  return k_docx_head + "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>" + k_docx_tail;
}

bool has_diagnostic(const Document& doc, std::string_view code) {
  return std::any_of(doc.diagnostics.begin(), doc.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

// Captures what is written on stderr (fd 2) while `f` runs.
template <typename F>
std::string stderr_of(F&& f) {
  const std::string file = testing::TempDir() + "/stderr_" + std::to_string(getpid()) + ".txt";
  fflush(stderr);
  const int saved = dup(2);
  FILE* sink = fopen(file.c_str(), "w");
  dup2(fileno(sink), 2);
  f();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  fclose(sink);
  const std::string out = read_file(file);
  std::remove(file.c_str());
  return out;
}

TEST(OfficeParts, DamagedSecondaryPartsGiveAWarningNotARefusal) {
  const std::string broken = "<w:styles xmlns:w=\"x\"><w:style>";
  for (const char* part : {"word/styles.xml", "word/header1.xml", "word/footer2.xml"}) {
    const std::string docx =
        make_zip({{"word/document.xml", docx_body("Objet du marché")}, {part, broken}});
    std::optional<Result<Document>> r;
    const std::string err = stderr_of([&] { r.emplace(extract_bytes(docx, "cctp.docx", 0)); });
    EXPECT_EQ(err, "") << part;
    ASSERT_TRUE(r->ok()) << part << ": " << r->error().message();
    EXPECT_EQ((*r)->text, "Objet du marché");
    ASSERT_TRUE(has_diagnostic(r->value(), "damaged-part")) << part;
    for (const auto& d : (*r)->diagnostics) {
      if (d.code == "damaged-part") {
        EXPECT_EQ(d.severity, Severity::warning);
        EXPECT_NE(d.message.find(part), std::string::npos) << d.message;
        EXPECT_EQ(d.message.find('\n'), std::string::npos) << d.message;
      }
    }
  }
  const std::string odt_content =
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
      "<text:p>Objet du marché</text:p></office:text></office:body></office:document-content>";
  const std::string odt = make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                    {"META-INF/manifest.xml", "<manifest:manifest/>"},
                                    {"content.xml", odt_content},
                                    {"styles.xml", "<office:document-styles><oops"}});
  const auto r = extract_bytes(odt, "ccp.odt", 0);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->text, "Objet du marché");
  EXPECT_TRUE(has_diagnostic(r.value(), "damaged-part"));
}

// Regression (format invariance): the entries of an ODT table of contents (styles "Contents
// 1", "Contents 2", or automatic styles derived from them) were read as paragraphs, so the
// outline had every heading twice, while the DOCX of the same document ("toc 1") did not.
TEST(OfficeParts, OdtTableOfContentsEntriesAreTocEntries) {
  const std::string content =
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:automatic-styles>"
      "<style:style style:name=\"P7\" style:family=\"paragraph\" "
      "style:parent-style-name=\"Contents_20_2\"/></office:automatic-styles>"
      "<office:body><office:text>"
      "<text:p text:style-name=\"Contents_20_1\">1. OBJET</text:p>"
      "<text:p text:style-name=\"P7\">1.1 Périmètre</text:p>"
      "<text:h text:outline-level=\"1\">1. OBJET</text:h><text:p>Le marché.</text:p>"
      "</office:text></office:body></office:document-content>";
  const std::string odt = make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                    {"META-INF/manifest.xml", "<manifest:manifest/>"},
                                    {"content.xml", content}});
  const auto r = extract_bytes(odt, "cctp.odt", 0);
  ASSERT_TRUE(r.ok()) << r.error().message();
  std::vector<BlockKind> kinds;
  for (const auto& b : r->blocks) {
    kinds.push_back(b.kind);
  }
  EXPECT_EQ(kinds, (std::vector<BlockKind>{BlockKind::toc_entry, BlockKind::toc_entry,
                                           BlockKind::heading, BlockKind::paragraph}));
}

TEST(OfficeParts, DamagedMainPartIsOneFrenchLineAndSilent) {
  const std::string docx =
      make_zip({{"word/document.xml", k_docx_head + "<w:p><w:r><w:t>Objet</w:r></w:p>"}});
  std::optional<Result<Document>> r;
  const std::string err = stderr_of([&] { r.emplace(extract_bytes(docx, "cctp.docx", 0)); });
  EXPECT_EQ(err, "");
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->error().code, ErrorCode::damaged);
  EXPECT_EQ(r->error().message().find('\n'), std::string::npos) << r->error().message();
  EXPECT_NE(r->error().detail.find("word/document.xml"), std::string::npos);
  EXPECT_NE(r->error().detail.find("ligne"), std::string::npos) << r->error().detail;
}

TEST(OfficeParts, OneTenMegabyteParagraphIsRead) {
  std::string text;
  text.reserve(12u << 20);
  while (text.size() < (12u << 20)) {
    text += "Exécution des prestations à réaliser ";
  }
  const auto r = extract_bytes(make_zip({{"word/document.xml", docx_body(text)}}), "long.docx", 0);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_GE(r->text.size(), 12u << 20);
}

TEST(OfficeParts, HostileXmlGivesAClearErrorOrABoundedRead) {
  // 100,000 nested elements: refused clearly, without exhausting the stack.
  std::string deep = k_docx_head + "<w:p>";
  for (int i = 0; i < 100000; ++i) {
    deep += "<w:r>";
  }
  const auto d = extract_bytes(make_zip({{"word/document.xml", deep}}), "profond.docx", 0);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::damaged);
  EXPECT_NE(d.error().detail.find("imbrication"), std::string::npos) << d.error().detail;
  // Billion laughs: entities are never expanded.
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY l0 \"ha\">";
  for (int i = 1; i < 10; ++i) {
    laughs += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) {
      laughs += "&l" + std::to_string(i - 1) + ";";
    }
    laughs += "\">";
  }
  laughs += "]>" + docx_body("&l9;").substr(
                       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").size());
  const auto l = extract_bytes(make_zip({{"word/document.xml", laughs}}), "rires.docx", 0);
  if (l.ok()) {
    EXPECT_LT(l->text.size(), 1000u);
  } else {
    EXPECT_EQ(l.error().message().find('\n'), std::string::npos);
  }
  // Invalid UTF-8 in the main part.
  const auto u =
      extract_bytes(make_zip({{"word/document.xml", docx_body("march\xe9 public")}}), "u.docx", 0);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, ErrorCode::damaged);
  EXPECT_NE(u.error().detail.find("UTF-8"), std::string::npos) << u.error().detail;
  EXPECT_EQ(u.error().message().find('\n'), std::string::npos);
  // A zip bomb as the main part: bounded by max_part_size.
  ExtractOptions small;
  small.max_part_size = 1 << 20;
  const auto b =
      extract_bytes(make_zip({{"word/document.xml", "", 8u << 20}}), "bombe.docx", 0, small);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().detail.find("trop volumineux"), std::string::npos) << b.error().detail;
  // The main part as a symbolic link, or under an absolute name: not read.
  for (const auto& e : {Entry{"word/document.xml", "", 0, "/etc/passwd"},
                        Entry{"/word/document.xml", docx_body("x")}}) {
    const auto s = extract_bytes(make_zip({{"[Content_Types].xml", "<Types/>"}, e}), "l.docx", 0);
    ASSERT_FALSE(s.ok()) << e.name;
    EXPECT_EQ(s.error().message().find('\n'), std::string::npos);
  }
}

TEST(OfficeParts, HundredThousandEmptyEntriesAreBounded) {
  std::vector<Entry> entries;
  entries.push_back({"word/document.xml", docx_body("Objet du marché")});
  for (int i = 0; i < 100000; ++i) {
    entries.push_back({"e/" + std::to_string(i), ""});
  }
  const std::string docx = make_zip(entries);
  const auto start = std::chrono::steady_clock::now();
  const auto r = extract_bytes(docx, "vide.docx", 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  if (r.ok()) {
    EXPECT_EQ(r->text, "Objet du marché");
  } else {
    EXPECT_NE(r.error().detail.find("entrées"), std::string::npos) << r.error().detail;
  }
}

}  // namespace
}  // namespace vigie::ingest
