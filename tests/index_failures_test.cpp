// The index stage when its database fails: damaged files and a full disk give a French error
// naming the database (exit status 2 for the binary), never an escaped Xapian exception; a
// write that fails for lack of space leaves the last committed revision, sound.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_vigie.hpp"
#include "vigie/index/index.hpp"

namespace {

namespace fs = std::filesystem;
using vigie::index::ErrorCode;
using vigie::testing_support::read_file;
using vigie::testing_support::run;
using vigie::testing_support::RunResult;
using vigie::testing_support::temp_dir;

// Runs a shell command line, returning its exit status (-1 when killed by a signal).
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `files` text documents in `docs`, each with words of its own, so that the index grows.
void write_documents(const std::string& docs, int files) {
  fs::create_directories(docs);
  for (int i = 0; i < files; ++i) {
    std::ofstream out(docs + "/doc-" + std::to_string(i) + ".txt");
    out << "Compte rendu de la réunion publique numéro " << i << ".\n\n";
    for (int k = 0; k < 120; ++k) {
      out << "La restitution publique du projet mot" << i << "x" << k << " et terme" << k * 7 + i
          << " a lieu en mairie annexe" << i * 131 + k << ".\n";
    }
  }
}

// A database of a few documents, then the first block of `file` in it overwritten with junk
// (a table's first block is not its root: the database still opens, reading it fails).
std::string damaged_database(const std::string& name, const std::string& file) {
  const std::string dir = temp_dir(name);
  write_documents(dir + "/docs", 20);
  const std::string db = dir + "/db";
  const RunResult r = run("index add --text --no-check --db " + db + " " + dir + "/docs");
  EXPECT_EQ(r.status, 0) << r.err;
  std::fstream junk(db + "/" + file, std::ios::binary | std::ios::in | std::ios::out);
  const auto size = std::min<std::uintmax_t>(fs::file_size(db + "/" + file), 8192);
  for (std::uintmax_t i = 0; i < size; ++i) {
    junk.put(static_cast<char>((i * 37 + 11) % 251));
  }
  return db;
}

void expect_names(const vigie::index::Error& e, const std::string& db) {
  EXPECT_NE(e.message.find(db), std::string::npos) << e.message;
}

class DamagedDatabase : public ::testing::TestWithParam<const char*> {};

// Through the library: an error value naming the database, whatever the garbled file.
TEST_P(DamagedDatabase, LibraryGivesAnErrorNamingTheDatabase) {
  const std::string db = damaged_database("index_damaged_lib", GetParam());
  auto writer = vigie::index::Writer::open(db);
  if (!writer.ok()) {
    EXPECT_EQ(writer.error().code, ErrorCode::corrupt) << writer.error().message;
    expect_names(writer.error(), db);
  } else {
    // Opened (the garbled table is read lazily): reading it fails as a value.
    const auto records = writer.value().records();
    ASSERT_FALSE(records.ok());
    EXPECT_EQ(records.error().code, ErrorCode::corrupt) << records.error().message;
    expect_names(records.error(), db);
  }
  auto searcher = vigie::index::Searcher::open({db});
  if (!searcher.ok()) {
    EXPECT_EQ(searcher.error().code, ErrorCode::corrupt) << searcher.error().message;
    expect_names(searcher.error(), db);
    return;
  }
  const auto stats = searcher.value().stats();
  ASSERT_FALSE(stats.ok());
  expect_names(stats.error(), db);
  vigie::index::Query q;
  q.text = "restitution";
  const auto found = searcher.value().search(q);
  ASSERT_FALSE(found.ok());
  expect_names(found.error(), db);
  const auto listed = searcher.value().list("");
  ASSERT_FALSE(listed.ok());
  expect_names(listed.error(), db);
}

// Through the binary: exit status 2 and a French message naming the database, no abort.
TEST_P(DamagedDatabase, BinaryExitsWithAFrenchMessage) {
  const std::string db = damaged_database("index_damaged_cli", GetParam());
  const std::string doc = fs::path(db).parent_path().string() + "/b.txt";
  std::ofstream(doc) << "Concertation préalable.\n";
  for (const std::string& args :
       {"search --db " + db + " restitution", "index stats --db " + db, "index list --db " + db,
        "index add --text --no-check --db " + db + " " + doc}) {
    const RunResult r = run(args);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("index " + db), std::string::npos) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("endommagé"), std::string::npos) << args << "\n" << r.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Index, DamagedDatabase,
                         ::testing::Values("iamglass", "postlist.glass", "docdata.glass"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string name = param.param;
                           return name.substr(0, name.find('.'));
                         });

// What a run of `vigie index add` left: exit status, stderr, and whether xapian-check passes.
struct AddRun {
  int status = -1;
  std::string err;
  int check = -1;
  std::string check_out;
};

// The checks a full disk calls for: the run stops with the message once, the database is
// sound, and once there is room again the same command completes.
void expect_stopped_then_completed(const AddRun& full, const AddRun& again, const std::string& db,
                                   const std::string& search_json, int files) {
  EXPECT_EQ(full.status, 2) << full.err;
  EXPECT_NE(full.err.find("espace disque insuffisant"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("index " + db), std::string::npos) << full.err;
  // Said once: the run stopped at the first failure.
  EXPECT_EQ(full.err.find("espace disque insuffisant"), full.err.rfind("espace disque insuffisant"))
      << full.err;
  EXPECT_EQ(full.check, 0) << full.check_out;
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.check, 0) << again.check_out;
  const auto found = nlohmann::json::parse(search_json, nullptr, false);
  ASSERT_FALSE(found.is_discarded()) << search_json;
  EXPECT_EQ(found["total_files"], files);
}

// A real full disk: a 1 MiB tmpfs mounted in a private mount namespace, grown to 64 MiB for
// the second run. Skipped where unprivileged mount namespaces are not allowed.
TEST(Index, FullDiskStopsTheRunAndKeepsTheDatabaseSound) {
  if (shell("unshare -rm true >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "unshare -rm is not allowed here (the file size limit test covers this)";
  }
  const std::string dir = temp_dir("index_full_disk");
  const std::string docs = dir + "/docs";
  constexpr int k_files = 120;
  write_documents(docs, k_files);
  const std::string mnt = dir + "/mnt";
  const std::string db = mnt + "/db";
  fs::create_directories(mnt);
  // The tmpfs exists only in the namespace: the searches after it run inside it too.
  const std::string vigie = std::string("NO_COLOR=1 ") + VIGIE_BINARY;
  const std::string script =
      "set -u; mount -t tmpfs -o size=1m tmpfs " + mnt + " || exit 77; " + vigie +
      " index add --text --jobs 1 --no-check --commit-every 10 --db " + db + " " + docs + " 2>" +
      dir + "/err1; echo $? >" + dir + "/rc1; xapian-check " + db + " >" + dir +
      "/check1 2>&1; echo $? >" + dir + "/crc1; mount -o remount,size=64m " + mnt + "; " + vigie +
      " index add --text --jobs 1 --no-check --db " + db + " " + docs + " 2>" + dir +
      "/err2; echo $? >" + dir + "/rc2; xapian-check " + db + " >" + dir +
      "/check2 2>&1; echo $? >" + dir + "/crc2; " + vigie +
      " search --format json --limit 1 --db " + db + " restitution >" + dir + "/search";
  const int status = shell("unshare -rm sh -c '" + script + "'");
  if (status == 77) {
    GTEST_SKIP() << "mounting a tmpfs is not allowed here";
  }
  const auto number = [&](const char* name) {
    return std::stoi("0" + read_file(dir + "/" + name));
  };
  const AddRun full{number("rc1"), read_file(dir + "/err1"), number("crc1"),
                    read_file(dir + "/check1")};
  const AddRun again{number("rc2"), read_file(dir + "/err2"), number("crc2"),
                     read_file(dir + "/check2")};
  expect_stopped_then_completed(full, again, db, read_file(dir + "/search"), k_files);
}

// `vigie index add` under a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored): Xapian's writes
// fail with EFBIG as they would with ENOSPC on a full disk.
AddRun add_with_size_limit(const std::string& db, const std::string& docs, rlim_t limit) {
  AddRun out;
  const std::string err = db + ".stderr";
  const pid_t pid = fork();
  if (pid == 0) {
    if (limit != RLIM_INFINITY) {
      const rlimit rl{limit, limit};
      setrlimit(RLIMIT_FSIZE, &rl);
      signal(SIGXFSZ, SIG_IGN);
    }
    if (freopen(err.c_str(), "w", stderr) == nullptr) {
      _exit(126);
    }
    execl(VIGIE_BINARY, VIGIE_BINARY, "index", "add", "--text", "--jobs", "1", "--no-check",
          "--commit-every", "10", "--db", db.c_str(), docs.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.err = read_file(err);
  const std::string check = db + ".check";
  out.check = shell("xapian-check " + db + " >" + check + " 2>&1");
  out.check_out = read_file(check);
  return out;
}

TEST(Index, FileSizeLimitStopsTheRunAndKeepsTheDatabaseSound) {
  const std::string dir = temp_dir("index_size_limit");
  const std::string docs = dir + "/docs";
  const std::string db = dir + "/db";
  constexpr int k_files = 120;
  write_documents(docs, k_files);
  const AddRun full = add_with_size_limit(db, docs, 256 * 1024);
  const AddRun again = add_with_size_limit(db, docs, RLIM_INFINITY);
  const RunResult all = run("search --format json --limit 1 --db " + db + " restitution");
  EXPECT_EQ(all.status, 0) << all.err;
  expect_stopped_then_completed(full, again, db, all.out, k_files);
}

}  // namespace
