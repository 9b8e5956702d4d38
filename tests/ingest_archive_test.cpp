// Archives: every member is a document, a reported skip or a nested archive, whatever the
// format (ZIP as Python, Info-ZIP or 7-Zip write it, 7z, RAR, tar) and whatever the locale.

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <clocale>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "make_zip.hpp"
#include "vigie/ingest/archive.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::ingest {
namespace {

namespace fs = std::filesystem;
using vigie::testing_support::Entry;
using vigie::testing_support::make_zip;

const std::string k_data = std::string(VIGIE_SOURCE_DIR) + "/tests/data/";
const std::string k_samples = std::string(VIGIE_SOURCE_DIR) + "/corpus-samples/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string temp_dir(const std::string& name) {
  const auto dir = fs::path(testing::TempDir()) / (name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

struct Walk {
  std::vector<std::string> members;  // "path=bytes" (bytes cut to 60)
  std::vector<ArchiveProblem> problems;
  bool ok = false;

  [[nodiscard]] bool has(std::string_view code) const {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const ArchiveProblem& p) { return p.code == code; });
  }
};

ArchiveCallbacks collect(Walk& w) {
  ArchiveCallbacks callbacks;
  callbacks.member = [&w](ArchiveMember&& m) {
    w.members.push_back(m.path + "=" + m.bytes.substr(0, 60));
    return true;
  };
  callbacks.problem = [&w](ArchiveProblem&& p) { w.problems.push_back(std::move(p)); };
  return callbacks;
}

Walk walk_file(const std::string& path, const std::string& display,
               const ArchiveLimits& limits = {}) {
  Walk w;
  w.ok = walk_archive(path, display, limits, collect(w));
  return w;
}

Walk walk_bytes(std::string_view bytes, const std::string& display,
                const ArchiveLimits& limits = {}) {
  Walk w;
  w.ok = walk_archive_bytes(bytes, display, limits, collect(w));
  return w;
}

std::string problems_of(const Walk& w) {
  std::string out;
  for (const auto& p : w.problems) {
    out += p.path + " " + p.code + " " + p.message + "\n";
  }
  return out;
}

// A ZIP from Python's zipfile marks accented names UTF-8; the process never calls setlocale
// (C locale), yet every member keeps its name, and the global locale is left alone.
TEST(ArchiveNames, Utf8FlaggedNamesAreReadInTheCLocale) {
  ASSERT_STREQ(std::setlocale(LC_CTYPE, nullptr), "C");
  const Walk w = walk_file(k_data + "utf8-names.zip", "dce.zip");
  EXPECT_TRUE(w.ok);
  EXPECT_EQ(w.members,
            (std::vector<std::string>{
                "dce.zip!/Règlement de la consultation.pdf=Règlement de la consultation\n",
                "dce.zip!/Pièces techniques/CCTP.pdf=Cahier des clauses techniques\n",
                "dce.zip!/avis.txt=Avis d'appel public\n"}));
  EXPECT_TRUE(w.problems.empty()) << problems_of(w);
  EXPECT_STREQ(std::setlocale(LC_CTYPE, nullptr), "C");
  EXPECT_EQ(uselocale(nullptr), LC_GLOBAL_LOCALE);
  // The same from memory.
  const Walk m = walk_bytes(read_file(k_data + "utf8-names.zip"), "dce.zip");
  EXPECT_EQ(m.members, w.members);
}

// Every archive format buyers send, with the same two files inside.
TEST(ArchiveFormats, ZipVariantsSevenZipAndTarAreWalked) {
  const std::vector<std::string> expected = {
      "set!/lots/cctp.txt=Cahier des clauses techniques particulières\n",
      "set!/rc.txt=Règlement de la consultation\n"};
  for (const char* name : {"descriptors.zip", "zip64.zip", "set.7z", "set.tar", "set.tar.gz",
                           "set.tar.bz2", "set.tar.xz"}) {
    for (const bool memory : {false, true}) {
      Walk w =
          memory ? walk_bytes(read_file(k_data + name), "set") : walk_file(k_data + name, "set");
      std::sort(w.members.begin(), w.members.end());
      EXPECT_TRUE(w.ok) << name;
      EXPECT_EQ(w.members, expected) << name << (memory ? " (memory)" : " (file)");
      EXPECT_TRUE(w.problems.empty()) << name << "\n" << problems_of(w);
    }
  }
  // Info-ZIP writing to a pipe: one member named "-", sizes in a data descriptor.
  const Walk s = walk_bytes(read_file(k_data + "stream.zip"), "stream.zip");
  EXPECT_EQ(s.members, (std::vector<std::string>{"stream.zip!/-=Règlement de la consultation\n"}));
}

TEST(ArchiveFormats, RarFourAndFiveFromLibarchiveSuite) {
  const Walk v4 = walk_file(k_data + "rar4-libarchive.rar", "a.rar");
  EXPECT_TRUE(v4.ok) << problems_of(v4);
  EXPECT_EQ(v4.members,
            (std::vector<std::string>{"a.rar!/test.txt=test text document\r\n",
                                      "a.rar!/testdir/test.txt=test text document\r\n"}));
  ASSERT_EQ(v4.problems.size(), 1u) << problems_of(v4);
  EXPECT_EQ(v4.problems[0].code, "not-a-file");
  EXPECT_EQ(v4.problems[0].path, "a.rar!/testlink");
  const Walk v5 = walk_bytes(read_file(k_data + "rar5-libarchive.rar"), "b.rar");
  EXPECT_TRUE(v5.ok) << problems_of(v5);
  ASSERT_EQ(v5.members.size(), 1u);
  EXPECT_TRUE(v5.members[0].starts_with("b.rar!/test.bin=")) << v5.members[0];
}

std::string office_zip(const char* main_part) {
  return make_zip({{"[Content_Types].xml", "<Types/>"}, {main_part, "<x/>"}});
}

TEST(ArchiveDetect, ArchivesByStructureNotOfficeDocuments) {
  for (const char* name :
       {"utf8-names.zip", "descriptors.zip", "zip64.zip", "stream.zip", "set.7z", "set.tar",
        "set.tar.gz", "set.tar.bz2", "set.tar.xz", "rar4-libarchive.rar", "rar5-libarchive.rar"}) {
    EXPECT_TRUE(is_archive_file(k_data + name)) << name;
    EXPECT_TRUE(is_archive_bytes(read_file(k_data + name))) << name;
  }
  for (const std::string& path :
       {k_samples + "amo-concertation-cctp-faible.docx", k_samples + "jardin-partage-ccp.odt",
        k_samples + "amo-concertation-ccap.pdf", k_data + "latin1-cp1252.txt",
        k_data + "table-page-break.docx", k_data + "nonexistent.zip"}) {
    EXPECT_FALSE(is_archive_file(path)) << path;
    EXPECT_FALSE(is_archive_bytes(read_file(path))) << path;
  }
  EXPECT_FALSE(is_archive_bytes(office_zip("xl/workbook.xml")));
  EXPECT_EQ(sniff(office_zip("xl/workbook.xml")), SniffedType::xlsx);
  EXPECT_FALSE(is_archive_bytes(""));
}

// A stored ZIP (zip -0) holds its members' bytes as they are: a PDF's "%PDF-" or a DOCX's
// "word/document.xml" inside must not make the archive a PDF or a DOCX.
TEST(ArchiveDetect, StoredZipIsAnArchiveNotItsFirstMember) {
  const std::string pdf = read_file(k_samples + "amo-concertation-ccap.pdf");
  const std::string docx = read_file(k_samples + "amo-concertation-cctp-faible.docx");
  const std::string stored_pdf =
      make_zip({{"CCAP.pdf", pdf}, {"CCTP.docx", docx}}, "zip:compression=store");
  const std::string stored_docx = make_zip({{"CCTP.docx", docx}}, "zip:compression=store");
  EXPECT_EQ(sniff(stored_pdf), SniffedType::zip);
  EXPECT_EQ(sniff(stored_docx), SniffedType::zip);
  EXPECT_TRUE(is_archive_bytes(stored_pdf));
  EXPECT_TRUE(is_archive_bytes(stored_docx));
  const auto r = extract_bytes(stored_docx, "dce.zip", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unsupported_format);
  // Nested: the stored archive is walked and its members named.
  const std::string outer = make_zip({{"lots/lot1.zip", stored_docx}, {"rc.txt", "RC"}});
  const Walk w = walk_bytes(outer, "dce.zip");
  ASSERT_EQ(w.members.size(), 2u) << problems_of(w);
  EXPECT_TRUE(w.members[0].starts_with("dce.zip!/lots/lot1.zip!/CCTP.docx=PK")) << w.members[0];
  EXPECT_EQ(w.members[1], "dce.zip!/rc.txt=RC");
}

// Any archive member that is an archive is walked: a tar.gz and a 7z inside a ZIP.
TEST(ArchiveFormats, ArchivesOfAnyFormatNestedInAZip) {
  const std::string outer = make_zip({{"lot1.tar.gz", read_file(k_data + "set.tar.gz")},
                                      {"lot2.7z", read_file(k_data + "set.7z")}});
  Walk w = walk_bytes(outer, "dce.zip");
  std::sort(w.members.begin(), w.members.end());
  EXPECT_EQ(w.members,
            (std::vector<std::string>{
                "dce.zip!/lot1.tar.gz!/lots/cctp.txt=Cahier des clauses techniques particulières\n",
                "dce.zip!/lot1.tar.gz!/rc.txt=Règlement de la consultation\n",
                "dce.zip!/lot2.7z!/lots/cctp.txt=Cahier des clauses techniques particulières\n",
                "dce.zip!/lot2.7z!/rc.txt=Règlement de la consultation\n"}));
}

// Two members of the same name: both are kept, the second renamed and the user told.
TEST(ArchiveMembers, DuplicateNamesAreKeptAndReported) {
  const std::string zip =
      make_zip({{"CCTP.pdf", "un"}, {"CCTP.pdf", "deux"}, {"RC.pdf", "rc"}, {"CCTP.pdf", "trois"}});
  const Walk w = walk_bytes(zip, "dce.zip");
  EXPECT_EQ(w.members,
            (std::vector<std::string>{"dce.zip!/CCTP.pdf=un", "dce.zip!/CCTP.pdf#2=deux",
                                      "dce.zip!/RC.pdf=rc", "dce.zip!/CCTP.pdf#3=trois"}));
  ASSERT_EQ(w.problems.size(), 2u) << problems_of(w);
  EXPECT_EQ(w.problems[0].code, "duplicate-name");
  EXPECT_EQ(w.problems[0].path, "dce.zip!/CCTP.pdf#2");
  EXPECT_FALSE(w.problems[0].skipped);
  EXPECT_NE(w.problems[0].message.find("même nom"), std::string::npos) << w.problems[0].message;
}

// The decompression budget covers the whole top-level archive, nested archives included:
// inner archives that each stay under the limit still add up.
TEST(ArchiveLimits, BombBudgetCoversEveryNestingLevel) {
  ArchiveLimits limits;
  limits.bomb_floor = 1024 * 1024;
  const std::string inner = make_zip({{"zeros.bin", "", 600 * 1024}});
  const std::string outer = make_zip({{"a.zip", inner}, {"b.zip", inner}, {"c.zip", inner}});
  const auto start = std::chrono::steady_clock::now();
  const Walk w = walk_bytes(outer, "dce.zip", limits);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_TRUE(w.has("zip-bomb")) << problems_of(w);
  for (const auto& p : w.problems) {
    if (p.code == "zip-bomb") {
      EXPECT_EQ(p.path, "dce.zip");
      EXPECT_NE(p.message.find("bombe de décompression"), std::string::npos);
    }
  }
  EXPECT_LE(w.members.size(), 1u);
}

TEST(ArchiveLimits, EntryCountIsBounded) {
  ArchiveLimits limits;
  limits.max_entries = 50;
  std::vector<Entry> entries;
  for (int i = 0; i < 120; ++i) {
    entries.push_back({"f" + std::to_string(i) + ".txt", "x"});
  }
  const Walk w = walk_bytes(make_zip(entries), "dce.zip", limits);
  EXPECT_EQ(w.members.size(), 50u);
  ASSERT_TRUE(w.has("too-many-entries")) << problems_of(w);
  EXPECT_EQ(w.problems.back().path, "dce.zip");
  EXPECT_NE(w.problems.back().message.find("50"), std::string::npos);
}

// extract_file reads archive members by their display path, nested archives and renamed
// duplicates included.
TEST(ExtractArchiveMember, PathsThroughArchives) {
  const std::string dir = temp_dir("extract_member");
  const std::string inner = make_zip({{"CCTP.txt", "Clauses techniques du lot 1\n"}});
  std::ofstream(dir + "/set.zip", std::ios::binary)
      << make_zip({{"CCTP.txt", "Première version\n"},
                   {"lots/b.zip", inner},
                   {"CCTP.txt", "Seconde version\n"}});
  const auto first = extract_file(dir + "/set.zip!/CCTP.txt");
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_EQ(first->text, "Première version");
  EXPECT_EQ(first->source.path, dir + "/set.zip!/CCTP.txt");
  EXPECT_EQ(first->source.mtime, 1700000000);
  const auto second = extract_file(dir + "/set.zip!/CCTP.txt#2");
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_EQ(second->text, "Seconde version");
  const auto nested = extract_file(dir + "/set.zip!/lots/b.zip!/CCTP.txt");
  ASSERT_TRUE(nested.ok()) << nested.error().message();
  EXPECT_EQ(nested->text, "Clauses techniques du lot 1");
  const auto missing = extract_file(dir + "/set.zip!/absent.pdf");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_NE(missing.error().detail.find("archive"), std::string::npos) << missing.error().detail;
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// PDFs after junk bytes; memory per document

TEST(JunkBeforePdf, MailHeaderBeforeARealPdf) {
  const std::string pdf = read_file(k_samples + "amo-concertation-ccap.pdf");
  const std::string mail =
      "From: acheteur@mairie.example.fr\r\nSubject: DCE\r\nContent-Type: application/pdf\r\n\r\n" +
      pdf;
  EXPECT_EQ(sniff(mail), SniffedType::pdf);
  const auto r = extract_bytes(mail, "ccap.pdf", 0);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->format, Format::pdf);
  EXPECT_FALSE(r->text.empty());
  // Text that mentions "%PDF-" is still text, even when it is long.
  EXPECT_EQ(
      sniff("Le fichier commence par %PDF-1.7 puis vient le corps.\n" + std::string(3000, 'a')),
      SniffedType::text);
}

TEST(TextSize, ExtractedTextIsBounded) {
  ExtractOptions options;
  options.max_text_size = 1024 * 1024;
  const std::string text(2u << 20, 'a');
  const auto r = extract_bytes(text, "long.txt", 0, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::too_large);
  EXPECT_NE(r.error().message().find("long.txt : document trop long"), std::string::npos)
      << r.error().message();
  // A DOCX whose text alone is too long.
  const auto docx_body = [](const std::string& t) {
    return "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
           "<w:body><w:p><w:r><w:t>" +
           t + "</w:t></w:r></w:p></w:body></w:document>";
  };
  std::string para;
  while (para.size() < (3u << 19)) {
    para += "Objet du marché ";
  }
  const auto d = extract_bytes(
      make_zip(
          {{"word/document.xml", docx_body(para + "</w:t></w:r></w:p><w:p><w:r><w:t>" + para)}}),
      "l.docx", 0, options);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().detail.find("document trop long"), std::string::npos) << d.error().detail;
}

}  // namespace
}  // namespace vigie::ingest
