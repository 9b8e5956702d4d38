// Fault tests (ctest label "fault"): resources running out while vigie works. Each ends with
// the right report naming the file, and no abort.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "make_zip.hpp"
#include "run_vigie.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using vigie::testing_support::Entry;
using vigie::testing_support::make_zip;
using vigie::testing_support::read_file;
using vigie::testing_support::run;
using vigie::testing_support::RunResult;
using vigie::testing_support::temp_dir;

const std::string k_src = VIGIE_SOURCE_DIR;
const std::string k_samples = k_src + "/corpus-samples/";
const std::string k_real = k_src + "/tests/data/shared/real/";

// Runs a shell command line, returning its exit status (-1 when killed by a signal).
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void spit(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The JSON report of an audit (discarded when missing or unreadable).
json report(const std::string& path) { return json::parse(read_file(path), nullptr, false); }

std::vector<std::string> document_paths(const json& r) {
  std::vector<std::string> out;
  for (const auto& d : r.value("documents", json::array())) {
    out.push_back(d.value("path", ""));
  }
  return out;
}

// path → code of the entries the report says were not read (skipped problems).
std::map<std::string, std::string> skips(const json& r) {
  std::map<std::string, std::string> out;
  for (const auto& p : r.value("problems", json::array())) {
    if (p.value("skipped", false)) {
      out[p.value("path", "")] = p.value("code", "");
    }
  }
  return out;
}

std::string message_of(const json& r, const std::string& path) {
  for (const auto& p : r.value("problems", json::array())) {
    if (p.value("path", "") == path) {
      return p.value("message", "");
    }
  }
  return {};
}

// One run of the binary with argv (no shell), stderr to a file: its exit status, wall time
// and the rusage wait4 gives for it. `file_size_limit` sets RLIMIT_FSIZE (SIGXFSZ ignored,
// so writes past it fail with EFBIG as they would with ENOSPC on a full disk). A run that
// hangs is killed after 180 s (an alarm survives exec; status -1), failing the test.
struct ProcessRun {
  int status = -1;
  double seconds = 0;
  rusage usage{};
  std::string err;
};

ProcessRun run_process(const std::vector<std::string>& args, const std::string& err_file,
                       rlim_t file_size_limit = RLIM_INFINITY) {
  std::vector<char*> argv;
  std::string binary = VIGIE_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  ProcessRun out;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    if (file_size_limit != RLIM_INFINITY) {
      const rlimit rl{file_size_limit, file_size_limit};
      setrlimit(RLIMIT_FSIZE, &rl);
      signal(SIGXFSZ, SIG_IGN);
    }
    alarm(180);
    setenv("NO_COLOR", "1", 1);
    const int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, STDERR_FILENO) < 0) {
      _exit(126);
    }
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  wait4(pid, &status, 0, &out.usage);
  out.seconds = seconds_since(start);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.err = read_file(err_file);
  return out;
}

// Writes one of tests/make_hostile_pdf.py's PDFs ("slow" or "hungry").
void hostile_pdf(const std::string& kind, const std::string& path) {
  ASSERT_EQ(shell("python3 " + k_src + "/tests/make_hostile_pdf.py " + kind + " '" + path + "'"),
            0);
}

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

// ---------------------------------------------------------------------------------------
// Folders: links and special files.

// A link to the folder itself and one to its parent: the audit ends at once, each document
// once, the links named. Guards against the walk following links by default (the audit ran
// for ever, two loops) or reading a PDF once per path through a loop (41 times, one loop).
TEST(Fault, SymlinkLoopsEndPromptlyEachDocumentListedOnce) {
  const std::string dir = temp_dir("fault_loops");
  fs::create_directories(dir + "/tree/sub");
  fs::copy_file(k_samples + "amo-concertation-rc.pdf", dir + "/tree/rc.pdf");
  fs::copy_file(k_samples + "amo-concertation-cctp.pdf", dir + "/tree/sub/cctp.pdf");
  fs::create_directory_symlink(".", dir + "/tree/self");
  fs::create_directory_symlink("..", dir + "/tree/sub/parent");
  fs::create_symlink("../rc.pdf", dir + "/tree/sub/rc-link.pdf");

  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run("audit --jobs 2 " + dir + "/tree -r " + dir + "/r.json", 0, 60);
  EXPECT_LT(seconds_since(start), 20.0);
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = report(dir + "/r.json");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(document_paths(j),
            (std::vector<std::string>{dir + "/tree/rc.pdf", dir + "/tree/sub/cctp.pdf"}));
  const std::map<std::string, std::string> expected_skips = {
      {dir + "/tree/self", "symlink"},
      {dir + "/tree/sub/parent", "symlink"},
      {dir + "/tree/sub/rc-link.pdf", "symlink"}};
  EXPECT_EQ(skips(j), expected_skips);
  EXPECT_NE(message_of(j, dir + "/tree/self").find("lien symbolique vers ."), std::string::npos);
  EXPECT_NE(r.err.find(dir + "/tree/sub/parent : lien symbolique vers .."), std::string::npos)
      << r.err;

  // --follow: the loops are detected by device and inode, each PDF is read once.
  const auto start_follow = std::chrono::steady_clock::now();
  const RunResult f = run("audit --follow --jobs 2 " + dir + "/tree -r " + dir + "/f.json", 0, 60);
  EXPECT_LT(seconds_since(start_follow), 20.0);
  ASSERT_EQ(f.status, 0) << f.err;
  const json jf = report(dir + "/f.json");
  ASSERT_FALSE(jf.is_discarded());
  EXPECT_EQ(document_paths(jf),
            (std::vector<std::string>{dir + "/tree/rc.pdf", dir + "/tree/sub/cctp.pdf"}));
  const std::map<std::string, std::string> expected_follow = {
      {dir + "/tree/self", "link-loop"},
      {dir + "/tree/sub/parent", "link-loop"},
      {dir + "/tree/sub/rc-link.pdf", "already-listed"}};
  EXPECT_EQ(skips(jf), expected_follow);
  fs::remove_all(dir);
}

// A link to a file outside the tree (standing for /etc/passwd) is not read and is named; so
// are a FIFO (reading it would wait for ever), a dangling link and a link to /dev/null.
// Guards against the walk following links out of the tree (/etc/passwd became a searchable
// document) and against special files skipped without a word.
TEST(Fault, LinksOutOfTheTreeAndSpecialFilesAreNamedSkips) {
  const std::string dir = temp_dir("fault_outside");
  const std::string tree = dir + "/tree";
  fs::create_directories(tree);
  spit(dir + "/outside/passwd", "root:x:0:0:motsecretzorglub:/root:/bin/bash\n");
  fs::copy_file(k_samples + "amo-concertation-rc.pdf", tree + "/rc.pdf");
  fs::create_symlink(dir + "/outside/passwd", tree + "/passwd");
  ASSERT_EQ(::mkfifo((tree + "/tube").c_str(), 0644), 0);
  fs::create_symlink(dir + "/nowhere", tree + "/dangling");
  fs::create_symlink("/dev/null", tree + "/null");

  const RunResult r = run("audit --jobs 2 " + tree + " -r " + dir + "/r.json", 0, 60);
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = report(dir + "/r.json");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(document_paths(j), (std::vector<std::string>{tree + "/rc.pdf"}));
  const std::map<std::string, std::string> expected = {{tree + "/dangling", "symlink"},
                                                       {tree + "/null", "symlink"},
                                                       {tree + "/passwd", "symlink"},
                                                       {tree + "/tube", "fifo"}};
  EXPECT_EQ(skips(j), expected);
  EXPECT_NE(message_of(j, tree + "/passwd").find(dir + "/outside/passwd"), std::string::npos);
  EXPECT_NE(message_of(j, tree + "/null").find("/dev/null"), std::string::npos);
  for (const auto& [path, code] : expected) {
    EXPECT_NE(r.err.find(path + " : "), std::string::npos) << path << "\n" << r.err;
  }
  EXPECT_EQ(read_file(dir + "/r.json").find("motsecretzorglub"), std::string::npos);

  // index add, text files included: the file outside is not indexed, the skips are named.
  const RunResult add = run("index add --text --jobs 2 --db " + dir + "/db " + tree, 0, 60);
  EXPECT_EQ(add.status, 0) << add.err;
  EXPECT_NE(add.err.find("écarté : " + tree + "/passwd"), std::string::npos) << add.err;
  EXPECT_NE(add.err.find("écarté : " + tree + "/tube"), std::string::npos) << add.err;
  const RunResult found = run("search --format json --db " + dir + "/db motsecretzorglub");
  EXPECT_EQ(found.status, 0) << found.err;
  const json hits = json::parse(found.out, nullptr, false);
  ASSERT_FALSE(hits.is_discarded()) << found.out;
  EXPECT_EQ(hits.value("total_files", -1), 0) << found.out;

  // --follow: the links are followed (on request), each special target named by its kind.
  const RunResult f = run("audit --follow --jobs 2 " + tree + " -r " + dir + "/f.json", 0, 60);
  ASSERT_EQ(f.status, 0) << f.err;
  const json jf = report(dir + "/f.json");
  ASSERT_FALSE(jf.is_discarded());
  EXPECT_EQ(document_paths(jf), (std::vector<std::string>{tree + "/passwd", tree + "/rc.pdf"}));
  const std::map<std::string, std::string> expected_follow = {
      {tree + "/dangling", "broken-link"}, {tree + "/null", "device"}, {tree + "/tube", "fifo"}};
  EXPECT_EQ(skips(jf), expected_follow);
  fs::remove_all(dir);
}

// A folder and a file that cannot be read (permissions) are named as skips, in French: the
// cause was strerror's English ("dossier illisible (Permission denied)"). Root reads
// everything, so as root vigie runs as nobody (setpriv).
TEST(Fault, UnreadableEntriesAreNamedInFrench) {
  std::string as_user;
  if (::geteuid() == 0) {
    if (shell("setpriv --version >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "running as root without setpriv: every entry is readable";
    }
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const std::string dir = temp_dir("fault_unreadable");
  const std::string tree = dir + "/tree";
  fs::create_directories(tree + "/secret");
  fs::copy_file(k_samples + "amo-concertation-rc.pdf", tree + "/rc.pdf");
  fs::copy_file(k_samples + "amo-concertation-ccap.pdf", tree + "/secret/ccap.pdf");
  fs::copy_file(k_samples + "amo-concertation-cctp.pdf", tree + "/ferme.pdf");
  fs::permissions(dir, fs::perms::all);  // the report is written there
  fs::permissions(tree + "/secret", fs::perms::none);
  fs::permissions(tree + "/ferme.pdf", fs::perms::none);
  const int status = shell(as_user + "env NO_COLOR=1 " + VIGIE_BINARY + " audit " + tree + " -r " +
                           dir + "/r.json >/dev/null 2>" + dir + "/err");
  fs::permissions(tree + "/secret", fs::perms::owner_all);
  const std::string err = read_file(dir + "/err");
  ASSERT_EQ(status, 0) << err;
  const json j = report(dir + "/r.json");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(document_paths(j), (std::vector<std::string>{tree + "/rc.pdf"}));
  const std::map<std::string, std::string> expected = {{tree + "/ferme.pdf", "unreadable"},
                                                       {tree + "/secret", "unreadable-folder"}};
  EXPECT_EQ(skips(j), expected);
  EXPECT_EQ(message_of(j, tree + "/secret"), "dossier illisible (permission refusée)");
  EXPECT_EQ(message_of(j, tree + "/ferme.pdf"), "fichier illisible (permission refusée)");
  EXPECT_NE(err.find(tree + "/secret : dossier illisible (permission refusée)"), std::string::npos)
      << err;
  EXPECT_EQ(err.find("Permission denied"), std::string::npos) << err;
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// Documents that cost too much.

// `index add` of a folder where one PDF makes Poppler work for minutes and another makes it
// take over 1 GiB (tests/make_hostile_pdf.py; both measured by hand without limits, see its
// header), beside a good one. Guards against index add having no per-file time or memory
// limit (one PDF of 123 KB kept it running for minutes at 2.5 GB while the other worker
// waited): the run must end within the time limit plus a margin, both bad files named, the
// good one searchable, and the whole run under 1 GiB.
TEST(Fault, IndexAddGivesUpPathologicalPdfsWithinItsLimits) {
#if defined(VIGIE_SANITIZED)
  GTEST_SKIP() << "no memory limit under AddressSanitizer (RLIMIT_AS is not applied)";
#endif
  const std::string dir = temp_dir("fault_pathological");
  const std::string docs = dir + "/docs";
  fs::create_directories(docs);
  hostile_pdf("slow", docs + "/lent.pdf");
  hostile_pdf("hungry", docs + "/gourmand.pdf");
  fs::copy_file(k_samples + "amo-concertation-cctp.pdf", docs + "/cctp.pdf");
  EXPECT_LT(fs::file_size(docs + "/lent.pdf") + fs::file_size(docs + "/gourmand.pdf"),
            2u * 1024 * 1024);

  constexpr int k_jobs = 2;
  constexpr int k_timeout = 10;
  const ProcessRun r =
      run_process({"index", "add", "--jobs", std::to_string(k_jobs), "--timeout",
                   std::to_string(k_timeout), "--max-memory", "300", "--db", dir + "/db", docs},
                  dir + "/err.txt");
  // A file failed: exit status 2, not an abort.
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_LT(r.seconds, k_timeout + 20.0) << r.err;
  EXPECT_NE(r.err.find(docs + "/lent.pdf : lecture interrompue après 10 s (délai dépassé)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(docs + "/gourmand.pdf : mémoire insuffisante"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("échec : " + docs + "/lent.pdf"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 ajouté(s)"), std::string::npos) << r.err;
  // Peak memory of the whole run. wait4 gives the largest resident size reached by vigie or
  // any worker it waited for (the kernel keeps the maximum over the process and its reaped
  // children, not a sum). At most the parent and `k_jobs` workers live at once (a worker
  // killed for its time or memory is reaped before its replacement is forked), so their sum
  // never exceeds (k_jobs + 1) times that maximum: the bound asserted.
  const long peak_kib = r.usage.ru_maxrss;
  RecordProperty("peak_single_process_kib", std::to_string(peak_kib));
  RecordProperty("seconds", std::to_string(r.seconds));
  EXPECT_LT((k_jobs + 1) * peak_kib, 1024L * 1024) << "largest process " << peak_kib << " KiB";

  const RunResult found = run("search --format json --db " + dir + "/db concertation");
  EXPECT_EQ(found.status, 0) << found.err;
  const json hits = json::parse(found.out, nullptr, false);
  ASSERT_FALSE(hits.is_discarded()) << found.out;
  EXPECT_EQ(hits.value("total_files", 0), 1) << found.out;
  EXPECT_NE(found.out.find(docs + "/cctp.pdf"), std::string::npos) << found.out;
  fs::remove_all(dir);
}

// `index add --text` of a folder with a 60 MB text file beside good files goes on past it and
// names it. (`check` of the same file is refused by name: Check.HugeTextFileIsRefusedByName in
// cli_test.cpp.) Guards against the size limit aborting the whole run, or the file dropped
// without a word.
TEST(Fault, IndexAddGoesOnPastAHugeTextFile) {
  const std::string dir = temp_dir("fault_huge_text");
  const std::string docs = dir + "/docs";
  {
    fs::create_directories(docs);
    std::ofstream out(docs + "/journal.txt", std::ios::binary);
    const std::string line = "Le titulaire exécute les prestations prévues au marché.\n";
    for (std::size_t written = 0; written < 60u * 1000 * 1000; written += line.size()) {
      out << line;
    }
  }
  spit(docs + "/compte-rendu.txt", "Compte rendu de la réunion publique du quartier.\n");
  fs::copy_file(k_samples + "amo-concertation-rc.pdf", docs + "/rc.pdf");
  const RunResult r = run("index add --text --jobs 2 --db " + dir + "/db " + docs, 0, 120);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(docs + "/journal.txt : document trop long"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("échec : " + docs + "/journal.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 ajouté(s)"), std::string::npos) << r.err;
  const RunResult found = run("search --format json --db " + dir + "/db 'réunion publique'");
  const json hits = json::parse(found.out, nullptr, false);
  ASSERT_FALSE(hits.is_discarded()) << found.out;
  EXPECT_EQ(hits.value("total_files", 0), 1) << found.out;
  EXPECT_NE(found.out.find(docs + "/compte-rendu.txt"), std::string::npos) << found.out;
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// Disk full under the audit's journal.

// 48 small real documents, and last in name order a PDF that takes minutes: an audit that
// goes on after its journal failed reaches it, and is caught by its time.
std::string disk_full_documents(const std::string& dir) {
  const std::string docs = dir + "/docs";
  fs::create_directories(docs);
  const std::vector<std::string> samples = {
      "amo-concertation-ae-scan.pdf",      "amo-concertation-ccap.pdf",
      "amo-concertation-cctp.pdf",         "amo-concertation-rc.pdf",
      "fournitures-mobilier-cctp.pdf",     "npnru-travaux-ccp.pdf",
      "amo-concertation-cctp-faible.docx", "jardin-partage-ccp.odt"};
  for (int copy = 0; copy < 6; ++copy) {
    for (const auto& s : samples) {
      fs::copy_file(k_samples + s, docs + "/" + std::to_string(copy) + "-" + s);
    }
  }
  hostile_pdf("slow", docs + "/zz-lent.pdf");
  return docs;
}

// The run on the full disk stopped at the first failed journal write, with a French message
// naming the journal and the cause, exit status 2, before checking everything.
void expect_stopped_at_once(int status, double seconds, const std::string& err,
                            const std::string& journal, const std::string& cause) {
  EXPECT_EQ(status, 2) << err;
  EXPECT_NE(err.find(journal + " : impossible d'écrire dans le journal de l'audit (" + cause + ")"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("relancer la même commande avec --resume"), std::string::npos) << err;
  EXPECT_EQ(err.find("erreur interne"), std::string::npos) << err;
  // Stopped at once: the slow PDF at the end was never reached (it costs --timeout seconds).
  EXPECT_EQ(err.find("zz-lent.pdf"), std::string::npos) << err;
  EXPECT_LT(seconds, 25.0) << err;
}

// The resumed run's report holds what an uninterrupted audit gives.
void expect_same_audit(const std::string& resumed_path, const std::string& reference_path) {
  const json resumed = report(resumed_path);
  const json reference = report(reference_path);
  ASSERT_FALSE(resumed.is_discarded()) << resumed_path;
  ASSERT_FALSE(reference.is_discarded()) << reference_path;
  EXPECT_EQ(resumed["documents"].size(), 48u);
  EXPECT_EQ(resumed["documents"], reference["documents"]);
  EXPECT_EQ(resumed["tenders"], reference["tenders"]);
  EXPECT_EQ(resumed["summary"], reference["summary"]);
  EXPECT_EQ(resumed["problems"], reference["problems"]);
}

// A real full disk: a 64 KiB tmpfs (the journal of the 48 documents takes about 170 KB) mounted in
// a private mount namespace (unshare -rm: works as root and where unprivileged user namespaces are
// allowed), grown to 64 MiB for --resume. Guards against the audit not noticing that its journal
// writes fail: it checked everything, then failed with an internal JSON error and wrote no report.
TEST(Fault, FullDiskStopsTheAuditAtOnceAndResumeCompletes) {
  if (shell("unshare -rm true >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "unshare -rm is not allowed here (the file size limit test covers this)";
  }
  const std::string dir = temp_dir("fault_audit_full_disk");
  const std::string docs = disk_full_documents(dir);
  const std::string mnt = dir + "/mnt";
  fs::create_directories(mnt);
  const std::string audit = std::string("NO_COLOR=1 ") + VIGIE_BINARY +
                            " audit --jobs 2 --timeout 60 " + docs + " -r " + mnt + "/r.json";
  const std::string script =
      "set -u; mount -t tmpfs -o size=64k tmpfs " + mnt + " || exit 77; s=$(date +%s%N); " + audit +
      " >/dev/null 2>" + dir + "/err1; echo $? >" + dir +
      "/rc1; echo $(( ($(date +%s%N) - s) / 1000000 )) >" + dir + "/ms1; rm " + docs +
      "/zz-lent.pdf; mount -o remount,size=64m " + mnt + "; " + audit + " --resume >/dev/null 2>" +
      dir + "/err2; echo $? >" + dir + "/rc2; cp " + mnt + "/r.json " + dir + "/resumed.json";
  const int status = shell("unshare -rm sh -c '" + script + "'");
  if (status == 77) {
    GTEST_SKIP() << "mounting a tmpfs is not allowed here";
  }
  const auto number = [&](const char* name) {
    return std::stol("0" + read_file(dir + "/" + name));
  };
  const double seconds = static_cast<double>(number("ms1")) / 1000;
  RecordProperty("seconds_to_stop", std::to_string(seconds));
  expect_stopped_at_once(static_cast<int>(number("rc1")), seconds, read_file(dir + "/err1"),
                         mnt + "/r.json.journal", "espace disque insuffisant");
  EXPECT_EQ(number("rc2"), 0) << read_file(dir + "/err2");
  EXPECT_NE(read_file(dir + "/err2").find("reprise : "), std::string::npos)
      << read_file(dir + "/err2");
  const RunResult reference = run("audit --jobs 2 " + docs + " -r " + dir + "/reference.json");
  ASSERT_EQ(reference.status, 0) << reference.err;
  expect_same_audit(dir + "/resumed.json", dir + "/reference.json");
  fs::remove_all(dir);
}

// The same where no file system can be mounted: a file size limit (RLIMIT_FSIZE) makes the
// journal's writes fail with EFBIG, as ENOSPC would.
TEST(Fault, FileSizeLimitStopsTheAuditAtOnceAndResumeCompletes) {
  const std::string dir = temp_dir("fault_audit_size_limit");
  const std::string docs = disk_full_documents(dir);
  const std::vector<std::string> args = {"audit", "--jobs", "2",  "--timeout",
                                         "60",    docs,     "-r", dir + "/r.json"};
  const ProcessRun full = run_process(args, dir + "/err1", 64 * 1024);
  RecordProperty("seconds_to_stop", std::to_string(full.seconds));
  expect_stopped_at_once(full.status, full.seconds, full.err, dir + "/r.json.journal",
                         "fichier trop volumineux");
  EXPECT_FALSE(fs::exists(dir + "/r.json"));
  fs::remove(docs + "/zz-lent.pdf");
  std::vector<std::string> resume = args;
  resume.emplace_back("--resume");
  const ProcessRun again = run_process(resume, dir + "/err2");
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("reprise : "), std::string::npos) << again.err;
  const RunResult reference = run("audit --jobs 2 " + docs + " -r " + dir + "/reference.json");
  ASSERT_EQ(reference.status, 0) << reference.err;
  expect_same_audit(dir + "/r.json", dir + "/reference.json");
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// Hostile archives.

// Two members of the same name, deflated and stored: both are documents, the second named
// NAME#2. Guards against the second member being lost without a word.
TEST(Fault, DuplicateMemberNamesAreBothAudited) {
  const std::string dir = temp_dir("fault_duplicates");
  const std::vector<Entry> entries = {
      {"Pièces/CCTP.pdf", read_file(k_samples + "amo-concertation-cctp.pdf")},
      {"Pièces/CCTP.pdf", read_file(k_samples + "fournitures-mobilier-cctp.pdf")}};
  spit(dir + "/tree/dce.zip", make_zip(entries));
  spit(dir + "/tree/stocke.zip", make_zip(entries, "zip:compression=store"));
  const RunResult r = run("audit --jobs 2 " + dir + "/tree -r " + dir + "/r.json", 0, 60);
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = report(dir + "/r.json");
  ASSERT_FALSE(j.is_discarded());
  const std::string t = dir + "/tree/";
  EXPECT_EQ(document_paths(j),
            (std::vector<std::string>{
                t + "dce.zip!/Pièces/CCTP.pdf", t + "dce.zip!/Pièces/CCTP.pdf#2",
                t + "stocke.zip!/Pièces/CCTP.pdf", t + "stocke.zip!/Pièces/CCTP.pdf#2"}));
  std::set<std::string> hashes;
  for (const auto& d : j["documents"]) {
    EXPECT_EQ(d.value("status", ""), "ok") << d.dump();
    hashes.insert(d.value("sha256", ""));
  }
  EXPECT_EQ(hashes.size(), 2u);  // each name's two members are two documents
  EXPECT_TRUE(skips(j).empty()) << j["problems"].dump();
  EXPECT_NE(message_of(j, t + "dce.zip!/Pièces/CCTP.pdf#2").find("CCTP.pdf#2"), std::string::npos);
  EXPECT_NE(r.err.find(t + "stocke.zip!/Pièces/CCTP.pdf#2 : "), std::string::npos) << r.err;
  fs::remove_all(dir);
}

// A nested zip bomb: 10 levels, each holding 16 MiB of zeros and two copies of the level
// below (22 KB in all). The audit ends quickly, names the archive with the budget's reason,
// and checks the other documents of the folder. Guards against a budget per level instead
// of per top-level archive (a 60 KB file cost 86 s).
TEST(Fault, NestedZipBombEndsQuicklyAndTheRestIsChecked) {
  const std::string dir = temp_dir("fault_nested_bomb");
  std::string level;
  for (int l = 0; l < 10; ++l) {
    std::vector<Entry> entries = {{"zeros-" + std::to_string(l) + ".bin", "", 16u << 20}};
    if (!level.empty()) {
      for (int copy = 0; copy < 2; ++copy) {
        entries.push_back(
            {"niveau-" + std::to_string(l) + "-" + std::to_string(copy) + ".zip", level});
      }
    }
    level = make_zip(entries);
  }
  EXPECT_LT(level.size(), 64u * 1024);
  spit(dir + "/tree/bombe.zip", level);
  fs::copy_file(k_samples + "amo-concertation-rc.pdf", dir + "/tree/rc.pdf");
  spit(dir + "/tree/dce.zip",
       make_zip({{"CCTP.pdf", read_file(k_samples + "amo-concertation-cctp.pdf")}}));

  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run("audit --jobs 2 " + dir + "/tree -r " + dir + "/r.json", 0, 120);
  const double seconds = seconds_since(start);
  RecordProperty("seconds", std::to_string(seconds));
#if defined(VIGIE_SANITIZED)
  EXPECT_LT(seconds, 30.0);
#else
  EXPECT_LT(seconds, 10.0);
#endif
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = report(dir + "/r.json");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(skips(j)[dir + "/tree/bombe.zip"], "zip-bomb") << j["problems"].dump();
  EXPECT_NE(message_of(j, dir + "/tree/bombe.zip").find("bombe de décompression"),
            std::string::npos);
  EXPECT_NE(r.err.find(dir + "/tree/bombe.zip : bombe de décompression"), std::string::npos)
      << r.err;
  std::map<std::string, std::string> status;
  for (const auto& d : j["documents"]) {
    status[d.value("path", "")] = d.value("status", "");
  }
  EXPECT_EQ(status[dir + "/tree/rc.pdf"], "ok");
  EXPECT_EQ(status[dir + "/tree/dce.zip!/CCTP.pdf"], "ok");
  fs::remove_all(dir);
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

namespace {

// Poppler answers a failed allocation with "Out of memory" on stderr and an empty page, not
// an error: under a memory limit a real 198-page PDF came out as "non lu : aucun texte : le
// document ne contient que des pages vides", as if it were blank. The worker now reads its
// own diagnostics and reports the document as read out of memory, and the library lines
// stay out of the user's terminal.
TEST(Fault, PdfReadOutOfMemoryIsNotReportedAsBlankPages) {
#if defined(VIGIE_SANITIZED)
  GTEST_SKIP() << "under AddressSanitizer the memory limit is not applied";
#endif
  const std::string dir = temp_dir("fault_pdf_oom");
  std::filesystem::create_directories(dir + "/tree");
  std::filesystem::copy_file(std::string(VIGIE_SHARED_DATA) + "/real/dae-amoa-2025_cctp.pdf",
                             dir + "/tree/cctp.pdf");
  const RunResult r =
      run("audit --jobs 1 --max-memory 8 '" + dir + "/tree' -r '" + dir + "/rapport.json'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("cctp.pdf : mémoire insuffisante pour lire ce document (limite 8 Mo"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("pages vides"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Out of memory"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
