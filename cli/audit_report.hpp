#pragma once

// Audit reports, built from document records (audit_record.hpp) read one at a time from a
// journal, so memory does not grow with the archive: JSON and CSV for machines, one
// self-contained HTML page for people (French, inline SVG charts, sortable tables).
// docs/audit.md describes every field.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::cli {

struct AuditProblem {
  std::string path;
  std::string code;
  std::string message;  // French
  bool skipped = true;
};

// What describes the run as a whole.
struct AuditRun {
  std::string vigie_version;
  std::vector<std::string> inputs;
  std::string shard;  // "2/4", empty when not sharded
  std::vector<std::string> rulesets;
  // Rule id → {"title", "ruleset", "type", "severity"}.
  nlohmann::ordered_json rules = nlohmann::ordered_json::object();
  // How CSV reports are written: RFC 4180 (comma), or for French Excel (`--csv-excel`):
  // ';' separator, UTF-8 BOM, decimal comma.
  bool csv_excel = false;
};

// Records in path order, read on demand.
struct RecordSource {
  std::size_t count = 0;
  std::function<nlohmann::ordered_json(std::size_t)> at;
};

struct Summary;  // the aggregates (audit_report.cpp)

// The reports of one audit. The records are summarised once, when this is built; each
// report then reads them again only for its details.
class AuditReports {
 public:
  AuditReports(const AuditRun& run, const RecordSource& records,
               const std::vector<AuditProblem>& problems);
  AuditReports(const AuditReports&) = delete;
  AuditReports& operator=(const AuditReports&) = delete;
  ~AuditReports();

  // Writes one report; the format comes from the extension (.json, .csv, .html/.htm). The
  // file appears whole or not at all (written beside, then renamed). Returns the French
  // error, empty on success. A CSV report is three files: FILE.csv (one row per document),
  // FILE-constats.csv (one row per finding) and FILE-problemes.csv (archive hazards).
  [[nodiscard]] std::string write(const std::string& path) const;

  // The few lines printed at the end of `vigie audit` (French).
  [[nodiscard]] std::string text_summary() const;

 private:
  const AuditRun& m_run;
  const RecordSource& m_records;
  const std::vector<AuditProblem>& m_problems;
  std::unique_ptr<Summary> m_summary;
};

// The tender a path belongs to: the outermost archive ("set.zip" for "set.zip!/a/b.pdf"),
// else the folder holding the file. A lot's own folder or archive ("DCE/Lot 2/CCTP.pdf",
// "DCE/lot2.zip!/CCTP.pdf") belongs to the tender around it ("DCE").
std::string tender_of(const std::string& path);

// The tender of the members of archive `path` (as tender_of(path + "!/member")).
std::string tender_of_archive(const std::string& path);

// The lot a document belongs to, from the nearest name on its path, inside its tender, that
// designates one ("Lot 2/", "LOT_02", "lot2.zip", "CCTP-lot-3.pdf"): "2", "3"; empty when
// none does (pieces common to every lot, or a tender not divided into lots).
std::string lot_of(const std::string& path);

// The lot number a name designates ("Lot n°2 - VRD" → "2", "LOT_02" → "2"), empty if none.
std::string lot_in_name(std::string_view name);

}  // namespace vigie::cli
