#pragma once

// The index stage: analysed documents into a Xapian database, one Xapian document per page
// (so a hit names its page), one record per file path (size, mtime, content hash) for
// incremental updates; and searching it: French stemming, accents and elisions folded,
// field filters, facets, best pages with snippets, similar documents. No Xapian type
// appears here.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/base/result.hpp"

namespace vigie::index {

// What went wrong, for callers that act on it (the message is for people).
enum class ErrorCode {
  locked,     // another writer holds the database
  corrupt,    // the database files are damaged or of an unknown format
  not_found,  // no database where one was expected
  disk_full,  // a write failed for lack of space (ENOSPC) or over the file size limit (EFBIG)
  io,         // another read or write failure, a server that does not answer
  bad_query,  // a query that does not parse
  internal,   // out of memory, or a failure that is a bug of vigie or of Xapian
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

// An expected failure (locked database, damaged database, full disk, bad query): a value.
// No function of this stage throws; every Xapian failure becomes one of these.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // French, names the database or the query and the cause
};

template <typename T>
using Result = base::Result<T, Error>;

// The value of an operation that returns nothing but can fail.
using Done = base::Done;
using Status = Result<Done>;

// What the index remembers of a file path.
struct FileRecord {
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::string sha256;
  std::string content_id;  // shared by paths holding the same bytes
  int pages = 0;
  std::string kind;  // "CCTP"
  std::string title;
  std::string buyer;
  int year = 0;
  std::int64_t indexed_at = 0;  // seconds since the epoch
};

// Everything indexed for one file.
struct IndexInput {
  const analysis::AnalyzedDocument* document = nullptr;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  // Tags from the check: "missing:participation.restitution", "flagged:presuppose.consensus".
  std::vector<std::string> tags;
};

// Everything `Writer::add` would write for a document, built without a database (in a worker
// process, say) and handed to a Writer as bytes.
[[nodiscard]] Result<std::string> prepare_document(const IndexInput& input);

// Parses a search query as Searcher::search does, without a database: the parsed query as
// Xapian describes it, or a bad_query error saying why the query does not parse.
[[nodiscard]] Result<std::string> validate_query(std::string_view text);

class Writer {
 public:
  // Opens (creating if needed) the database in `dir` for writing. A second writer gets an
  // error naming the process that holds the database.
  static Result<Writer> open(const std::string& dir);

  Writer(Writer&&) noexcept;
  Writer& operator=(Writer&&) noexcept;
  ~Writer();  // commits, unless a change failed

  [[nodiscard]] Result<std::optional<FileRecord>> find(const std::string& path) const;
  // Every file record (one pass; for deciding what an update must do).
  [[nodiscard]] Result<std::vector<FileRecord>> records() const;
  // A path already indexed with the content `sha256`, if any.
  [[nodiscard]] Result<std::optional<std::string>> path_with_content(
      const std::string& sha256) const;
  // Every indexed path under `dir` (a folder given to `index add`).
  [[nodiscard]] Result<std::vector<std::string>> paths_under(const std::string& dir) const;

  // The changes below are made in a transaction that commit() ends. When one fails (full
  // disk, damaged database), the changes since the last commit are dropped, the database
  // stays at its last committed revision, and every later change or commit returns the same
  // error: a failed writer writes nothing more.

  // Indexes a document under its path, replacing what the path held before.
  [[nodiscard]] Status add(const IndexInput& input);
  // The same from the output of prepare_document(). False when `prepared` is not such output.
  [[nodiscard]] Result<bool> add_prepared(std::string_view prepared);
  // Records `path` as holding the same bytes as an indexed file (no re-extraction).
  [[nodiscard]] Status add_same_content(const std::string& path, std::uint64_t size,
                                        std::int64_t mtime, const std::string& sha256);
  // The file is unchanged but its mtime moved (same content hash).
  [[nodiscard]] Status touch(const std::string& path, std::int64_t mtime);
  // Forgets a path; its pages go when no other path holds the same content. False when the
  // path was not indexed.
  [[nodiscard]] Result<bool> remove(const std::string& path);
  // Makes the changes so far durable and visible to searches.
  [[nodiscard]] Status commit();

 private:
  struct Impl;
  explicit Writer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

struct Query {
  std::string text;  // Xapian syntax plus field filters (docs/search.md)
  int limit = 10;    // files
  int offset = 0;
  int pages_per_file = 3;
};

struct PageHit {
  int page = 0;
  double score = 0;
  std::string snippet;  // French text; matched words between « and » markers (see below)
  // The same snippet as pieces, alternating plain and matched text (plain first).
  std::vector<std::string> pieces;
};

struct FileHit {
  FileRecord file;
  std::vector<std::string> other_paths;  // same content elsewhere
  double score = 0;
  int matching_pages = 0;
  std::vector<PageHit> pages;             // best first
  std::vector<std::string> shared_terms;  // similar: the significant terms in common
};

struct Facet {
  std::string value;
  int files = 0;
};

struct SearchResults {
  std::string query;
  int total_files = 0;  // estimate of matching files
  std::vector<FileHit> files;
  std::vector<Facet> kinds;
  std::vector<Facet> years;
  std::vector<Facet> buyers;
  std::string suggestion;  // a corrected query when nothing was found and a close term exists
};

struct Stats {
  int files = 0;
  int contents = 0;
  int pages = 0;
  std::vector<Facet> kinds;
  std::vector<Facet> years;
  std::uint64_t bytes_on_disk = 0;
  std::int64_t last_update = 0;
};

class Searcher {
 public:
  // Opens one or several databases as one: folders, or "tcp:HOST:PORT" for a database
  // served by xapian-tcpsrv.
  static Result<Searcher> open(const std::vector<std::string>& databases);

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  [[nodiscard]] Result<SearchResults> search(const Query& query) const;
  // The indexed documents closest to `draft`, with the significant terms they share.
  [[nodiscard]] Result<SearchResults> similar(const analysis::AnalyzedDocument& draft,
                                              int limit) const;
  [[nodiscard]] Result<Stats> stats() const;
  // Indexed files, optionally only those matching `filter` (same syntax as a search).
  [[nodiscard]] Result<std::vector<FileRecord>> list(const std::string& filter) const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// Where the index lives when no --db is given: $VIGIE_DB is read by the cli; this is the
// XDG default ($XDG_DATA_HOME/vigie/index, else ~/.local/share/vigie/index).
[[nodiscard]] std::string default_location(const char* xdg_data_home, const char* home);

}  // namespace vigie::index
