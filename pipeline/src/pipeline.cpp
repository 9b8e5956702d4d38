#include "vigie/pipeline/pipeline.hpp"

#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "vigie/ingest/extract.hpp"

namespace vigie::pipeline {
namespace {

Error out_of_memory(const std::string& path) {
  return {ErrorCode::out_of_memory,
          {ingest::ErrorCode::too_large, path, "mémoire insuffisante pour traiter ce document"}};
}

Error failed(const std::string& path, const std::string& why) {
  return {ErrorCode::failed,
          {ingest::ErrorCode::damaged, path,
           "erreur inattendue en traitant ce document (" + why + ")"}};
}

// Runs one document's steps so that running out of memory, or any other exception, is this
// document's error naming it, never the end of a batch (an exception leaving a pool thread
// would abort the program).
template <typename T, typename Steps>
Result<T> guarded(const std::string& path, Steps&& steps) {
  try {
    return steps();
  } catch (const std::bad_alloc&) {
    return out_of_memory(path);
  } catch (const std::exception& e) {
    return failed(path, e.what());
  }
}

// A file that could not be read: out of memory when the reader ran out of it (the caller
// then reports the memory limit), unreadable otherwise.
Error read_error(const ingest::Error& e) {
  return {
      e.code == ingest::ErrorCode::out_of_memory ? ErrorCode::out_of_memory : ErrorCode::unreadable,
      e};
}

Result<analysis::AnalyzedDocument> analyzed(ingest::Result<ingest::Document> document) {
  if (!document.ok()) {
    return read_error(document.error());
  }
  return analyze_document(std::move(document).value());
}

Result<CheckedDocument> checked(ingest::Result<ingest::Document> document,
                                const rules::Engine& engine, const rules::Policy& policy) {
  if (!document.ok()) {
    return read_error(document.error());
  }
  return check_document(std::move(document).value(), engine, policy);
}

}  // namespace

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::unreadable:
      return "unreadable";
    case ErrorCode::out_of_memory:
      return "out_of_memory";
    case ErrorCode::failed:
      return "failed";
  }
  return "failed";
}

Result<analysis::AnalyzedDocument> analyze_document(ingest::Document document) {
  const std::string path = document.source.path;
  return guarded<analysis::AnalyzedDocument>(path, [&]() -> Result<analysis::AnalyzedDocument> {
    return analysis::analyze(std::move(document));
  });
}

Result<analysis::AnalyzedDocument> analyze_file(const std::string& path) {
  return analyzed(ingest::extract_file(path));
}

Result<CheckedDocument> check_document(ingest::Document document, const rules::Engine& engine,
                                       const rules::Policy& policy) {
  const std::string path = document.source.path;
  return guarded<CheckedDocument>(path, [&]() -> Result<CheckedDocument> {
    CheckedDocument checked;
    checked.reading = reading_of(document);
    checked.analysis = analysis::analyze(std::move(document));
    if (checked.reading.level != ReadingLevel::none) {
      auto report = engine.check(checked.analysis, policy);
      if (!report.ok()) {
        return report.error().code == rules::ErrorCode::out_of_memory
                   ? out_of_memory(path)
                   : failed(path, report.error().message);
      }
      checked.report = std::move(report).value();
    }
    return checked;
  });
}

Result<CheckedDocument> check_file(const std::string& path, const rules::Engine& engine,
                                   const rules::Policy& policy) {
  return checked(ingest::extract_file(path), engine, policy);
}

Result<CheckedDocument> check_bytes(std::string_view bytes, const std::string& path,
                                    std::int64_t mtime, const rules::Engine& engine,
                                    const rules::Policy& policy) {
  return checked(ingest::extract_bytes(bytes, path, mtime), engine, policy);
}

int failing_findings(const rules::Report& report, rules::Severity level) {
  return static_cast<int>(std::count_if(
      report.findings.begin(), report.findings.end(),
      [&](const rules::Finding& f) { return !f.waived && rules::at_least(f.severity, level); }));
}

std::vector<std::string> verdict_tags(const rules::Report& report, const rules::Engine& engine) {
  std::vector<std::string> tags;
  for (const auto& v : report.verdicts) {
    const bool flag = rules::is_flag(engine.rules().find(v.rule_id)->type);
    if (!flag && (v.status == rules::Status::absent || v.status == rules::Status::contradicted)) {
      tags.push_back("missing:" + v.rule_id);
    } else if (flag && v.status == rules::Status::present) {
      tags.push_back("flagged:" + v.rule_id);
    }
  }
  return tags;
}

index::Result<std::string> prepare_index_entry(const analysis::AnalyzedDocument& document,
                                               std::int64_t mtime, std::vector<std::string> tags) {
  index::IndexInput input;
  input.document = &document;
  input.size = document.document.source.size;
  input.mtime = mtime;
  input.tags = std::move(tags);
  return index::prepare_document(input);
}

index::Result<std::string> prepare_index_entry(const CheckedDocument& document,
                                               const rules::Engine& engine, std::int64_t mtime) {
  return prepare_index_entry(document.analysis, mtime, verdict_tags(document.report, engine));
}

}  // namespace vigie::pipeline
