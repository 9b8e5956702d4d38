#pragma once

// Reading and writing whole files, with failures as values that say their cause in French.

#include <cstdio>
#include <string>
#include <string_view>

#include "vigie/base/result.hpp"

namespace vigie::base {

// The system's cause of a failure (an errno value), in French: "permission refusée",
// "espace disque insuffisant"…; strerror's text for the rare others.
[[nodiscard]] std::string cause_fr(int error);

// What failed on a file.
enum class FileErrorCode {
  read,     // the file could not be opened or read
  write,    // the file (or its temporary file) could not be created, written or flushed
  replace,  // the finished temporary file could not be renamed over the destination
};

[[nodiscard]] std::string_view to_string(FileErrorCode code);

struct FileError {
  FileErrorCode code = FileErrorCode::read;
  std::string path;      // the file read, or the destination written
  int system_error = 0;  // the errno value

  // One French line naming the path and the cause, `what` naming the file's role
  // ("le rapport"): "PATH : impossible d'écrire le rapport (espace disque insuffisant)",
  // "PATH : impossible de lire …", "PATH : impossible de mettre … en place (…)". A file that
  // cannot be created because its folder does not exist says so ("le dossier D n'existe
  // pas").
  [[nodiscard]] std::string message(std::string_view what) const;
};

// The whole content of the file at `path`.
[[nodiscard]] Result<std::string, FileError> read_file(const std::string& path);

// A file that appears whole or not at all. The bytes go to a temporary file beside the
// destination ("PATH.tmp.PID"); commit() flushes it to disk and renames it over `path`. The
// destructor never commits: a file abandoned halfway (an error, an exception, an
// interruption) leaves the destination as it was and removes the temporary file.
//
// A destination that exists keeps its permissions, and one that may not be written is an
// error, as with a plain write. A destination that exists and is not a regular file (a
// device, a FIFO) or is a symbolic link (/dev/stdout) is written in place, through the link:
// renaming over it would replace it.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Appends `bytes`. The first failure is kept for commit(); later writes do nothing.
  void write(std::string_view bytes);

  // True while nothing has failed.
  [[nodiscard]] bool ok() const { return m_error.system_error == 0; }

  // Puts the file in place, or returns the first failure (the destination is then left as
  // it was). Called once.
  [[nodiscard]] Status<FileError> commit();

  [[nodiscard]] const std::string& path() const { return m_path; }

 private:
  void fail(FileErrorCode code, int error);
  void discard();

  std::string m_path;
  std::string m_temp;  // empty when writing in place
  std::FILE* m_file = nullptr;
  FileError m_error;
};

}  // namespace vigie::base
