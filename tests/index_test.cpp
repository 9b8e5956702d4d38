// The index stage end to end: an index built over the corpus samples answers queries with
// known answers, landing on the right file and page; incremental updates; a second writer;
// a run killed with SIGKILL; several databases searched as one.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "run_vigie.hpp"
#include "vigie/index/index.hpp"

namespace {

namespace fs = std::filesystem;
using vigie::testing_support::run;
using vigie::testing_support::RunResult;
using vigie::testing_support::temp_dir;

const std::string k_samples = std::string(VIGIE_SOURCE_DIR) + "/corpus-samples";

// `s` as one shell word.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

// The sample documents (not their sources) in a folder of their own, indexed.
class SampleIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = temp_dir("index_samples");
    m_docs = m_dir + "/docs";
    m_db = m_dir + "/db";
    fs::create_directories(m_docs);
    for (const auto& e : fs::directory_iterator(k_samples)) {
      const auto ext = e.path().extension();
      if (ext == ".pdf" || ext == ".docx" || ext == ".odt") {
        fs::copy_file(e.path(), m_docs + "/" + e.path().filename().string());
      }
    }
    const RunResult r = run("index add --text --db " + m_db + " " + m_docs);
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_NE(r.err.find("8 ajouté(s)"), std::string::npos) << r.err;
  }

  nlohmann::json search(const std::string& query) {
    const RunResult r = run("search --format json --db " + m_db + " " + quoted(query));
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }

  // The hit for `file` (its name) in the results, or null.
  static const nlohmann::json* hit(const nlohmann::json& results, const std::string& file) {
    for (const auto& f : results["files"]) {
      if (fs::path(f["path"].get<std::string>()).filename() == file) {
        return &f;
      }
    }
    return nullptr;
  }

  std::string m_dir;
  std::string m_docs;
  std::string m_db;
};

struct Known {
  const char* what;
  const char* query;
  const char* file;  // must be among the results …
  int page;          // … with this page as its best one
};

const Known k_known[] = {
    {"accentless_query_finds_accented_text", "maitrise d ouvrage", "amo-concertation-cctp.pdf", 1},
    {"plural_finds_singular", "restitutions publiques", "jardin-partage-ccp.odt", 1},
    {"phrase", "\"maîtrise d'ouvrage\"", "amo-concertation-ccap.pdf", 1},
    {"elided_form", "d'alerte", "amo-concertation-cctp.pdf", 7},
    {"heading_words_weigh_more", "droit alerte titulaire", "amo-concertation-cctp.pdf", 7},
    {"field_filter_kind", "kind:CCP habitants", "jardin-partage-ccp.odt", 1},
    {"field_filter_place", "place:noailles conseil citoyen", "amo-concertation-cctp.pdf", 4},
    {"missing_tag", "missing:participation.restitution", "amo-concertation-cctp-faible.docx", 1},
    {"year_range", "year:2025..2026 critères offres", "amo-concertation-rc.pdf", 2},
    {"near", "budget NEAR/5 concertation", "amo-concertation-cctp.pdf", 6},
    {"wildcard", "codeci*", "jardin-partage-ccp.odt", 1},
};

class KnownAnswers : public SampleIndex, public ::testing::WithParamInterface<Known> {};

TEST_P(KnownAnswers, LandOnTheRightFileAndPage) {
  const auto& k = GetParam();
  const auto results = search(k.query);
  const auto* h = hit(results, k.file);
  ASSERT_NE(h, nullptr) << k.query << " did not find " << k.file << "\n" << results.dump(1);
  ASSERT_FALSE((*h)["best_pages"].empty());
  EXPECT_EQ((*h)["best_pages"][0]["page"], k.page) << results.dump(1);
  EXPECT_FALSE((*h)["best_pages"][0]["snippet"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(Index, KnownAnswers, ::testing::ValuesIn(k_known),
                         [](const ::testing::TestParamInfo<Known>& param) {
                           return std::string(param.param.what);
                         });

TEST_F(SampleIndex, FiltersKeepOnlyMatchingFiles) {
  const auto ccp = search("kind:ccp");
  EXPECT_EQ(ccp["total_files"], 2);
  for (const auto& f : ccp["files"]) {
    EXPECT_EQ(f["kind"], "CCP");
  }
  const auto missing = search("missing:participation.restitution");
  EXPECT_EQ(missing["total_files"], 1);  // the well-specified CCTP has its restitution
  EXPECT_EQ(search("year:2020..2024")["total_files"], 0);
  EXPECT_EQ(search("place:noailles")["total_files"], 1);
}

TEST_F(SampleIndex, FacetsCountFiles) {
  const auto r = search("concertation");
  int cctp = 0;
  for (const auto& f : r["facets"]["kind"]) {
    if (f["value"] == "CCTP") {
      cctp = f["files"].get<int>();
    }
  }
  EXPECT_EQ(cctp, 3);  // the two AMO CCTPs and the supplies one ("réunion de concertation")
}

TEST_F(SampleIndex, SnippetHighlightsTheWordsAsWritten) {
  const RunResult r = run("search --db " + m_db + " 'droit alerte'");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("p. 7 : "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[[DROIT]] D'[[ALERTE]]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Facettes :"), std::string::npos);
}

TEST_F(SampleIndex, SpellingSuggestionWhenNothingIsFound) {
  const auto r = search("concertaton");
  EXPECT_EQ(r["total_files"], 0);
  EXPECT_EQ(r["suggestion"], "concertation");
}

TEST_F(SampleIndex, UnparsableQueryIsAClearError) {
  const RunResult r = run("search --db " + m_db + " 'year:20x4'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("requête illisible"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("20x4"), std::string::npos) << r.err;
}

// Xapian 1.4's query parser dereferences a null query when a group required with '+' holds
// only stop words joined by punctuation ("+(de,la)"): the search crashed.
TEST_F(SampleIndex, RequiredGroupOfStopWordsDoesNotCrash) {
  for (const char* q : {"concertation +(de,la)", "concertation +(de, la) -(le,la)",
                        "+((le,la)) alerte", "concertation\t+(de,la)"}) {
    const RunResult r = run("search --db " + m_db + " '" + q + "'");
    EXPECT_EQ(r.status, 0) << q << "\n" << r.err;
    EXPECT_NE(r.out.find("fichier"), std::string::npos) << q << "\n" << r.out;
  }
}

TEST_F(SampleIndex, ReRunFindsEverythingUnchanged) {
  const RunResult r = run("index add --text --db " + m_db + " " + m_docs);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find("0 ajouté(s), 0 mis à jour, 8 inchangé(s)"), std::string::npos) << r.err;
}

TEST_F(SampleIndex, TouchedChangedCopiedAndDeletedFiles) {
  // Touched (new mtime, same bytes): recognised by its hash, unchanged.
  const std::string jardin = m_docs + "/jardin-partage-ccp.odt";
  fs::last_write_time(jardin, fs::last_write_time(jardin) + std::chrono::hours(1));
  // Changed content: re-indexed.
  const std::string note = m_docs + "/note.txt";
  std::ofstream(note) << "Note de cadrage : la concertation portera sur le square Bernard.\n";
  RunResult r = run("index add --text --db " + m_db + " " + m_docs);
  EXPECT_NE(r.err.find("1 ajouté(s), 0 mis à jour, 8 inchangé(s)"), std::string::npos) << r.err;
  std::ofstream(note) << "Note de cadrage : la concertation portera sur la place Lulli.\n";
  fs::last_write_time(note, fs::last_write_time(note) + std::chrono::hours(2));
  r = run("index add --text --db " + m_db + " " + m_docs);
  EXPECT_NE(r.err.find("0 ajouté(s), 1 mis à jour, 8 inchangé(s)"), std::string::npos) << r.err;
  EXPECT_EQ(search("lulli")["total_files"], 1);
  EXPECT_EQ(search("bernard")["total_files"], 0);
  // The same bytes under another path: recorded, not extracted again.
  fs::copy_file(jardin, m_docs + "/copie-jardin.odt");
  r = run("index add --text --db " + m_db + " " + m_docs);
  EXPECT_NE(r.err.find("1 en double (même contenu)"), std::string::npos) << r.err;
  const auto j = search("aygalades");
  ASSERT_EQ(j["total_files"], 1);
  EXPECT_EQ(j["files"][0]["other_paths"].size(), 1u);
  // Deleted: gone from the index.
  fs::remove(note);
  r = run("index add --text --db " + m_db + " " + m_docs);
  EXPECT_NE(r.err.find("1 retiré(s)"), std::string::npos) << r.err;
  EXPECT_EQ(search("lulli")["total_files"], 0);
  // Removed by hand.
  r = run("index remove --db " + m_db + " " + m_docs + "/copie-jardin.odt " + jardin);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(search("aygalades")["total_files"], 0);
}

TEST_F(SampleIndex, StatsAndList) {
  const RunResult s = run("index stats --db " + m_db);
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.out.find("fichiers : 8"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("CCTP (3)"), std::string::npos) << s.out;
  const RunResult l = run("index list --db " + m_db + " kind:rc");
  EXPECT_EQ(l.status, 0);
  EXPECT_NE(l.out.find("amo-concertation-rc.pdf\tRC\t2026"), std::string::npos) << l.out;
  EXPECT_EQ(l.out.find("cctp"), std::string::npos) << l.out;
}

TEST_F(SampleIndex, SimilarFindsTheSameKindOfMission) {
  const RunResult r = run("similar --format json --db " + m_db + " " + m_docs +
                          "/amo-concertation-cctp-faible.docx");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["files"].empty());
  for (const auto& f : j["files"]) {
    EXPECT_NE(fs::path(f["path"].get<std::string>()).filename(),
              "amo-concertation-cctp-faible.docx");
  }
  // The first neighbours are the other documents of AMO concertation missions.
  const std::string first = fs::path(j["files"][0]["path"].get<std::string>()).filename().string();
  EXPECT_NE(first.find("amo-concertation"), std::string::npos) << r.out;
  EXPECT_FALSE(j["files"][0]["shared_terms"].empty());
}

TEST_F(SampleIndex, SecondWriterGetsAClearError) {
  auto writer = vigie::index::Writer::open(m_db);
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  const RunResult r = run("index add --text --db " + m_db + " " + m_docs);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("en cours de mise à jour par le processus " + std::to_string(getpid())),
            std::string::npos)
      << r.err;
  // Searching still works while the writer holds the database.
  EXPECT_EQ(search("aygalades")["total_files"], 1);
}

TEST_F(SampleIndex, SeveralDatabasesSearchedAsOne) {
  const std::string other_docs = m_dir + "/other";
  const std::string other_db = m_dir + "/db2";
  fs::create_directories(other_docs);
  std::ofstream(other_docs + "/cr.txt") << "Compte rendu de l'atelier du square Bernard.\n";
  ASSERT_EQ(run("index add --text --db " + other_db + " " + other_docs).status, 0);
  const RunResult r =
      run("search --format json --dbs " + m_db + " --dbs " + other_db + " 'atelier*'");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool other = false;
  bool samples = false;
  for (const auto& f : j["files"]) {
    other = other || f["path"].get<std::string>().find("/other/") != std::string::npos;
    samples = samples || f["path"].get<std::string>().find("/docs/") != std::string::npos;
  }
  EXPECT_TRUE(other && samples) << r.out;
}

// A database served by xapian-tcpsrv is searched together with a local one: the files of
// both, their facets, and the file count computed without the local-only match spy.
TEST_F(SampleIndex, RemoteDatabaseServedByTcpsrvSearchedWithALocalOne) {
  const std::string other_docs = m_dir + "/served";
  const std::string other_db = m_dir + "/db-served";
  fs::create_directories(other_docs);
  std::ofstream(other_docs + "/cr.txt") << "Compte rendu de l'atelier du square Bernard.\n";
  ASSERT_EQ(run("index add --text --db " + other_db + " " + other_docs).status, 0);
  pid_t server = -1;
  int port = 0;
  // A free port: try a few, the server exits at once when its port is taken.
  for (int attempt = 0; attempt < 20 && server < 0; ++attempt) {
    port = 20000 + static_cast<int>((getpid() * 7 + attempt * 131) % 20000);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Its own process group: on SIGTERM the server signals its whole group.
      setpgid(0, 0);
      freopen("/dev/null", "w", stdout);
      freopen("/dev/null", "w", stderr);
      const std::string p = std::to_string(port);
      execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", p.c_str(),
             other_db.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == 0) {
      server = pid;  // still running: it holds the port
    } else {
      ASSERT_NE(WEXITSTATUS(status), 127) << "xapian-tcpsrv missing (apt-get install xapian-tools)";
    }
  }
  ASSERT_GT(server, 0) << "no free port for xapian-tcpsrv";
  const RunResult r = run("search --format json --dbs " + m_db +
                          " --dbs tcp:127.0.0.1:" + std::to_string(port) + " 'atelier*'");
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool served = false;
  bool samples = false;
  for (const auto& f : j["files"]) {
    served = served || f["path"].get<std::string>().find("/served/") != std::string::npos;
    samples = samples || f["path"].get<std::string>().find("/docs/") != std::string::npos;
  }
  EXPECT_TRUE(served && samples) << r.out;
  EXPECT_EQ(j["total_files"].get<std::size_t>(), j["files"].size());
}

TEST(Index, DatabaseLocationFromTheEnvironment) {
  EXPECT_EQ(vigie::index::default_location("/x/data", "/home/a"), "/x/data/vigie/index");
  EXPECT_EQ(vigie::index::default_location("", "/home/a"), "/home/a/.local/share/vigie/index");
  const std::string dir = temp_dir("index_env");
  std::ofstream(dir + "/a.txt") << "Réunion publique de restitution.\n";
  const std::string env = "VIGIE_DB=" + dir + "/db ";
  const std::string cmd =
      env + std::string(VIGIE_BINARY) + " index add --text " + dir + "/a.txt 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_TRUE(fs::exists(dir + "/db"));
}

// A run killed with SIGKILL leaves a database that opens; the next run completes it.
TEST(Index, KilledRunIsCompletedByTheNextOne) {
  const std::string dir = temp_dir("index_kill");
  const std::string docs = dir + "/docs";
  const std::string db = dir + "/db";
  fs::create_directories(docs);
  constexpr int k_files = 300;
  for (int i = 0; i < k_files; ++i) {
    std::ofstream out(docs + "/doc-" + std::to_string(i) + ".txt");
    out << "ARTICLE 1 – OBJET\n\nDocument numéro " << i << " de la série kilo" << i << ".\n\n";
    for (int k = 0; k < 200; ++k) {
      out << "La concertation du public porte sur le réaménagement du square numéro " << k << ".\n";
    }
  }
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    freopen("/dev/null", "w", stderr);
    execl(VIGIE_BINARY, VIGIE_BINARY, "index", "add", "--jobs", "1", "--commit-every", "10",
          "--no-check", "--db", db.c_str(), docs.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once it has committed something (or after 20 s at most).
  for (int i = 0; i < 400; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const RunResult s = run("index stats --db " + db);
    if (s.status == 0 && s.out.find("fichiers : 0 ") == std::string::npos &&
        s.out.find("fichiers : ") != std::string::npos) {
      break;
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  // The database opens and answers.
  const RunResult mid = run("search --format json --db " + db + " concertation");
  ASSERT_EQ(mid.status, 0) << mid.err;
  const int before = nlohmann::json::parse(mid.out)["total_files"].get<int>();
  EXPECT_LE(before, k_files);
  // The next run completes the index.
  const RunResult again = run("index add --text --no-check --db " + db + " " + docs);
  EXPECT_EQ(again.status, 0) << again.err;
  const RunResult all = run("search --format json --limit 1 --db " + db + " concertation");
  EXPECT_EQ(nlohmann::json::parse(all.out)["total_files"], k_files);
  const RunResult one = run("search --format json --db " + db + " kilo299");
  EXPECT_EQ(nlohmann::json::parse(one.out)["total_files"], 1);
  const RunResult stats = run("index stats --db " + db);
  EXPECT_NE(stats.out.find("fichiers : " + std::to_string(k_files) + " "), std::string::npos)
      << stats.out;
}

}  // namespace

namespace {

// Ctrl-C stops the run after committing what was done; the next run finishes.
// Whether process `pid` catches SIGINT yet (SigCgt in /proc/PID/status).
bool catches_sigint(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("SigCgt:", 0) == 0) {
      return (std::stoull(line.substr(7), nullptr, 16) & (1ULL << (SIGINT - 1))) != 0;
    }
  }
  return false;
}

// Ctrl-C at any moment of `index add` once it has started: at once (while the rules load and
// the database opens) or after 250 ms (while files are read). Before, the handler was set
// only once reading began: a signal in the first moments killed the process outright, which
// under AddressSanitizer's slow start happened at 250 ms too.
TEST(Index, InterruptedRunCommitsWhatWasDone) {
  for (const int delay_ms : {0, 250}) {
    SCOPED_TRACE("SIGINT after " + std::to_string(delay_ms) + " ms");
    const std::string dir = temp_dir("index_sigint_" + std::to_string(delay_ms));
    const std::string docs = dir + "/docs";
    const std::string db = dir + "/db";
    fs::create_directories(docs);
    constexpr int k_files = 200;
    for (int i = 0; i < k_files; ++i) {
      std::ofstream out(docs + "/doc-" + std::to_string(i) + ".txt");
      out << "Compte rendu numéro " << i << ".\n\n";
      for (int k = 0; k < 300; ++k) {
        out << "La restitution publique du projet numéro " << k << " a lieu en mairie.\n";
      }
    }
    const std::string err = dir + "/stderr.txt";
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      freopen(err.c_str(), "w", stderr);
      execl(VIGIE_BINARY, VIGIE_BINARY, "index", "add", "--text", "--jobs", "1", "--no-check",
            "--db", db.c_str(), docs.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 2000 && !catches_sigint(pid); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by the signal instead of stopping cleanly";
    std::ifstream in(err);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (WEXITSTATUS(status) == 130) {
      EXPECT_NE(text.find("Interrompu"), std::string::npos) << text;
    } else {
      EXPECT_EQ(WEXITSTATUS(status), 0) << text;  // it finished before the signal came
    }
    const RunResult again = run("index add --text --no-check --db " + db + " " + docs);
    EXPECT_EQ(again.status, 0) << again.err;
    const RunResult all = run("search --format json --limit 1 --db " + db + " restitution");
    EXPECT_EQ(nlohmann::json::parse(all.out)["total_files"], k_files);
  }
}

}  // namespace

namespace {

// A tender as a buyer publishes it: a stored ZIP with accented names (Python's zipfile sets
// the UTF-8 flag) beside a README and a YAML file that are not tenders. Before, index add
// skipped the ZIP and indexed the README and the YAML as documents.
TEST(Index, ArchiveMembersAreIndexedAndNonDocumentsLeftOut) {
  const std::string dir = temp_dir("index_archives");
  const std::string docs = dir + "/docs";
  const std::string db = dir + "/db";
  fs::create_directories(docs);
  const std::string script =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n"
      "    z.write(sys.argv[2], 'Pièces techniques/CCTP concertation.pdf')\n"
      "    z.write(sys.argv[3], 'Règlement de la consultation.odt')\n";
  std::ofstream(dir + "/make.py") << script;
  const std::string make = "python3 " + quoted(dir + "/make.py") + " " +
                           quoted(docs + "/DCE quartier.zip") + " " +
                           quoted(k_samples + "/amo-concertation-cctp.pdf") + " " +
                           quoted(k_samples + "/jardin-partage-ccp.odt");
  ASSERT_EQ(std::system(make.c_str()), 0);
  std::ofstream(docs + "/README.md") << "Notes internes : zéphyrologie du dossier.\n";
  std::ofstream(docs + "/config.yaml") << "commentaire: zéphyrologie\n";

  const RunResult add = run("index add --db " + quoted(db) + " " + quoted(docs));
  ASSERT_EQ(add.status, 0) << add.err;
  EXPECT_NE(add.err.find("2 ajouté(s)"), std::string::npos) << add.err;

  // The README and the YAML file are not indexed: their word finds nothing.
  const RunResult none = run("search --format json --db " + quoted(db) + " zéphyrologie");
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_TRUE(nlohmann::json::parse(none.out)["files"].empty()) << none.out;

  // The CCTP is found by its member path, with its accents, and that path opens.
  const RunResult found = run("search --format json --db " + quoted(db) + " \"droit d'alerte\"");
  ASSERT_EQ(found.status, 0) << found.err;
  const auto files = nlohmann::json::parse(found.out)["files"];
  ASSERT_FALSE(files.empty()) << found.out;
  const std::string member = files[0]["path"].get<std::string>();
  EXPECT_EQ(member, docs + "/DCE quartier.zip!/Pièces techniques/CCTP concertation.pdf");
  const RunResult text = run("extract " + quoted(member));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("DROIT D'ALERTE"), std::string::npos);
  const RunResult checked = run("check --fail-on never " + quoted(member));
  EXPECT_EQ(checked.status, 0) << checked.err;
  EXPECT_NE(checked.out.find("CCTP concertation.pdf"), std::string::npos) << checked.out;

  // Plain text is indexed when asked.
  const RunResult with_text = run("index add --text --db " + quoted(db) + " " + quoted(docs));
  ASSERT_EQ(with_text.status, 0) << with_text.err;
  const RunResult now = run("search --format json --db " + quoted(db) + " zéphyrologie");
  EXPECT_EQ(nlohmann::json::parse(now.out)["files"].size(), 2u) << now.out;
  fs::remove_all(dir);
}

}  // namespace
