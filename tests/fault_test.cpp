// Fault tests (ctest label "fault"): resources running out while vigie works. Each ends with
// the right report naming the file, and no abort.

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "run_vigie.hpp"

namespace {

using vigie::testing_support::run;
using vigie::testing_support::RunResult;
using vigie::testing_support::temp_dir;

// `bytes` of French-looking text, varied enough that analysing it needs memory in proportion.
void write_varied_text(const std::string& path, std::size_t bytes) {
  const std::vector<std::string> words = {
      "le",       "la",      "les",       "des",     "titulaire", "marché",   "prestation",
      "réunion",  "atelier", "habitants", "public",  "projet",    "quartier", "concertation",
      "ouvrage",  "rapport", "bilan",     "phase",   "mission",   "délai",    "article",
      "acheteur", "cahier",  "charges",   "clauses", "document",  "maître",   "prix"};
  std::mt19937 random(1);
  std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
  std::uniform_int_distribution<int> number(0, 99999);
  std::uniform_int_distribution<int> length(8, 20);
  std::ofstream out(path, std::ios::binary);
  std::size_t written = 0;
  while (written < bytes) {
    std::string sentence;
    for (int w = length(random); w > 0; --w) {
      sentence += words[pick(random)];
      if (number(random) % 10 < 3) {
        sentence += std::to_string(number(random));
      }
      sentence += w > 1 ? " " : ".\n";
    }
    out << sentence;
    written += sentence.size();
  }
}

// Memory running out while a document is analysed is that document's error, named, not an
// "internal error" without the file (it was "erreur interne : std::bad_alloc").
TEST(Fault, OutOfMemoryWhileCheckingNamesTheFile) {
#if defined(VIGIE_SANITIZED)
  GTEST_SKIP() << "AddressSanitizer reserves terabytes of address space: ulimit -v cannot apply";
#endif
  const std::string dir = temp_dir("fault_memory");
  const std::string path = dir + "/registre.txt";
  write_varied_text(path, 30u * 1000 * 1000);
  // Address-space limits from where reading fails to where checking succeeds: each run ends
  // either well or with this file's French error.
  bool ran_out = false;
  for (const int kib : {260000, 280000, 300000, 320000, 340000}) {
    const RunResult r = run("check --fail-on never '" + path + "'", kib);
    SCOPED_TRACE("ulimit -v " + std::to_string(kib));
    EXPECT_EQ(r.err.find("erreur interne"), std::string::npos) << r.err;
    if (r.status != 0) {
      EXPECT_EQ(r.status, 2) << r.err;
      EXPECT_NE(r.err.find(path + " : mémoire insuffisante"), std::string::npos) << r.err;
      ran_out = true;
    }
  }
  EXPECT_TRUE(ran_out) << "no limit made vigie run out of memory: the test proves nothing";
  std::filesystem::remove_all(dir);
}

}  // namespace

namespace {

// A memory limit too low for a reader to take its file: the file is reported failed with the
// limit named, and the audit ends. Before, a reader that died while an archive member (sent
// through a pipe, more than the pipe holds) was being written to it was taken for one
// killed while idle: the pool replaced it and sent the same member again, for ever.
TEST(Fault, ReadersThatCannotTakeTheirFileFailItAndTheAuditEnds) {
#if defined(VIGIE_SANITIZED)
  GTEST_SKIP() << "under AddressSanitizer the memory limit is not applied";
#endif
  const std::string dir = temp_dir("fault_readers");
  std::filesystem::create_directories(dir + "/tree");
  // A 1.9 MB member: more than the pipe holds, and more than a reader's heap has free.
  const std::string zip = "zip -q -j '" + dir + "/tree/dce.zip' '" +
                          std::string(VIGIE_SHARED_DATA) + "/real/dae-amoa-2025_cctp.pdf'";
  ASSERT_EQ(std::system(zip.c_str()), 0);
  const RunResult r =
      run("audit --jobs 1 --max-memory 1 '" + dir + "/tree' -r '" + dir + "/rapport.json'");
  EXPECT_EQ(r.status, 0) << r.err;  // the audit ran to its end; the file is listed as failed
  EXPECT_NE(r.err.find("dce.zip!/dae-amoa-2025_cctp.pdf : "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mémoire insuffisante"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--max-memory"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("erreur interne"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
