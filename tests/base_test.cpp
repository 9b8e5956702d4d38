// The shared vocabulary: Result, UTF-8 helpers, the stable hash, reading whole files and the
// atomic file (committed explicitly, never by its destructor).

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "vigie/base/file.hpp"
#include "vigie/base/hash.hpp"
#include "vigie/base/result.hpp"
#include "vigie/base/span.hpp"
#include "vigie/base/utf8.hpp"

namespace {

namespace fs = std::filesystem;
using vigie::base::AtomicFile;
using vigie::base::FileErrorCode;

std::string temp_dir(const std::string& name) {
  const std::string dir =
      (fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Files in `dir` (the temporary file of an AtomicFile must not stay behind).
int entries(const std::string& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
    ++n;
  }
  return n;
}

TEST(Result, HoldsAValueOrAnError) {
  const vigie::base::Result<int, std::string> good = 3;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 3);
  const vigie::base::Result<int, std::string> bad = std::string("cassé");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "cassé");
  const vigie::base::Status<std::string> done = vigie::base::Done{};
  EXPECT_TRUE(done.ok());
}

TEST(Span, SizeAndContains) {
  const vigie::base::Span s{3, 7};
  EXPECT_EQ(s.size(), 4u);
  EXPECT_TRUE(s.contains(3));
  EXPECT_FALSE(s.contains(7));
  EXPECT_TRUE((vigie::base::Span{5, 5}).empty());
}

TEST(Utf8, ContinuationBytes) {
  const std::string e_acute = "é";
  EXPECT_FALSE(vigie::utf8::is_continuation(e_acute[0]));
  EXPECT_TRUE(vigie::utf8::is_continuation(e_acute[1]));
  EXPECT_FALSE(vigie::utf8::is_continuation('e'));
  std::size_t pos = 0;
  EXPECT_EQ(vigie::utf8::decode_utf8(e_acute, pos), U'é');
  EXPECT_EQ(pos, 2u);
  EXPECT_EQ(vigie::utf8::previous_boundary("aé", 3), 1u);
}

// The hash is stored (index keys of paths) and shared between machines (audit shards), so
// its values are pinned. They are not the published FNV-1a vectors: vigie's offset basis
// lacks the last digit of the published one (hash.hpp).
TEST(Hash, Fnv1aValuesNeverChange) {
  EXPECT_EQ(vigie::base::fnv1a(""), 1469598103934665603ULL);
  EXPECT_EQ(vigie::base::fnv1a("a"), 4953267810257967366ULL);
  EXPECT_EQ(vigie::base::fnv1a("foobar"), 9870438755804841970ULL);
}

TEST(ReadFile, WholeContentOrTheCause) {
  const std::string dir = temp_dir("base_read");
  { std::ofstream(dir + "/a.txt", std::ios::binary) << std::string("un\0deux", 7); }
  const auto read = vigie::base::read_file(dir + "/a.txt");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read.value(), std::string("un\0deux", 7));
  const auto missing = vigie::base::read_file(dir + "/absent.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, FileErrorCode::read);
  EXPECT_EQ(missing.error().system_error, ENOENT);
  EXPECT_EQ(missing.error().message("le fichier"),
            dir + "/absent.txt : impossible de lire le fichier (dossier ou fichier introuvable)");
  fs::remove_all(dir);
}

TEST(AtomicFile, CommitPutsTheFileInPlace) {
  const std::string dir = temp_dir("base_atomic_commit");
  const std::string path = dir + "/r.html";
  { std::ofstream(path) << "ancien"; }
  AtomicFile file(path);
  file.write("nou");
  file.write("veau");
  EXPECT_EQ(read_all(path), "ancien");  // nothing shows before the commit
  EXPECT_EQ(entries(dir), 2);           // the destination and the temporary file
  ASSERT_TRUE(file.commit().ok());
  EXPECT_EQ(read_all(path), "nouveau");
  EXPECT_EQ(entries(dir), 1);
  fs::remove_all(dir);
}

TEST(AtomicFile, TheDestructorNeverCommits) {
  const std::string dir = temp_dir("base_atomic_abandon");
  const std::string path = dir + "/r.json";
  { std::ofstream(path) << "ancien"; }
  {
    AtomicFile file(path);
    file.write("à moitié");
  }
  EXPECT_EQ(read_all(path), "ancien");
  EXPECT_EQ(entries(dir), 1);  // the temporary file is gone
  {
    AtomicFile file(dir + "/new.json");
    file.write("rien");
  }
  EXPECT_FALSE(fs::exists(dir + "/new.json"));
  fs::remove_all(dir);
}

TEST(AtomicFile, AnExistingFileKeepsItsPermissions) {
  const std::string dir = temp_dir("base_atomic_mode");
  const std::string path = dir + "/r.csv";
  { std::ofstream(path) << "ancien"; }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  AtomicFile file(path);
  file.write("nouveau");
  ASSERT_TRUE(file.commit().ok());
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  fs::remove_all(dir);
}

TEST(AtomicFile, FailuresSayTheirCause) {
  AtomicFile missing("/no/such/dir/r.html");
  missing.write("x");
  EXPECT_FALSE(missing.ok());
  const auto error = missing.commit();
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().code, FileErrorCode::write);
  EXPECT_EQ(error.error().message("le rapport"),
            "/no/such/dir/r.html : impossible d'écrire le rapport (le dossier /no/such/dir "
            "n'existe pas)");
  const std::string dir = temp_dir("base_atomic_dir");
  AtomicFile folder(dir);
  EXPECT_EQ(folder.commit().error().message("le rapport"),
            dir + " : impossible d'écrire le rapport (c'est un dossier)");
  fs::remove_all(dir);
}

// A device is written in place: renaming over /dev/full would replace the device.
TEST(AtomicFile, DevicesAreWrittenInPlace) {
  if (!fs::exists("/dev/full")) {
    GTEST_SKIP() << "no /dev/full";
  }
  AtomicFile full("/dev/full");
  full.write("x");
  const auto error = full.commit();
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().message("le rapport"),
            "/dev/full : impossible d'écrire le rapport (espace disque insuffisant)");
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  AtomicFile null("/dev/null");
  null.write("x");
  EXPECT_TRUE(null.commit().ok());
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

// A symbolic link stays a link: the file it points to is written.
TEST(AtomicFile, LinksAreWrittenThrough) {
  const std::string dir = temp_dir("base_atomic_link");
  { std::ofstream(dir + "/target.txt") << "ancien"; }
  fs::create_symlink(dir + "/target.txt", dir + "/link.txt");
  AtomicFile file(dir + "/link.txt");
  file.write("nouveau");
  ASSERT_TRUE(file.commit().ok());
  EXPECT_TRUE(fs::is_symlink(dir + "/link.txt"));
  EXPECT_EQ(read_all(dir + "/target.txt"), "nouveau");
  fs::remove_all(dir);
}

}  // namespace
