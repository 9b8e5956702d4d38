#pragma once

// One path from a file to what every front end shows: extract → analyse → check, and the
// index entry of the result. The check command, the audit's workers and the indexer's
// workers all go through here, so a document is read, judged and tagged the same way
// whichever of them met it.
//
// Nothing here throws: a file that cannot be read, a lack of memory or a rules engine that
// cannot run is an Error naming the file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/base/result.hpp"
#include "vigie/index/index.hpp"
#include "vigie/ingest/document.hpp"
#include "vigie/ingest/error.hpp"
#include "vigie/pipeline/reading.hpp"
#include "vigie/rules/engine.hpp"

namespace vigie::pipeline {

enum class ErrorCode {
  unreadable,     // the file could not be read (ingest's error says why)
  out_of_memory,  // reading, analysing or checking the document ran out of memory
  failed,         // the rules engine could not run, or another unexpected failure
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

// A document the pipeline could not take to its end. Every report names such a failure as a
// file error (docs/check-json.md, docs/audit.md): `file` is ingest's own error, or for the
// later steps "too-large" ("mémoire insuffisante pour traiter ce document") and "damaged"
// ("erreur inattendue en traitant ce document (…)").
struct Error {
  ErrorCode code = ErrorCode::unreadable;
  ingest::Error file;

  // "PATH : DETAIL"
  [[nodiscard]] std::string message() const { return file.message(); }
};

template <typename T>
using Result = base::Result<T, Error>;

// A document read, analysed and checked.
struct CheckedDocument {
  analysis::AnalyzedDocument analysis;
  Reading reading;
  rules::Report report;  // empty when nothing could be read (reading.level == none)
  std::string config;    // the vigie.toml applied (set by the caller), empty when none
};

// Analyses one extracted document.
[[nodiscard]] Result<analysis::AnalyzedDocument> analyze_document(ingest::Document document);

// Reads the file at `path` (or the archive member "set.zip!/CCTP.pdf") and analyses it.
[[nodiscard]] Result<analysis::AnalyzedDocument> analyze_file(const std::string& path);

// Analyses and checks one extracted document. A document without any text is analysed (its
// kind may show in its file name) but not checked: no rule can be judged on it.
[[nodiscard]] Result<CheckedDocument> check_document(ingest::Document document,
                                                     const rules::Engine& engine,
                                                     const rules::Policy& policy = {});

// Reads, analyses and checks the file at `path` (or an archive member, as analyze_file).
[[nodiscard]] Result<CheckedDocument> check_file(const std::string& path,
                                                 const rules::Engine& engine,
                                                 const rules::Policy& policy = {});

// The same for `bytes` standing for the file `path` (an archive member, a file already read),
// recording `mtime`.
[[nodiscard]] Result<CheckedDocument> check_bytes(std::string_view bytes, const std::string& path,
                                                  std::int64_t mtime, const rules::Engine& engine,
                                                  const rules::Policy& policy = {});

// Number of findings at or above `level` that are not waived.
[[nodiscard]] int failing_findings(const rules::Report& report, rules::Severity level);

// The check's verdicts as index tags: "missing:participation.restitution" for a clause absent
// or contradicted, "flagged:presuppose.consensus" for a flag or claim found.
[[nodiscard]] std::vector<std::string> verdict_tags(const rules::Report& report,
                                                    const rules::Engine& engine);

// Everything the index stores of a document (its pages, its file record and `tags`), built
// without a database: index::prepare_document's bytes, for index::Writer::add_prepared.
// `mtime` is the file's as the caller saw it.
[[nodiscard]] index::Result<std::string> prepare_index_entry(
    const analysis::AnalyzedDocument& document, std::int64_t mtime,
    std::vector<std::string> tags = {});

// The same for a checked document, tagged with its verdicts (verdict_tags).
[[nodiscard]] index::Result<std::string> prepare_index_entry(const CheckedDocument& document,
                                                             const rules::Engine& engine,
                                                             std::int64_t mtime);

}  // namespace vigie::pipeline
