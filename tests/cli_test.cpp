// End-to-end: the real vigie binary, its exit statuses, its streams and its output formats.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

const std::string k_vigie = VIGIE_BINARY;
const std::string k_src = VIGIE_SOURCE_DIR;
const std::string k_shared = VIGIE_SHARED_DATA;

struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `args` through the shell, capturing stdout and stderr apart.
RunResult run(const std::string& args) {
  // One file per process and call: ctest runs tests in parallel.
  static int calls = 0;
  const std::string err_file = testing::TempDir() + "/vigie_stderr_" + std::to_string(getpid()) +
                               "_" + std::to_string(++calls) + ".txt";
  const std::string cmd = "NO_COLOR=1 " + k_vigie + " " + args + " 2>" + err_file;
  RunResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    return r;
  }
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    r.out.append(buf.data(), n);
  }
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* f = fopen(err_file.c_str(), "r")) {
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) {
      r.err.append(buf.data(), n);
    }
    fclose(f);
  }
  std::remove(err_file.c_str());
  return r;
}

TEST(Cli, VersionAndHelp) {
  const RunResult v = run("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("vigie ", 0), 0u) << v.out;
  const RunResult h = run("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("extract"), std::string::npos);
  const RunResult eh = run("extract --help");
  EXPECT_EQ(eh.status, 0);
  EXPECT_NE(eh.out.find("--jobs"), std::string::npos);
  EXPECT_NE(eh.out.find("--format"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("frobnicate").status, 2);
  const RunResult r =
      run("extract --format xml " + k_src + "/corpus-samples/amo-concertation-rc.pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("vigie : erreur"), std::string::npos) << r.err;
}

TEST(Cli, ExtractPrintsPagesOnStdout) {
  const RunResult r = run("extract " + k_src + "/corpus-samples/amo-concertation-cctp.pdf");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("[page 1/7]"), std::string::npos);
  EXPECT_NE(r.out.find("[page 7/7]"), std::string::npos);
  EXPECT_NE(r.out.find("DROIT D'ALERTE"), std::string::npos);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, BadFileIsReportedAndTheBatchGoesOn) {
  const std::string good = k_src + "/corpus-samples/amo-concertation-rc.pdf";
  const std::string bad = k_shared + "/malformed/invalid.pdf";
  const RunResult r = run("extract --jobs 2 " + bad + " " + good + " /nonexistent.pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("==> " + good + " <=="), std::string::npos);
  EXPECT_NE(r.err.find(bad + " : PDF endommagé"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/nonexistent.pdf : fichier introuvable"), std::string::npos);
}

TEST(Cli, ScannedPageWarningOnStderrWithExitZero) {
  const RunResult r = run("extract " + k_src + "/corpus-samples/amo-concertation-ae-scan.pdf");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find("page 2 sans couche texte"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("OCR"), std::string::npos);
}

TEST(Cli, EveryMalformedPdfEndsCleanly) {
  for (const char* name : {"invalid.pdf", "no_contents.pdf", "livecycle.pdf", "kcs.pdf",
                           "jbig2_baddevicen.pdf", "bad-token-startxref.pdf"}) {
    const std::string path = k_shared + "/malformed/" + name;
    const RunResult r = run("extract " + path);
    EXPECT_TRUE(r.status == 0 || r.status == 2) << name << " exited " << r.status;
    EXPECT_NE(r.err.find(path), std::string::npos) << name << ": " << r.err;
  }
}

TEST(Cli, JsonKeepsTheOrderGivenWithSeveralJobs) {
  const std::string dir = k_src + "/corpus-samples/";
  const std::vector<std::string> files = {
      "npnru-travaux-ccp.pdf",         "amo-concertation-rc.pdf",
      "jardin-partage-ccp.odt",        "amo-concertation-cctp-faible.docx",
      "fournitures-mobilier-cctp.pdf", "amo-concertation-cctp.pdf",
      "amo-concertation-ccap.pdf"};
  std::string args = "extract --format json --jobs 3";
  for (const auto& f : files) {
    args += " " + dir + f;
  }
  args += " " + k_shared + "/malformed/invalid.pdf";
  const RunResult r = run(args);
  EXPECT_EQ(r.status, 2);
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json.size(), files.size() + 1);
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(json[i]["path"], dir + files[i]);
    EXPECT_FALSE(json[i]["pages"].empty());
    EXPECT_EQ(json[i]["source"]["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(json.back()["error"]["code"], "damaged");
  const auto& cctp = json[5];
  EXPECT_EQ(cctp["format"], "pdf");
  EXPECT_EQ(cctp["metadata"]["page_count"], 7);
  EXPECT_EQ(cctp["pages"][6]["number"], 7);
  EXPECT_NE(cctp["pages"][6]["text"].get<std::string>().find("DROIT D'ALERTE"), std::string::npos);
}

TEST(Cli, ShowFurnitureMarksHeadersAndFooters) {
  const RunResult r =
      run("extract --show-furniture " + k_src + "/corpus-samples/amo-concertation-cctp.pdf");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("[pied de page] CCTP – AMO concertation place des Capucins Page 3 sur 7"),
            std::string::npos);
  EXPECT_NE(r.out.find("[en-tête] Ville de Marseille – DEP"), std::string::npos);
}

}  // namespace

TEST(Cli, AnalyzeJsonNamesKindRelevanceAndOutline) {
  const std::string samples = std::string(VIGIE_SOURCE_DIR) + "/corpus-samples/";
  const auto r = run("analyze --format json " + samples + "amo-concertation-rc.pdf " + samples +
                     "fournitures-mobilier-cctp.pdf /nonexistent/draft.pdf");
  EXPECT_EQ(r.status, 2);  // one file could not be read; the others were analysed
  EXPECT_NE(r.err.find("/nonexistent/draft.pdf"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3U);
  EXPECT_EQ(j[0]["kind"]["code"], "RC");
  EXPECT_EQ(j[0]["participation"]["relevant"], true);
  EXPECT_EQ(j[0]["tender"]["deadline"]["value"], "2026-03-16T12:00");
  EXPECT_EQ(j[0]["outline"][0]["title"], "OBJET ET ÉTENDUE DE LA CONSULTATION");
  EXPECT_EQ(j[1]["kind"]["code"], "CCTP");
  EXPECT_EQ(j[1]["participation"]["relevant"], false);
  EXPECT_FALSE(j[1]["participation"]["set_aside"].empty());
  EXPECT_TRUE(j[2].contains("error"));
}

TEST(Cli, AnalyzeTextIsFrench) {
  const auto r = run("analyze " + std::string(VIGIE_SOURCE_DIR) +
                     "/corpus-samples/amo-concertation-cctp-faible.docx");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Type : CCTP"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Participation du public : oui"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Acheteur : Commune de Vallon-des-Aires"), std::string::npos) << r.out;
}
