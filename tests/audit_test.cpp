// `vigie audit` end to end on a generated archive tree: nested ZIPs, a name in CP850, a
// damaged PDF, a PDF that makes extraction hang, a zip bomb, names with "../" or an absolute
// path, an encrypted archive, archives nested too deep, plus the corpus samples. Also the
// archive walker on its own, --resume after a kill, --shard with `audit merge`, --index, a
// worker crash, and the HTML report rendered by headless Chromium.

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "run_vigie.hpp"
#include "vigie/ingest/archive.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using vigie::testing_support::read_file;
using vigie::testing_support::run;
using vigie::testing_support::RunResult;
using vigie::testing_support::temp_dir;

const std::string k_samples = std::string(VIGIE_SOURCE_DIR) + "/corpus-samples";

void spit(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

struct Entry {
  std::string name;  // raw bytes, as stored in the archive
  std::string data;
  std::size_t zeros = 0;  // when set: this many zero bytes instead of `data`
};

// Writes a ZIP with libarchive (deflate; every entry encrypted when `password` is set).
void write_zip(const std::string& path, const std::vector<Entry>& entries,
               const std::string& password = {}) {
  fs::create_directories(fs::path(path).parent_path());
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  if (!password.empty()) {
    ASSERT_EQ(archive_write_set_options(a, "zip:encryption=zipcrypt"), ARCHIVE_OK);
    ASSERT_EQ(archive_write_set_passphrase(a, password.c_str()), ARCHIVE_OK);
  }
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_copy_pathname(entry, e.name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, 1700000000, 0);
    archive_entry_set_size(entry, static_cast<la_int64_t>(e.zeros > 0 ? e.zeros : e.data.size()));
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (e.zeros > 0) {
      const std::string chunk(1 << 20, '\0');
      for (std::size_t left = e.zeros; left > 0;) {
        const std::size_t n = std::min(left, chunk.size());
        archive_write_data(a, chunk.data(), n);
        left -= n;
      }
    } else {
      archive_write_data(a, e.data.data(), e.data.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

// A PDF whose single page draws a form that draws the next form twice, 40 levels deep:
// 2^40 drawing operations, so extracting its text never ends.
std::string hanging_pdf() {
  std::vector<std::string> objects(60);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
  objects[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  auto stream = [](const std::string& dict, const std::string& content) {
    return "<< " + dict + " /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
           "\nendstream";
  };
  constexpr int k_first = 10;
  constexpr int k_depth = 40;
  for (int k = 0; k < k_depth; ++k) {
    const int n = k_first + k;
    const bool last = k == k_depth - 1;
    const std::string resources =
        last ? "/Resources << /Font << /F1 4 0 R >> >>"
             : "/Resources << /XObject << /X " + std::to_string(n + 1) + " 0 R >> >>";
    objects[static_cast<std::size_t>(n)] =
        stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources,
               last ? "BT /F1 12 Tf 72 700 Td (boucle) Tj ET" : "/X Do /X Do");
  }
  objects[5] = stream("", "BT /F1 12 Tf 72 720 Td (Cahier des charges) Tj ET /X Do");
  objects[3] =
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << "
      "/Font << /F1 4 0 R >> /XObject << /X " +
      std::to_string(k_first) + " 0 R >> >> >>";
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets(objects.size(), 0);
  for (std::size_t i = 1; i < objects.size(); ++i) {
    if (!objects[i].empty()) {
      offsets[i] = out.size();
      out += std::to_string(i) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size()) + "\n0000000000 65535 f \n";
  for (std::size_t i = 1; i < objects.size(); ++i) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu %05d %c \n", offsets[i], offsets[i] ? 0 : 65535,
                  offsets[i] ? 'n' : 'f');
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size()) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::vector<std::string> sample_documents() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(k_samples)) {
    const auto ext = e.path().extension().string();
    if (ext == ".pdf" || ext == ".docx" || ext == ".odt") {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The archive tree of the tests (see the file comment). Returns the documents it holds.
int build_tree(const std::string& root) {
  const std::string cctp = read_file(k_samples + "/amo-concertation-cctp.pdf");
  const std::string rc = read_file(k_samples + "/amo-concertation-rc.pdf");
  const std::string ccap = read_file(k_samples + "/amo-concertation-ccap.pdf");
  const std::string weak = read_file(k_samples + "/amo-concertation-cctp-faible.docx");
  const std::string work = root + "/.work";
  // 2024/dce-amo.zip: a tender set with a nested archive and a name in CP850 ("révisé").
  write_zip(work + "/lots.zip",
            {{"amo-concertation-cctp.pdf", cctp, 0}, {"amo-concertation-rc.pdf", rc, 0}});
  write_zip(root + "/2024/dce-amo.zip", {{"amo-concertation-ccap.pdf", ccap, 0},
                                         {"lots.zip", read_file(work + "/lots.zip"), 0},
                                         {"CCTP r\x82vis\x82.docx", weak, 0}});
  // 2024/hazards.zip: traversal names, an encrypted archive, archives nested too deep.
  write_zip(work + "/secret.zip", {{"confidentiel.pdf", ccap, 0}}, "motdepasse");
  write_zip(work + "/inner1.zip", {{"profond.pdf", ccap, 0}});
  for (int i = 2; i <= 4; ++i) {
    write_zip(work + "/inner" + std::to_string(i) + ".zip",
              {{"inner" + std::to_string(i - 1) + ".zip",
                read_file(work + "/inner" + std::to_string(i - 1) + ".zip"), 0}});
  }
  write_zip(root + "/2024/hazards.zip",
            {{"../../evil.pdf", ccap, 0},
             {"/etc/absolu.pdf", ccap, 0},
             {"secret.zip", read_file(work + "/secret.zip"), 0},
             {"inner4.zip", read_file(work + "/inner4.zip"), 0},
             {"notes.txt", "Note de présentation du dossier de consultation.\n", 0}});
  // 2025: a zip bomb, a damaged PDF, a PDF that hangs extraction, a readable ODT.
  write_zip(root + "/2025/bombe.zip", {{"zeros.txt", "", std::size_t{70} << 20}});
  spit(root + "/2025/casse.pdf", read_file(k_samples + "/npnru-travaux-ccp.pdf").substr(0, 3000));
  spit(root + "/2025/bloque.pdf", hanging_pdf());
  fs::copy_file(k_samples + "/jardin-partage-ccp.odt", root + "/2025/jardin-partage-ccp.odt");
  // samples/: every corpus sample, loose.
  fs::create_directories(root + "/samples");
  const auto samples = sample_documents();
  for (const auto& s : samples) {
    fs::copy_file(k_samples + "/" + s, root + "/samples/" + s);
  }
  fs::remove_all(work);
  return 4 + 1 + 3 + static_cast<int>(samples.size());
}

// A minimal RFC 4180 reader: rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  if (rows.back().empty() && field.empty()) {
    rows.pop_back();
  }
  return rows;
}

json load_json(const std::string& path) { return json::parse(read_file(path)); }

const json* document(const json& report, const std::string& path_suffix) {
  for (const auto& d : report["documents"]) {
    const std::string p = d["path"];
    if (p.size() >= path_suffix.size() &&
        p.compare(p.size() - path_suffix.size(), path_suffix.size(), path_suffix) == 0) {
      return &d;
    }
  }
  return nullptr;
}

std::map<std::string, std::string> problems_by_path(const json& report) {
  std::map<std::string, std::string> out;
  for (const auto& p : report["problems"]) {
    out[p["path"].get<std::string>() + " " + p["code"].get<std::string>()] = p["message"];
  }
  return out;
}

// The archive tree is built and audited once; several tests read the reports.
class AuditTree : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new std::string(temp_dir("audit_tree"));
    s_expected = build_tree(*s_dir + "/archive");
    *s_result = run("audit --jobs 2 --timeout 5 " + *s_dir + "/archive -r " + *s_dir +
                    "/audit.json -r " + *s_dir + "/audit.csv -r " + *s_dir + "/audit.html");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*s_dir);
    delete s_dir;
  }
  static std::string* s_dir;
  static int s_expected;
  static RunResult* s_result;
};

std::string* AuditTree::s_dir = nullptr;
int AuditTree::s_expected = 0;
RunResult* AuditTree::s_result = new RunResult;

TEST_F(AuditTree, CountsDocumentsTendersAndFailures) {
  ASSERT_EQ(s_result->status, 0) << s_result->err;
  const json report = load_json(*s_dir + "/audit.json");
  EXPECT_EQ(report["format"], "vigie-audit/1");
  const auto& s = report["summary"];
  EXPECT_EQ(s["documents"], s_expected);
  EXPECT_EQ(s["failed"], 2);   // casse.pdf, bloque.pdf
  EXPECT_EQ(s["partial"], 1);  // samples/amo-concertation-ae-scan.pdf: its page 2 is a scan
  EXPECT_EQ(s["unread"], 0);
  EXPECT_EQ(s["read"], s_expected - 3);
  EXPECT_EQ(report["documents"].size(), static_cast<std::size_t>(s_expected));
  // The nested archive's members belong to the outer tender; its CCAP, CCTP and RC are there.
  const json* cctp = document(report, "dce-amo.zip!/lots.zip!/amo-concertation-cctp.pdf");
  ASSERT_NE(cctp, nullptr);
  EXPECT_EQ((*cctp)["kind"], "CCTP");
  EXPECT_EQ((*cctp)["coverage"]["present"], 14);
  EXPECT_EQ((*cctp)["coverage"]["criteria"].size(), 14u);
  EXPECT_EQ((*cctp)["level"]["level"], "co-construction");
  bool found = false;
  for (const auto& t : report["tenders"]) {
    if (t["tender"].get<std::string>().ends_with("2024/dce-amo.zip")) {
      found = true;
      EXPECT_EQ(t["documents"], 4);
      EXPECT_EQ(t["pieces"], json({"CCAP", "CCTP", "RC"}));
      EXPECT_EQ(t["lacking"], json({"AE"}));
      // Its weakest piece, not the merge of its CCTPs (14/14 in amo-concertation-cctp.pdf).
      EXPECT_EQ(t["coverage"]["present"], 0);
      EXPECT_EQ(t["coverage"]["applicable"], 12);
      EXPECT_TRUE(t["coverage"]["weakest"].get<std::string>().ends_with("CCTP révisé.docx"));
      EXPECT_TRUE(t["lots"].empty());
    }
  }
  EXPECT_TRUE(found);
  // The name written in CP850 is read as "révisé", the weak CCTP it holds is checked.
  const json* weak = document(report, "dce-amo.zip!/CCTP révisé.docx");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ((*weak)["coverage"]["present"], 0);
  EXPECT_EQ((*weak)["coverage"]["criteria"].size(),
            (*weak)["coverage"]["applicable"].get<std::size_t>());
  EXPECT_GT((*weak)["counts"]["erreur"].get<int>(), 0);
}

TEST_F(AuditTree, BadFilesAndArchiveHazardsAreListedWithReasons) {
  const json report = load_json(*s_dir + "/audit.json");
  const json* broken = document(report, "2025/casse.pdf");
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ((*broken)["status"], "error");
  EXPECT_EQ((*broken)["error"]["code"], "damaged");
  const json* hang = document(report, "2025/bloque.pdf");
  ASSERT_NE(hang, nullptr);
  EXPECT_EQ((*hang)["error"]["code"], "timeout");
  EXPECT_NE((*hang)["error"]["message"].get<std::string>().find("délai dépassé"),
            std::string::npos);
  const auto problems = problems_by_path(report);
  const std::string a = *s_dir + "/archive/";
  const std::vector<std::string> expected = {
      a + "2024/hazards.zip!/../../evil.pdf unsafe-name",
      a + "2024/hazards.zip!//etc/absolu.pdf unsafe-name",
      a + "2024/hazards.zip!/secret.zip!/confidentiel.pdf encrypted",
      a + "2024/hazards.zip!/inner4.zip!/inner3.zip!/inner2.zip!/inner1.zip too-deep",
      a + "2025/bombe.zip zip-bomb",
      a + "2024/dce-amo.zip legacy-names"};
  for (const auto& key : expected) {
    EXPECT_EQ(problems.count(key), 1u) << key;
  }
  EXPECT_NE(problems.at(a + "2025/bombe.zip zip-bomb").find("bombe de décompression"),
            std::string::npos);
  // Nothing escaped: no file was written outside the tree.
  EXPECT_FALSE(fs::exists(*s_dir + "/evil.pdf"));
  EXPECT_FALSE(fs::exists(fs::path(*s_dir).parent_path() / "evil.pdf"));
  // Each failure was also told on stderr, naming the file.
  EXPECT_NE(s_result->err.find("casse.pdf : PDF"), std::string::npos) << s_result->err;
  EXPECT_NE(s_result->err.find("bloque.pdf : lecture interrompue"), std::string::npos);
  EXPECT_NE(s_result->err.find("entrée chiffrée"), std::string::npos);
}

TEST_F(AuditTree, CsvParsesWithOneRowPerDocumentAndOnePerFinding) {
  const auto docs = parse_csv(read_file(*s_dir + "/audit.csv"));
  ASSERT_EQ(docs.size(), static_cast<std::size_t>(s_expected) + 1);
  const std::size_t width = docs.front().size();
  EXPECT_EQ(docs.front().front(), "chemin");
  for (const auto& row : docs) {
    EXPECT_EQ(row.size(), width);
  }
  const json report = load_json(*s_dir + "/audit.json");
  std::size_t findings = 0;
  for (const auto& d : report["documents"]) {
    findings += d.value("findings", json::array()).size();
  }
  const auto rows = parse_csv(read_file(*s_dir + "/audit-constats.csv"));
  EXPECT_EQ(rows.size(), findings + 1);
  const auto hazards = parse_csv(read_file(*s_dir + "/audit-problemes.csv"));
  EXPECT_EQ(hazards.size(), report["problems"].size() + 1);
}

TEST_F(AuditTree, HtmlReportRendersInHeadlessChromium) {
  const std::string html = read_file(*s_dir + "/audit.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Couverture par critère"), std::string::npos);
  // A document where no participation level applies (supplies) shows "–", not "non déterminé".
  const auto row = html.find("samples/fournitures-mobilier-cctp.pdf</a>");
  ASSERT_NE(row, std::string::npos);
  const std::string tr = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_EQ(tr.find("non déterminé"), std::string::npos) << tr;
  EXPECT_NE(tr.find("<td>–</td>"), std::string::npos) << tr;
  EXPECT_EQ(html.find("http://"), std::string::npos);  // no external resource
  EXPECT_EQ(html.find("https://"), std::string::npos);
  const std::string chromium = fs::exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "";
  ASSERT_FALSE(chromium.empty()) << "Debian's chromium is needed (scripts/install-deps.sh)";
  fs::create_directories(VIGIE_ARTEFACT_DIR);
  const std::string png = std::string(VIGIE_ARTEFACT_DIR) + "/audit-report.png";
  fs::remove(png);
  const std::string profile = *s_dir + "/chromium-profile";
  const std::string common = "timeout 120 " + chromium +
                             " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                             "--user-data-dir=" +
                             profile + " --window-size=1280,2400 ";
  const std::string shot =
      common + "--screenshot=" + png + " file://" + *s_dir + "/audit.html >/dev/null 2>&1";
  ASSERT_EQ(std::system(shot.c_str()), 0);
  const std::string image = read_file(png);
  ASSERT_GT(image.size(), 20000u);
  EXPECT_EQ(image.substr(1, 3), "PNG");
  // The page's script ran without error and the charts are in the rendered DOM.
  const std::string dom_file = *s_dir + "/dom.html";
  const std::string dump =
      common + "--dump-dom file://" + *s_dir + "/audit.html > " + dom_file + " 2>/dev/null";
  ASSERT_EQ(std::system(dump.c_str()), 0);
  const std::string dom = read_file(dom_file);
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  EXPECT_NE(dom.find("Dossiers"), std::string::npos);
}

// Scanned documents and lots. dce-lots.zip: the RC, lot 1's CCTP with every criterion, lot 2's
// with none (a merge would show 100 %). dossier-scan/: lot folders around a fully scanned CCTP
// (lot 2) and an AE whose page 2 is a scan.
class AuditReading : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new std::string(temp_dir("audit_reading"));
    const std::string in = *s_dir + "/in";
    write_zip(
        in + "/dce-lots.zip",
        {{"RC.pdf", read_file(k_samples + "/amo-concertation-rc.pdf"), 0},
         {"Lot 1 - Concertation/CCTP.pdf", read_file(k_samples + "/amo-concertation-cctp.pdf"), 0},
         {"Lot 2 - Ateliers/CCTP.docx", read_file(k_samples + "/amo-concertation-cctp-faible.docx"),
          0}});
    fs::create_directories(in + "/dossier-scan/Lot 1");
    fs::create_directories(in + "/dossier-scan/LOT_02");
    fs::copy_file(k_samples + "/amo-concertation-cctp.pdf", in + "/dossier-scan/Lot 1/CCTP.pdf");
    fs::copy_file(std::string(VIGIE_SOURCE_DIR) + "/tests/data/shared/scanned/francais.pdf",
                  in + "/dossier-scan/LOT_02/CCTP numérisé.pdf");
    fs::copy_file(k_samples + "/amo-concertation-ae-scan.pdf", in + "/dossier-scan/AE.pdf");
    *s_result = run("audit --jobs 2 " + in + " -r " + *s_dir + "/a.json -r " + *s_dir +
                    "/a.csv -r " + *s_dir + "/a.html");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*s_dir);
    delete s_dir;
  }
  static const json* tender(const json& report, const std::string& suffix) {
    for (const auto& t : report["tenders"]) {
      if (t["tender"].get<std::string>().ends_with(suffix)) {
        return &t;
      }
    }
    return nullptr;
  }
  static std::string* s_dir;
  static RunResult* s_result;
};

std::string* AuditReading::s_dir = nullptr;
RunResult* AuditReading::s_result = new RunResult;

TEST_F(AuditReading, ScannedDocumentsAreCountedApartFromTheRead) {
  ASSERT_EQ(s_result->status, 0) << s_result->err;
  const json report = load_json(*s_dir + "/a.json");
  const auto& s = report["summary"];
  EXPECT_EQ(s["documents"], 6);
  EXPECT_EQ(s["read"], 4);
  EXPECT_EQ(s["partial"], 1);
  EXPECT_EQ(s["unread"], 1);
  EXPECT_EQ(s["failed"], 0);
  EXPECT_EQ(s["pages_unread"], 2);  // the AE's page 2, the scan's only page
  // Not read: neither "no participation" nor a coverage.
  const json* scan = document(report, "LOT_02/CCTP numérisé.pdf");
  ASSERT_NE(scan, nullptr);
  EXPECT_EQ((*scan)["status"], "ok");
  EXPECT_EQ((*scan)["reading"], "none");
  EXPECT_EQ((*scan)["unread_pages"], json::array({1}));
  EXPECT_NE((*scan)["reading_note"].get<std::string>().find("OCR"), std::string::npos);
  EXPECT_TRUE((*scan)["participation"].is_null());
  EXPECT_TRUE((*scan)["coverage"].is_null());
  EXPECT_EQ((*scan)["lot"], "2");
  const json* ae = document(report, "dossier-scan/AE.pdf");
  ASSERT_NE(ae, nullptr);
  EXPECT_EQ((*ae)["reading"], "partial");
  EXPECT_EQ((*ae)["unread_pages"], json::array({2}));
  EXPECT_EQ((*ae)["reading_note"], "page 2 sans texte (numérisée ?)");
  // The lot folders belong to the tender around them; the scan is named in it.
  const json* t = tender(report, "/in/dossier-scan");
  ASSERT_NE(t, nullptr) << report["tenders"].dump();
  EXPECT_EQ((*t)["documents"], 3);
  EXPECT_EQ((*t)["unread"], 1);
  EXPECT_EQ((*t)["partial"], 1);
  ASSERT_EQ((*t)["not_read"].size(), 1u);
  EXPECT_TRUE((*t)["not_read"][0].get<std::string>().ends_with("CCTP numérisé.pdf"));
  EXPECT_EQ((*t)["coverage"]["present"], 14);  // lot 1's CCTP, the only one read
  for (const auto& lot : (*t)["lots"]) {
    if (lot["lot"] == "2") {
      EXPECT_EQ(lot["unread"], 1);
      EXPECT_EQ(lot["coverage"]["assessed"], 0);
    }
  }
}

TEST_F(AuditReading, TenderCoverageIsItsWeakestLot) {
  const json report = load_json(*s_dir + "/a.json");
  const json* t = tender(report, "/in/dce-lots.zip");
  ASSERT_NE(t, nullptr);
  const auto& c = (*t)["coverage"];
  EXPECT_EQ(c["applicable"], 12);
  EXPECT_EQ(c["present"], 0);  // not 14/14: lot 1's criteria do not cover lot 2
  EXPECT_EQ(c["lot"], "2");
  EXPECT_TRUE(c["weakest"].get<std::string>().ends_with("Lot 2 - Ateliers/CCTP.docx"));
  EXPECT_EQ(c["assessed"], 2);
  std::map<std::string, std::pair<int, int>> lots;
  for (const auto& lot : (*t)["lots"]) {
    lots[lot["lot"].is_null() ? "commun" : lot["lot"].get<std::string>()] = {
        lot["coverage"]["present"], lot["coverage"]["applicable"]};
  }
  const std::map<std::string, std::pair<int, int>> want = {
      {"commun", {0, 0}}, {"1", {14, 14}}, {"2", {0, 12}}};
  EXPECT_EQ(lots, want);
  const json* cctp1 = document(report, "Lot 1 - Concertation/CCTP.pdf");
  ASSERT_NE(cctp1, nullptr);
  EXPECT_EQ((*cctp1)["lot"], "1");
  EXPECT_EQ((*cctp1)["tender"], (*t)["tender"]);
}

TEST_F(AuditReading, CsvHtmlAndSummarySayTheSame) {
  // Documents: status and reading columns.
  const auto docs = parse_csv(read_file(*s_dir + "/a.csv"));
  ASSERT_EQ(docs.size(), 7u);
  const auto& head = docs.front();
  const auto col = [&head](const std::string& name) {
    return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
  };
  ASSERT_LT(col("pages_non_lues"), head.size());
  std::map<std::string, std::vector<std::string>> by_name;
  for (std::size_t i = 1; i < docs.size(); ++i) {
    EXPECT_EQ(docs[i].size(), head.size());
    by_name[fs::path(docs[i][0]).filename().string()] = docs[i];
  }
  EXPECT_EQ(by_name["CCTP numérisé.pdf"][col("statut")], "non lu");
  EXPECT_EQ(by_name["CCTP numérisé.pdf"][col("lecture")], "none");
  EXPECT_EQ(by_name["CCTP numérisé.pdf"][col("participation")], "");  // not "non"
  EXPECT_EQ(by_name["CCTP numérisé.pdf"][col("lot")], "2");
  EXPECT_EQ(by_name["AE.pdf"][col("statut")], "partiellement lu");
  EXPECT_EQ(by_name["AE.pdf"][col("pages_non_lues")], "2");
  EXPECT_EQ(by_name["AE.pdf"][col("lecture_detail")],
            "partiellement lu : page 2 sans texte (numérisée ?)");
  // Tenders and lots.
  const auto tenders = parse_csv(read_file(*s_dir + "/a-dossiers.csv"));
  ASSERT_FALSE(tenders.empty());
  const auto& th = tenders.front();
  const auto tcol = [&th](const std::string& name) {
    return static_cast<std::size_t>(std::find(th.begin(), th.end(), name) - th.begin());
  };
  bool headline = false;
  for (const auto& row : tenders) {
    if (row[0].ends_with("dce-lots.zip") && row[tcol("lot")].empty()) {
      headline = true;
      EXPECT_EQ(row[tcol("criteres_presents")], "0");
      EXPECT_EQ(row[tcol("criteres_applicables")], "12");
      EXPECT_EQ(row[tcol("lot_le_plus_faible")], "2");
    }
  }
  EXPECT_TRUE(headline);
  // HTML: reading in the cards, the chart, the documents and the unread table; lots.
  const std::string html = read_file(*s_dir + "/a.html");
  EXPECT_NE(html.find("partiellement lus (pages sans texte)"), std::string::npos);
  EXPECT_NE(html.find("Lecture des documents"), std::string::npos);
  EXPECT_NE(html.find("partiellement lu : page 2 sans texte (numérisée ?)"), std::string::npos);
  EXPECT_NE(html.find("non lu : aucune page n'a de couche texte"), std::string::npos);
  EXPECT_NE(html.find("0 % (0/12) — la plus faible : lot 2, CCTP.docx"), std::string::npos);
  EXPECT_NE(html.find("lot 1 : 100 % (14/14) ; lot 2 : 0 % (0/12)"), std::string::npos);
  // The summary printed at the end.
  const std::string& out = s_result->out;
  EXPECT_NE(out.find("4 lu(s) entièrement, 1 partiellement lu(s), 1 non lu(s) (1 sans texte, 0 "
                     "en erreur)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("dossier-scan/AE.pdf : partiellement lu : page 2 sans texte (numérisée ?)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("dce-lots.zip : 0 % (0/12), lot 2, CCTP.docx"), std::string::npos) << out;
}

// Lot names, as buyers write them.
TEST(AuditLots, NamesThatDesignateALot) {
  const std::string dir = temp_dir("audit_lot_names");
  // Run through the binary: each file alone in a folder named as the case says.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Lot 2", "2"},      {"LOT_02", "2"},     {"lot3", "3"},         {"Lot n°4 - VRD", "4"},
      {"CCTP-lot-5", "5"}, {"Lots 1 et 2", ""}, {"Allotissement", ""}, {"Pilote 2", ""},
      {"Lot unique", ""},  {"Lot 2025", ""},    {"lot0", ""},          {"Lot nº 12 voirie", "12"}};
  std::vector<Entry> entries;
  for (const auto& [name, lot] : cases) {
    entries.push_back({name + "/RC.pdf", read_file(k_samples + "/amo-concertation-rc.pdf"), 0});
  }
  write_zip(dir + "/dce.zip", entries);
  ASSERT_EQ(run("audit " + dir + "/dce.zip -r " + dir + "/a.json").status, 0);
  const json report = load_json(dir + "/a.json");
  for (const auto& [name, lot] : cases) {
    const json* d = document(report, "dce.zip!/" + name + "/RC.pdf");
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ((*d)["lot"].is_null() ? "" : (*d)["lot"].get<std::string>(), lot) << name;
  }
  fs::remove_all(dir);
}

// The walker on its own: each hazard once, the readable members in order.
TEST(ArchiveWalker, ReportsHazardsAndReadsTheRest) {
  const std::string dir = temp_dir("audit_walker");
  write_zip(dir + "/inner.zip", {{"b.txt", "deux", 0}});
  write_zip(dir + "/a.zip", {{"a.txt", "un", 0},
                             {"../x.txt", "évasion", 0},
                             {"inner.zip", read_file(dir + "/inner.zip"), 0},
                             {"caf\x82.txt", "trois", 0}});
  std::vector<std::string> members;
  std::vector<std::string> codes;
  vigie::ingest::ArchiveCallbacks callbacks;
  callbacks.member = [&](vigie::ingest::ArchiveMember&& m) {
    members.push_back(m.path + "=" + m.bytes);
    return true;
  };
  callbacks.problem = [&](vigie::ingest::ArchiveProblem&& p) { codes.push_back(p.code); };
  EXPECT_TRUE(vigie::ingest::walk_archive(dir + "/a.zip", "a.zip", {}, callbacks));
  EXPECT_EQ(members, (std::vector<std::string>{"a.zip!/a.txt=un", "a.zip!/inner.zip!/b.txt=deux",
                                               "a.zip!/café.txt=trois"}));
  EXPECT_EQ(codes, (std::vector<std::string>{"unsafe-name", "legacy-names"}));
  // Depth 1 only: the inner archive is not opened.
  members.clear();
  codes.clear();
  vigie::ingest::ArchiveLimits shallow;
  shallow.max_depth = 1;
  vigie::ingest::walk_archive(dir + "/a.zip", "a.zip", shallow, callbacks);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "too-deep"), 1);
  // A truncated archive: an error, no crash.
  const std::string bytes = read_file(dir + "/a.zip");
  codes.clear();
  EXPECT_FALSE(vigie::ingest::walk_archive_bytes(bytes.substr(0, bytes.size() / 2), "cut.zip", {},
                                                 callbacks));
  EXPECT_FALSE(codes.empty());
  fs::remove_all(dir);
}

// A smaller tree of readable documents for the runs that are repeated.
std::string readable_tree(const std::string& dir) {
  const auto samples = sample_documents();
  for (int copy = 0; copy < 3; ++copy) {
    for (const auto& s : samples) {
      const std::string to = dir + "/tree/lot" + std::to_string(copy) + "/" + s;
      fs::create_directories(fs::path(to).parent_path());
      fs::copy_file(k_samples + "/" + s, to);
    }
  }
  std::vector<Entry> zipped;
  for (const auto& s : samples) {
    zipped.push_back({s, read_file(k_samples + "/" + s), 0});
  }
  write_zip(dir + "/tree/dce.zip", zipped);
  return dir + "/tree";
}

// The report without what legitimately differs between two runs (the date).
json comparable(json report) {
  report.erase("generated");
  return report;
}

// Starts `vigie audit ARGS…` in the background: stdout to /dev/null, stderr to `err`.
pid_t start_audit(const std::vector<std::string>& args, const std::string& err = "/dev/null") {
  const pid_t pid = fork();
  if (pid == 0) {
    freopen(err.c_str(), "w", stderr);
    freopen("/dev/null", "w", stdout);
    std::vector<char*> argv = {const_cast<char*>(VIGIE_BINARY), const_cast<char*>("audit")};
    for (const auto& a : args) {
      argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    execv(VIGIE_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

// Waits (10 s at most) until `file` holds at least `lines` lines.
void wait_for_lines(const std::string& file, long lines) {
  for (int i = 0; i < 2000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::string text = read_file(file);
    if (std::count(text.begin(), text.end(), '\n') >= lines) {
      return;
    }
  }
}

TEST(Audit, ResumeAfterAKillGivesTheSameReport) {
  const std::string dir = temp_dir("audit_resume");
  const std::string tree = readable_tree(dir);
  const RunResult whole = run("audit --jobs 1 " + tree + " -r " + dir + "/whole.json");
  ASSERT_EQ(whole.status, 0) << whole.err;
  const std::string report = dir + "/cut.json";
  const std::string journal = report + ".journal";
  const pid_t pid = start_audit({"--jobs", "1", tree, "-r", report});
  ASSERT_GE(pid, 0);
  wait_for_lines(journal, 4);  // killed once a few documents are journaled
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the audit ended before it could be killed";
  EXPECT_FALSE(fs::exists(report));  // no half-written report
  const RunResult resumed = run("audit --jobs 1 --resume " + tree + " -r " + report);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("reprise : "), std::string::npos) << resumed.err;
  EXPECT_EQ(comparable(load_json(report)), comparable(load_json(dir + "/whole.json")));
  fs::remove_all(dir);
}

// Ctrl-C: the audit stops, says how to finish, keeps what it did; while it runs, a second
// audit on the same journal is refused; --resume finishes with the same report.
TEST(Audit, InterruptedByCtrlCThenResumed) {
  const std::string dir = temp_dir("audit_sigint");
  const std::string tree = readable_tree(dir);
  const RunResult whole = run("audit --jobs 1 " + tree + " -r " + dir + "/whole.json");
  ASSERT_EQ(whole.status, 0) << whole.err;
  const std::string report = dir + "/cut.json";
  const std::string journal = report + ".journal";
  const std::string err = dir + "/stderr.txt";
  const pid_t pid = start_audit({"--jobs", "1", tree, "-r", report}, err);
  ASSERT_GE(pid, 0);
  wait_for_lines(journal, 3);
  const RunResult second = run("audit " + tree + " -r " + report);
  EXPECT_EQ(second.status, 2);
  EXPECT_NE(second.err.find("journal utilisé par un autre audit en cours (processus " +
                            std::to_string(pid) + ")"),
            std::string::npos)
      << second.err;
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "the audit did not stop by itself on SIGINT";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_NE(read_file(err).find("relancer la même commande avec --resume"), std::string::npos)
      << read_file(err);
  EXPECT_FALSE(fs::exists(report));
  const RunResult resumed = run("audit --jobs 1 --resume " + tree + " -r " + report);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(comparable(load_json(report)), comparable(load_json(dir + "/whole.json")));
  fs::remove_all(dir);
}

TEST(Audit, ShardsMergeIntoTheWholeAudit) {
  const std::string dir = temp_dir("audit_shards");
  const std::string tree = readable_tree(dir);
  ASSERT_EQ(run("audit " + tree + " -r " + dir + "/whole.json").status, 0);
  std::set<std::string> tenders[2];
  for (int k = 1; k <= 2; ++k) {
    const std::string part = dir + "/part" + std::to_string(k) + ".json";
    const RunResult r = run("audit --shard " + std::to_string(k) + "/2 " + tree + " -r " + part);
    ASSERT_EQ(r.status, 0) << r.err;
    const json report = load_json(part);
    for (const auto& t : report["tenders"]) {
      tenders[k - 1].insert(t["tender"].get<std::string>());
    }
  }
  for (const auto& t : tenders[0]) {
    EXPECT_EQ(tenders[1].count(t), 0u) << t << " audited by both parts";
  }
  const RunResult merged = run("audit merge " + dir + "/part1.json " + dir + "/part2.json -r " +
                               dir + "/merged.json -r " + dir + "/merged.html");
  ASSERT_EQ(merged.status, 0) << merged.err;
  const json whole = load_json(dir + "/whole.json");
  const json all = load_json(dir + "/merged.json");
  EXPECT_EQ(all["summary"], whole["summary"]);
  EXPECT_EQ(all["documents"], whole["documents"]);
  EXPECT_EQ(all["tenders"], whole["tenders"]);
  EXPECT_TRUE(fs::exists(dir + "/merged.html"));
  EXPECT_EQ(run("audit --shard 3/2 " + tree).status, 2);
  fs::remove_all(dir);
}

TEST(Audit, IndexOptionMakesArchiveMembersSearchable) {
  const std::string dir = temp_dir("audit_index");
  const std::string tree = readable_tree(dir);
  const RunResult r = run("audit --index --db " + dir + "/db " + tree + " -r " + dir + "/a.json");
  ASSERT_EQ(r.status, 0) << r.err;
  const RunResult s = run("search --format json --db " + dir + "/db \"droit d'alerte\"");
  ASSERT_EQ(s.status, 0) << s.err;
  bool member = false;
  const json results = json::parse(s.out);
  for (const auto& f : results["files"]) {
    // The same bytes under several paths are one result, the other paths listed with it.
    member = member || f["path"].get<std::string>().find("dce.zip!/") != std::string::npos;
    for (const auto& other : f.value("other_paths", json::array())) {
      member = member || other.get<std::string>().find("dce.zip!/") != std::string::npos;
    }
  }
  EXPECT_TRUE(member) << s.out;
  fs::remove_all(dir);
}

// A worker that dies (here killed with SIGKILL while it reads a file that never ends; a
// SIGSEGV would be caught by AddressSanitizer in the sanitizer build and turned into an
// exit status) costs only that file; the audit finishes and says why.
TEST(Audit, WorkerCrashCostsOnlyThatFile) {
  const std::string dir = temp_dir("audit_crash");
  spit(dir + "/in/bloque.pdf", hanging_pdf());
  fs::copy_file(k_samples + "/amo-concertation-rc.pdf", dir + "/in/rc.pdf");
  const std::string report = dir + "/r.json";
  const pid_t pid = start_audit({"--jobs", "1", "--timeout", "600", dir + "/in", "-r", report});
  ASSERT_GE(pid, 0);
  // Find the worker (a child of the audit) and crash it once it works on the hanging file.
  pid_t worker = -1;
  for (int i = 0; i < 400 && worker < 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const auto& e : fs::directory_iterator("/proc")) {
      std::ifstream stat(e.path() / "stat");
      std::string line;
      if (!std::getline(stat, line)) {
        continue;
      }
      const auto close = line.rfind(')');
      std::istringstream rest(line.substr(close + 2));
      char state = 0;
      int ppid = 0;
      rest >> state >> ppid;
      if (ppid == pid) {
        worker = std::stoi(e.path().filename().string());
      }
    }
  }
  ASSERT_GT(worker, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // inside bloque.pdf by now
  kill(worker, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const json r = load_json(report);
  const json* crashed = document(r, "bloque.pdf");
  ASSERT_NE(crashed, nullptr);
  EXPECT_EQ((*crashed)["error"]["code"], "crash");
  EXPECT_NE((*crashed)["error"]["message"].get<std::string>().find("signal 9, SIGKILL"),
            std::string::npos)
      << (*crashed)["error"]["message"];
  const json* rc = document(r, "rc.pdf");
  ASSERT_NE(rc, nullptr);
  EXPECT_EQ((*rc)["status"], "ok");
  fs::remove_all(dir);
}

// On a terminal (here a pseudo-terminal made by script(1)) a progress bar with the share
// done, the documents, the rate and the time left; nothing of it when stderr is a file.
TEST(Audit, ProgressBarOnATerminalOnly) {
  const std::string dir = temp_dir("audit_progress");
  const std::string tree = readable_tree(dir);
  const std::string log = dir + "/tty.log";
  const std::string cmd = "script -qec '" + std::string(VIGIE_BINARY) + " audit " + tree +
                          " --journal " + dir + "/j' " + log + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string shown = read_file(log);
  EXPECT_NE(shown.find("100 %"), std::string::npos) << shown;
  EXPECT_NE(shown.find("doc/s · reste"), std::string::npos) << shown;
  const RunResult piped = run("audit " + tree + " --journal " + dir + "/j2");
  EXPECT_EQ(piped.err.find("doc/s"), std::string::npos) << piped.err;
  fs::remove_all(dir);
}

TEST(Audit, BadArgumentsAreClearErrors) {
  const RunResult r = run("audit " + k_samples + "/amo-concertation-rc.pdf -r /tmp/x.pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("format de rapport inconnu"), std::string::npos) << r.err;
  // A path that does not exist (a typo) stops the audit before it starts: no report.
  const std::string dir = temp_dir("audit_missing");
  const RunResult missing =
      run("audit " + k_samples + "/amo-concertation-rc.pdf /nonexistent/x -r " + dir + "/r.json");
  EXPECT_EQ(missing.status, 2) << missing.err;
  EXPECT_NE(missing.err.find("/nonexistent/x : fichier ou dossier introuvable"), std::string::npos)
      << missing.err;
  EXPECT_FALSE(fs::exists(dir + "/r.json"));
  fs::remove_all(dir);
  const RunResult m = run("audit merge " + k_samples + "/README.md -r /tmp/x.json");
  EXPECT_EQ(m.status, 2);
  EXPECT_NE(m.err.find("pas un rapport JSON"), std::string::npos) << m.err;
}

// ---------------------------------------------------------------------------------------
// The invariant: every leaf entry of the tree is a document or a reported skip.

// Generated archive trees of every flavour (tests/make_archive_tree.py: Python's zipfile
// deflated, stored and with CP850 names, Info-ZIP -0/-9/-P, 7-Zip ZIP/7z, bsdtar ZIP/7z/
// tar.gz/tar; accented names, folders, nested archives, duplicates, README.md, empty files,
// damaged PDFs, links, a FIFO, encrypted and "../" members), one per seed. The audit's
// documents plus its reported skips must equal the tree's leaf entries, each named once, with
// its accented name decoded right. Guards against every way a document was lost: accented
// names dropped, stored ZIPs read as their first member, a duplicate's second member lost,
// special entries skipped without a word, names in CP850 garbled.
class ArchiveTreeInvariant : public testing::TestWithParam<int> {};

TEST_P(ArchiveTreeInvariant, EveryLeafEntryIsADocumentOrAReportedSkip) {
  const std::string dir = temp_dir("audit_invariant_" + std::to_string(GetParam()));
  const std::string real = std::string(VIGIE_SOURCE_DIR) + "/tests/data/shared/real/";
  std::string sources;
  for (const auto& entry : fs::directory_iterator(k_samples)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".pdf" || ext == ".docx" || ext == ".odt") {
      sources += " '" + entry.path().string() + "'";
    }
  }
  for (const char* name : {"boamp-avis-20-100260_nimes-vehicules.pdf",
                           "boamp-avis-20-101626_grand-quevilly-amo-dsp.pdf",
                           "vsgp-25tic06_ae.docx", "vsgp-25tic06_bpu.xlsx"}) {
    sources += " '" + real + name + "'";
  }
  const std::string generate = "python3 " + std::string(VIGIE_SOURCE_DIR) +
                               "/tests/make_archive_tree.py " + std::to_string(GetParam()) + " " +
                               dir + sources;
  ASSERT_EQ(std::system(generate.c_str()), 0) << generate;
  const json expected = load_json(dir + "/expected.json");
  EXPECT_EQ(expected["flavours"].size(), 14u) << expected["flavours"].dump();

  const RunResult r =
      run("audit --jobs 2 --timeout 60 " + dir + "/tree -r " + dir + "/r.json", 0, 300);
  ASSERT_EQ(r.status, 0) << r.err;
  const json report = load_json(dir + "/r.json");
  std::map<std::string, int> documents;
  for (const auto& d : report["documents"]) {
    ++documents[d["path"].get<std::string>()];
  }
  std::map<std::string, std::string> skipped;
  std::size_t skip_count = 0;
  for (const auto& p : report["problems"]) {
    if (p["skipped"].get<bool>()) {
      ++skip_count;
      skipped[p["path"].get<std::string>()] = p["code"];
    }
  }
  // The invariant itself.
  const std::size_t leaves = expected["documents"].size() + expected["skips"].size();
  EXPECT_EQ(report["documents"].size() + skip_count, leaves);
  // And entry by entry: each expected document once, each expected skip with its reason.
  std::map<std::string, int> wanted;
  for (const auto& p : expected["documents"]) {
    ++wanted[dir + "/" + p.get<std::string>()];
  }
  for (const auto& [path, count] : wanted) {
    EXPECT_EQ(documents.count(path) > 0 ? documents.at(path) : 0, count) << path;
  }
  for (const auto& [path, count] : documents) {
    EXPECT_EQ(wanted.count(path), 1u) << "unexpected document " << path;
  }
  std::map<std::string, std::string> wanted_skips;
  for (const auto& s : expected["skips"]) {
    wanted_skips[dir + "/" + s[0].get<std::string>()] = s[1];
  }
  EXPECT_EQ(skipped, wanted_skips);
  // Every accented name exactly once, decoded right (no U+FFFD, no CP850 mojibake).
  EXPECT_GT(expected["accented"].size(), 10u);
  for (const auto& p : expected["accented"]) {
    const std::string path = dir + "/" + p.get<std::string>();
    EXPECT_EQ(documents.count(path) > 0 ? documents.at(path) : 0, 1) << path;
  }
  for (const auto& [path, count] : documents) {
    EXPECT_EQ(path.find("\xEF\xBF\xBD"), std::string::npos) << path;
    EXPECT_EQ(path.find("\xE2\x94"), std::string::npos) << path;  // box drawing: raw CP850
  }
  RecordProperty("documents", static_cast<int>(report["documents"].size()));
  RecordProperty("skips", static_cast<int>(skip_count));
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ArchiveTreeInvariant, testing::Values(1, 2, 3));

// A real tender set as buyers publish it, committed (tests/data/dce-accentué-stocké.zip, see
// tests/data/README.md): a stored ZIP with UTF-8 accented names, a folder and a stored ZIP
// nested in it, real PDFs and a DOCX. Every document is named with its accented path and
// recognised. Guards against the stored ZIP being sniffed as its first member, the nested
// one named as the archive, and accented names dropped as "unsafe" (the RC and the AE were
// then reported missing).
TEST(Audit, RealAccentedStoredNestedArchiveNamesEveryDocument) {
  const std::string dir = temp_dir("audit_real_accented");
  const std::string zip = std::string(VIGIE_SOURCE_DIR) + "/tests/data/dce-accentué-stocké.zip";
  const RunResult r = run("audit --jobs 2 '" + zip + "' -r " + dir + "/r.json", 0, 120);
  ASSERT_EQ(r.status, 0) << r.err;
  const json report = load_json(dir + "/r.json");
  std::map<std::string, std::string> kinds;
  for (const auto& d : report["documents"]) {
    EXPECT_EQ(d["status"], "ok") << d["path"];
    kinds[d["path"].get<std::string>()] = d["kind"].is_string() ? d["kind"].get<std::string>() : "";
  }
  const std::map<std::string, std::string> expected = {
      {zip + "!/Avis d'appel public à la concurrence.pdf", "AVIS"},
      {zip + "!/Pièces administratives/Acte d'engagement.docx", "AE"},
      {zip + "!/Pièces techniques.zip!/Bordereau des prix unitaires.pdf", "BPU"},
      {zip + "!/Pièces techniques.zip!/Cahier des clauses techniques particulières.pdf", "CCTP"},
      {zip + "!/Règlement de la consultation.pdf", "RC"}};
  EXPECT_EQ(kinds, expected);
  EXPECT_TRUE(report["problems"].empty()) << report["problems"].dump();
  ASSERT_EQ(report["tenders"].size(), 1u);
  EXPECT_EQ(report["tenders"][0]["tender"], zip);
  EXPECT_EQ(report["tenders"][0]["pieces"], json({"AE", "AVIS", "BPU", "CCTP", "RC"}));
  fs::remove_all(dir);
}

}  // namespace
