#include "audit_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "check_report.hpp"
#include "vigie/base/file.hpp"
#include "vigie/base/utf8.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using report_detail::html_escape;

using base::AtomicFile;

// Puts a report in place; the French error, empty on success.
std::string commit_report(AtomicFile& file) {
  const auto committed = file.commit();
  return committed.ok() ? std::string() : committed.error().message("le rapport");
}

std::string str(const ordered_json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    return {};
  }
  return it->is_string() ? it->get<std::string>() : it->dump();
}

int num(const ordered_json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int>() : 0;
}

bool is_ok(const ordered_json& record) { return str(record, "status") == "ok"; }

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

std::string parent_folder(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string_view last_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Climbs out of the folders that are a lot's own ("DCE/Lot 2" → "DCE").
std::string out_of_lot_folders(std::string folder) {
  while (folder != "." && folder != "/" && !lot_in_name(last_name(folder)).empty()) {
    folder = parent_folder(folder);
  }
  return folder;
}

std::string percent(int part, int whole) {
  if (whole <= 0) {
    return "–";
  }
  return std::to_string(static_cast<int>(std::lround(100.0 * part / whole))) + " %";
}

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The pieces a complete tender set is expected to hold. A CCP stands for both CCAP and CCTP.
const std::vector<std::string> k_expected_pieces = {"RC", "CCAP", "CCTP", "AE"};

struct Ratio {
  int applicable = 0;
  int present = 0;
  int documents = 0;
};

// One document where participation criteria apply, and how many of them it holds.
struct Piece {
  std::string path;
  int applicable = 0;
  int present = 0;
  std::vector<std::string> missing;
};

// Whether `a` is weaker than `b`: a smaller share of its criteria present, then more of them
// missing; ties keep the first in path order.
bool weaker(const Piece& a, const Piece& b) {
  const long lhs = static_cast<long>(a.present) * b.applicable;
  const long rhs = static_cast<long>(b.present) * a.applicable;
  if (lhs != rhs) {
    return lhs < rhs;
  }
  return a.applicable - a.present > b.applicable - b.present;
}

// The documents of a tender, or of one of its lots: how they were read and the weakest piece.
struct Group {
  int documents = 0;
  int failed = 0;    // not extracted (status "error")
  int unread = 0;    // extracted, but no page with text (reading "none")
  int partial = 0;   // some pages without text (reading "partial")
  int assessed = 0;  // documents where participation criteria apply
  std::optional<Piece> weakest;
  std::string weakest_lot;            // the lot of the weakest piece ("" for common pieces)
  std::vector<std::string> not_read;  // failed or unread, in path order
  std::vector<std::string> partially_read;

  void add_reading(const std::string& path, bool failed_, ReadingLevel reading) {
    ++documents;
    if (failed_) {
      ++failed;
      not_read.push_back(path);
    } else if (reading == ReadingLevel::none) {
      ++unread;
      not_read.push_back(path);
    } else if (reading == ReadingLevel::partial) {
      ++partial;
      partially_read.push_back(path);
    }
  }
  // Every document was read entirely: the coverage is not a guess.
  [[nodiscard]] bool complete() const { return failed + unread + partial == 0; }

  void add_piece(const Piece& piece, const std::string& lot) {
    ++assessed;
    if (!weakest || weaker(piece, *weakest)) {
      weakest = piece;
      weakest_lot = lot;
    }
  }
};

// Lot numbers in numeric order, the common pieces ("") first.
struct LotOrder {
  bool operator()(const std::string& a, const std::string& b) const {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  }
};

struct Tender {
  int pages = 0;
  bool relevant = false;
  std::set<std::string> kinds;
  Group all;                                    // the headline: its weakest piece, any lot
  std::map<std::string, Group, LotOrder> lots;  // "" = pieces common to every lot

  [[nodiscard]] bool has_lots() const {
    return lots.size() > 1 || (lots.size() == 1 && !lots.begin()->first.empty());
  }

  [[nodiscard]] std::vector<std::string> lacking() const {
    std::vector<std::string> out;
    for (const auto& piece : k_expected_pieces) {
      const bool merged = (piece == "CCAP" || piece == "CCTP") && kinds.count("CCP") > 0;
      if (kinds.count(piece) == 0 && !merged) {
        out.push_back(piece);
      }
    }
    return out;
  }
};

const std::vector<std::string> k_levels = {"information", "consultation", "concertation",
                                           "co-construction", "codecision"};

std::string level_fr(const std::string& level) {
  if (level == "codecision") {
    return "codécision";
  }
  return level.empty() ? "non déterminé" : level;
}

ReadingLevel reading_of_record(const ordered_json& record) {
  return parse_reading(str(record, "reading"));  // records before 0.2 have none: full
}

// "lot 2", "pièces communes".
std::string lot_fr(const std::string& lot) {
  return lot.empty() ? "pièces communes" : "lot " + lot;
}

}  // namespace

struct Summary {
  int documents = 0;
  int read = 0;     // every page with text
  int partial = 0;  // some pages without text
  int unread = 0;   // no page with text
  int failed = 0;   // could not be extracted
  int pages = 0;
  int pages_unread = 0;
  int relevant = 0;
  int mission = 0;
  std::map<std::string, int> kinds;
  std::map<std::string, int> severities;  // unwaived findings
  int waived = 0;
  std::map<std::string, Ratio> criteria;  // rule id
  std::map<std::string, Ratio> years;
  std::map<std::string, Ratio> buyers;
  std::map<std::string, int> levels;            // documents where a level applies
  std::map<std::string, int> assumption_rules;  // flagged findings by rule
  std::map<std::string, int> assumption_passages;
  std::map<std::string, Tender> tenders;
  std::map<std::string, int> failures;  // error code → documents
  // The first documents partially read or not read, with their reading line, for the text
  // summary (the reports list them all).
  std::vector<std::pair<std::string, std::string>> reading_examples;
};

namespace {

constexpr std::size_t k_reading_examples = 10;

Summary summarise(const RecordSource& records) {
  Summary s;
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    ++s.documents;
    const std::string path = str(r, "path");
    Tender& t = s.tenders[tender_of(path)];
    const std::string lot = lot_of(path);
    Group& g = t.lots[lot];
    const bool failed = !is_ok(r);
    const ReadingLevel reading = failed ? ReadingLevel::none : reading_of_record(r);
    t.all.add_reading(path, failed, reading);
    g.add_reading(path, failed, reading);
    if (failed) {
      ++s.failed;
      ++s.failures[str(r.value("error", ordered_json::object()), "code")];
      continue;
    }
    s.pages += num(r, "pages");
    t.pages += num(r, "pages");
    const std::string kind = str(r, "kind");
    ++s.kinds[kind];
    t.kinds.insert(kind);
    const int unread_pages =
        static_cast<int>(r.value("unread_pages", ordered_json::array()).size());
    s.pages_unread += unread_pages;
    if (reading != ReadingLevel::full && s.reading_examples.size() < k_reading_examples) {
      s.reading_examples.emplace_back(path, reading_line(reading, str(r, "reading_note")));
    }
    if (reading == ReadingLevel::none) {
      // Nothing read: neither "no participation" nor any coverage.
      ++s.unread;
      continue;
    }
    ++(reading == ReadingLevel::partial ? s.partial : s.read);
    const auto& part = r["participation"];
    const bool relevant = part.value("relevant", false);
    s.relevant += relevant ? 1 : 0;
    s.mission += part.value("mission", false) ? 1 : 0;
    t.relevant = t.relevant || relevant;
    const auto& cov = r["coverage"];
    const int applicable = num(cov, "applicable");
    const int present = num(cov, "present");
    std::set<std::string> missing;
    for (const auto& m : cov.value("missing", ordered_json::array())) {
      missing.insert(m.get<std::string>());
    }
    for (const auto& c : cov.value("criteria", ordered_json::array())) {
      const auto id = c.get<std::string>();
      auto& ratio = s.criteria[id];
      ++ratio.applicable;
      if (missing.count(id) == 0) {
        ++ratio.present;
      }
    }
    if (applicable > 0) {
      const Piece piece{path, applicable, present,
                        std::vector<std::string>(missing.begin(), missing.end())};
      t.all.add_piece(piece, lot);
      g.add_piece(piece, lot);
      const std::string year = str(r, "year");
      auto& y = s.years[year.empty() ? "inconnue" : year];
      y.applicable += applicable;
      y.present += present;
      ++y.documents;
      const std::string buyer = str(r, "buyer");
      auto& b = s.buyers[buyer.empty() ? "inconnu" : buyer];
      b.applicable += applicable;
      b.present += present;
      ++b.documents;
    }
    const auto& level = r["level"];
    if (level.value("applicable", false)) {
      ++s.levels[str(level, "level")];
    }
    for (const auto& f : r.value("findings", ordered_json::array())) {
      if (f.value("waived", false)) {
        ++s.waived;
      } else {
        ++s.severities[str(f, "severity")];
      }
      if (str(f, "kind") == "flagged") {
        ++s.assumption_rules[str(f, "rule")];
        const std::string passage = str(f, "passage");
        if (!passage.empty()) {
          ++s.assumption_passages[passage];
        }
      }
    }
  }
  return s;
}

template <typename Map>
std::vector<std::pair<std::string, typename Map::mapped_type>> top(const Map& m, std::size_t n,
                                                                   auto weight) {
  std::vector<std::pair<std::string, typename Map::mapped_type>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(), [&](const auto& a, const auto& b) {
    return weight(a.second) > weight(b.second);
  });
  if (v.size() > n) {
    v.resize(n);
  }
  return v;
}

std::string rule_title(const AuditRun& run, const std::string& id) {
  const auto it = run.rules.find(id);
  return it != run.rules.end() ? str(*it, "title") : id;
}

// ---------------------------------------------------------------------------------------
// JSON

ordered_json summary_json(const Summary& s, const AuditRun& run) {
  ordered_json j;
  j["documents"] = s.documents;
  j["read"] = s.read;
  j["partial"] = s.partial;
  j["unread"] = s.unread;
  j["failed"] = s.failed;
  j["pages"] = s.pages;
  j["pages_unread"] = s.pages_unread;
  j["tenders"] = s.tenders.size();
  j["participation_relevant"] = s.relevant;
  j["participation_missions"] = s.mission;
  j["kinds"] = s.kinds;
  j["findings"] = s.severities;
  j["waived"] = s.waived;
  ordered_json criteria = ordered_json::array();
  for (const auto& [id, ratio] : s.criteria) {
    criteria.push_back({{"rule", id},
                        {"title", rule_title(run, id)},
                        {"applicable", ratio.applicable},
                        {"present", ratio.present}});
  }
  j["criteria"] = std::move(criteria);
  auto ratios = [](const std::map<std::string, Ratio>& m, const char* key) {
    ordered_json out = ordered_json::array();
    for (const auto& [name, ratio] : m) {
      out.push_back({{key, name},
                     {"documents", ratio.documents},
                     {"applicable", ratio.applicable},
                     {"present", ratio.present}});
    }
    return out;
  };
  j["by_year"] = ratios(s.years, "year");
  j["by_buyer"] = ratios(s.buyers, "buyer");
  j["levels"] = s.levels;
  j["assumptions"] = s.assumption_rules;
  ordered_json passages = ordered_json::array();
  for (const auto& [text, count] : top(s.assumption_passages, 20, [](int c) { return c; })) {
    passages.push_back({{"passage", text}, {"count", count}});
  }
  j["frequent_assumptions"] = std::move(passages);
  j["failures"] = s.failures;
  return j;
}

ordered_json coverage_json(const Group& g) {
  ordered_json j;
  j["applicable"] = g.weakest ? g.weakest->applicable : 0;
  j["present"] = g.weakest ? g.weakest->present : 0;
  j["missing"] = g.weakest ? ordered_json(g.weakest->missing) : ordered_json::array();
  j["weakest"] = g.weakest ? ordered_json(g.weakest->path) : ordered_json(nullptr);
  j["lot"] =
      g.weakest && !g.weakest_lot.empty() ? ordered_json(g.weakest_lot) : ordered_json(nullptr);
  j["assessed"] = g.assessed;
  j["complete"] = g.complete();
  return j;
}

void reading_json(ordered_json& j, const Group& g) {
  j["documents"] = g.documents;
  j["failed"] = g.failed;
  j["unread"] = g.unread;
  j["partial"] = g.partial;
}

ordered_json tender_json(const std::string& name, const Tender& t) {
  ordered_json j;
  j["tender"] = name;
  reading_json(j, t.all);
  j["pages"] = t.pages;
  j["pieces"] = t.kinds;
  j["lacking"] = t.lacking();
  j["participation_relevant"] = t.relevant;
  j["coverage"] = coverage_json(t.all);
  j["lots"] = ordered_json::array();
  if (t.has_lots()) {
    for (const auto& [lot, g] : t.lots) {
      ordered_json x;
      x["lot"] = lot.empty() ? ordered_json(nullptr) : ordered_json(lot);
      reading_json(x, g);
      x["coverage"] = coverage_json(g);
      j["lots"].push_back(std::move(x));
    }
  }
  j["not_read"] = t.all.not_read;
  j["partially_read"] = t.all.partially_read;
  return j;
}

std::string dump(const ordered_json& j, int indent = -1) {
  return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

void write_json(AtomicFile& out, const Summary& s, const AuditRun& run, const RecordSource& records,
                const std::vector<AuditProblem>& problems) {
  ordered_json head;
  head["format"] = "vigie-audit/1";
  head["vigie"] = run.vigie_version;
  head["generated"] = now_iso();
  head["inputs"] = run.inputs;
  head["shard"] = run.shard.empty() ? ordered_json(nullptr) : ordered_json(run.shard);
  head["rulesets"] = run.rulesets;
  head["rules"] = run.rules;
  head["summary"] = summary_json(s, run);
  std::string text = dump(head, 1);
  text.pop_back();  // the closing brace: the arrays follow
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  out.write(text);
  out.write(",\n \"tenders\": [");
  bool first = true;
  for (const auto& [name, t] : s.tenders) {
    out.write(first ? "\n  " : ",\n  ");
    first = false;
    out.write(dump(tender_json(name, t)));
  }
  out.write("\n ],\n \"documents\": [");
  for (std::size_t i = 0; i < records.count; ++i) {
    ordered_json r = records.at(i);
    r["tender"] = tender_of(str(r, "path"));
    const std::string lot = lot_of(str(r, "path"));
    r["lot"] = lot.empty() ? ordered_json(nullptr) : ordered_json(lot);
    out.write(i == 0 ? "\n  " : ",\n  ");
    out.write(dump(r));
  }
  out.write("\n ],\n \"problems\": [");
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const auto& p = problems[i];
    out.write(i == 0 ? "\n  " : ",\n  ");
    out.write(dump(ordered_json{
        {"path", p.path}, {"code", p.code}, {"message", p.message}, {"skipped", p.skipped}}));
  }
  out.write("\n ]\n}\n");
}

// ---------------------------------------------------------------------------------------
// CSV: RFC 4180 (comma, CRLF, fields quoted when needed, UTF-8), or for French Excel
// (--csv-excel): ';' separator, a UTF-8 byte order mark, CRLF, decimal comma.

struct CsvStyle {
  bool excel = false;
  [[nodiscard]] char separator() const { return excel ? ';' : ','; }
};

std::string csv_field(const std::string& s, const CsvStyle& style) {
  const char specials[] = {style.separator(), '"', '\r', '\n', '\0'};
  if (s.find_first_of(specials) == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (const char c : s) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields, const CsvStyle& style) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out += style.separator();
    }
    out += csv_field(fields[i], style);
  }
  return out + "\r\n";
}

// A number field: as `str`, with a decimal comma for Excel when the number has decimals.
std::string csv_number(const ordered_json& j, const char* key, const CsvStyle& style) {
  std::string out = str(j, key);
  const auto it = j.find(key);
  if (style.excel && it != j.end() && it->is_number_float()) {
    std::replace(out.begin(), out.end(), '.', ',');
  }
  return out;
}

std::string joined(const ordered_json& array, const char* sep) {
  std::string out;
  for (const auto& v : array) {
    out += (out.empty() ? "" : sep) + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

std::string csv_sibling(const std::string& path, const char* suffix) {
  const fs::path p(path);
  return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

// A coverage as a CSV field group: applicable, present, missing, weakest piece, its lot.
std::vector<std::string> coverage_fields(const Group& g) {
  if (!g.weakest) {
    return {"", "", "", "", ""};
  }
  return {std::to_string(g.weakest->applicable), std::to_string(g.weakest->present),
          joined(ordered_json(g.weakest->missing), " "), g.weakest->path, g.weakest_lot};
}

std::string write_csv(const std::string& path, const Summary& s, const RecordSource& records,
                      const std::vector<AuditProblem>& problems, const CsvStyle& style) {
  AtomicFile docs(path);
  AtomicFile findings(csv_sibling(path, "-constats"));
  AtomicFile hazards(csv_sibling(path, "-problemes"));
  AtomicFile tenders(csv_sibling(path, "-dossiers"));
  if (style.excel) {
    for (auto* f : {&docs, &findings, &hazards, &tenders}) {
      f->write("\xEF\xBB\xBF");  // UTF-8 byte order mark: Excel then reads UTF-8
    }
  }
  const auto row = [&style](const std::vector<std::string>& fields) {
    return csv_row(fields, style);
  };
  const auto number = [&style](const ordered_json& j, const char* key) {
    return csv_number(j, key, style);
  };
  docs.write(row({"chemin",
                  "dossier",
                  "statut",
                  "erreur",
                  "format",
                  "pages",
                  "type",
                  "titre",
                  "acheteur",
                  "annee",
                  "commune",
                  "quartier",
                  "procedure",
                  "participation",
                  "mission_participation",
                  "niveau",
                  "niveau_declare",
                  "criteres_applicables",
                  "criteres_presents",
                  "criteres_manquants",
                  "erreurs",
                  "avertissements",
                  "suggestions",
                  "leves",
                  "lot",
                  "lecture",
                  "pages_non_lues",
                  "lecture_detail"}));
  findings.write(row({"chemin", "regle", "titre", "gravite", "nature", "page", "section", "passage",
                      "message", "leve"}));
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    const std::string p = str(r, "path");
    if (!is_ok(r)) {
      const auto& e = r["error"];
      docs.write(row({p,         tender_of(p), "erreur", str(e, "code") + " : " + str(e, "message"),
                      "",        "",           "",       "",
                      "",        "",           "",       "",
                      "",        "",           "",       "",
                      "",        "",           "",       "",
                      "",        "",           "",       "",
                      lot_of(p), "none",       "",       "non lu : " + str(e, "message")}));
      continue;
    }
    const ReadingLevel reading = reading_of_record(r);
    const bool read = reading != ReadingLevel::none;
    const auto& part = r["participation"];
    const auto& cov = r["coverage"];
    const auto& counts = r["counts"];
    const auto& level = r["level"];
    const auto yes_no = [read, &part](const char* key) {
      return read ? (part.value(key, false) ? "oui" : "non") : "";
    };
    docs.write(row({p,
                    tender_of(p),
                    std::string(reading_fr(reading)),
                    "",
                    str(r, "format"),
                    number(r, "pages"),
                    str(r, "kind"),
                    str(r, "title"),
                    str(r, "buyer"),
                    number(r, "year"),
                    str(r, "commune"),
                    str(r, "quartier"),
                    str(r, "procedure"),
                    yes_no("relevant"),
                    yes_no("mission"),
                    read ? str(level, "level") : "",
                    read ? str(level, "declared") : "",
                    read ? number(cov, "applicable") : "",
                    read ? number(cov, "present") : "",
                    read ? joined(cov.value("missing", ordered_json::array()), " ") : "",
                    number(counts, "erreur"),
                    number(counts, "avertissement"),
                    number(counts, "suggestion"),
                    number(counts, "waived"),
                    lot_of(p),
                    std::string(to_string(reading)),
                    joined(r.value("unread_pages", ordered_json::array()), " "),
                    read && reading == ReadingLevel::full
                        ? std::string()
                        : reading_line(reading, str(r, "reading_note"))}));
    for (const auto& f : r.value("findings", ordered_json::array())) {
      findings.write(row({p, str(f, "rule"), str(f, "title"), str(f, "severity"), str(f, "kind"),
                          number(f, "page"), str(f, "section"), str(f, "passage"),
                          str(f, "message"), f.value("waived", false) ? "oui" : "non"}));
    }
  }
  hazards.write(row({"chemin", "code", "message", "ignore"}));
  for (const auto& h : problems) {
    hazards.write(row({h.path, h.code, h.message, h.skipped ? "oui" : "non"}));
  }
  // One row per tender (lot empty: its headline, the weakest piece of any lot), then, for a
  // tender divided into lots, one per lot ("commun": the pieces common to every lot).
  tenders.write(row({"dossier", "lot", "documents", "non_lus", "partiellement_lus", "pieces",
                     "pieces_manquantes", "criteres_applicables", "criteres_presents",
                     "criteres_manquants", "piece_la_plus_faible", "lot_le_plus_faible"}));
  for (const auto& entry : s.tenders) {
    const std::string& name = entry.first;  // not a structured binding: lambdas capture it
    const auto& t = entry.second;
    const auto group_row = [&](const std::string& lot, const Group& g, bool headline) {
      std::vector<std::string> fields = {name,
                                         lot,
                                         std::to_string(g.documents),
                                         std::to_string(g.failed + g.unread),
                                         std::to_string(g.partial),
                                         headline ? joined(ordered_json(t.kinds), " ") : "",
                                         headline ? joined(ordered_json(t.lacking()), " ") : ""};
      for (auto& f : coverage_fields(g)) {
        fields.push_back(std::move(f));
      }
      tenders.write(row(fields));
    };
    group_row("", t.all, true);
    if (t.has_lots()) {
      for (const auto& [lot, g] : t.lots) {
        group_row(lot.empty() ? "commun" : lot, g, false);
      }
    }
  }
  for (auto* f : {&docs, &findings, &hazards, &tenders}) {
    if (auto error = commit_report(*f); !error.empty()) {
      return error;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// HTML

constexpr std::string_view k_style = R"css(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d2330;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #1d2330;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin:1.4rem 0 .5rem}.muted{color:#5b6270}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #d5d9e0;border-radius:6px;padding:.6rem .9rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1.2rem}
figure{margin:0;border:1px solid #e4e7ec;border-radius:6px;padding:.6rem}
figcaption{font-weight:bold;margin-bottom:.4rem}
svg text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:12px;fill:#1d2330}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}
td,th{border-bottom:1px solid #e4e7ec;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f5f8;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.n{text-align:right;white-space:nowrap}
details{border-left:4px solid #d5d9e0;margin:.5rem 0;padding:.2rem .8rem}
details summary{cursor:pointer;font-weight:bold}
.erreur{color:#b3261e}.avertissement{color:#a35f00}.suggestion{color:#1f6fb2}
.finding{margin:.4rem 0 .8rem}.finding q{display:block;background:#fafbfc;border:1px solid #e4e7ec;padding:.2rem .5rem;quotes:none}
.bad{color:#b3261e}
@media print{body{margin:0;max-width:none}th{cursor:auto}}
)css";

// Sorting a table by a column header click, numbers as numbers; no external resource.
constexpr std::string_view k_script = R"js(
function key(cell){  // a row of an unread file spans several columns
  return cell ? (cell.getAttribute('data-v') || cell.textContent) : '';
}
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th, col){
    th.addEventListener('click', function(){
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function(a, b){
        var x = key(a.cells[col]), y = key(b.cells[col]);
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'fr');
        return asc ? c : -c;
      });
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
});
)js";

struct Bar {
  std::string label;
  double value = 0;  // 0..1 for rates, a count otherwise
  std::string note;  // printed after the bar
};

// A horizontal bar chart as inline SVG. Rates (`max` = 1) are drawn against 100 %.
std::string bar_chart(const std::string& caption, const std::vector<Bar>& bars, double max,
                      const std::string& color) {
  constexpr int k_label = 290;
  constexpr int k_width = 260;
  constexpr int k_note = 130;
  constexpr int k_row = 22;
  const int height = static_cast<int>(bars.size()) * k_row + 10;
  std::string out = "<figure><figcaption>" + html_escape(caption) + "</figcaption>\n";
  if (bars.empty()) {
    return out + "<p class=\"muted\">Aucune donnée.</p></figure>\n";
  }
  // Scales to its column: the viewBox fixes the drawing, the width follows the page.
  out += "<svg role=\"img\" style=\"width:100%;height:auto\" viewBox=\"0 0 " +
         std::to_string(k_label + k_width + k_note) + " " + std::to_string(height) +
         "\" aria-label=\"" + html_escape(caption) + "\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const int y = static_cast<int>(i) * k_row + 4;
    std::string label = b.label;
    if (label.size() > 40) {
      std::size_t cut = 38;
      while (cut > 0 && utf8::is_continuation(label[cut])) {
        --cut;
      }
      label = label.substr(0, cut) + "…";
    }
    const double fraction = max > 0 ? std::clamp(b.value / max, 0.0, 1.0) : 0;
    const int w = static_cast<int>(std::lround(fraction * k_width));
    out += "<text x=\"" + std::to_string(k_label - 6) + "\" y=\"" + std::to_string(y + 13) +
           "\" text-anchor=\"end\"><title>" + html_escape(b.label) + "</title>" +
           html_escape(label) + "</text>";
    out += "<rect x=\"" + std::to_string(k_label) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(k_width) + "\" height=\"16\" fill=\"#eef0f3\"/>";
    out += "<rect x=\"" + std::to_string(k_label) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(w) + "\" height=\"16\" fill=\"" + color + "\"/>";
    out += "<text x=\"" + std::to_string(k_label + k_width + 6) + "\" y=\"" +
           std::to_string(y + 13) + "\">" + html_escape(b.note) + "</text>\n";
  }
  return out + "</svg></figure>\n";
}

std::string td(const std::string& text, const std::string& sort_value = {}, bool number = false) {
  std::string out = "<td";
  if (number) {
    out += " class=\"n\"";
  }
  if (!sort_value.empty()) {
    out += " data-v=\"" + html_escape(sort_value) + "\"";
  }
  return out + ">" + html_escape(text) + "</td>";
}

std::string anchor_of(std::size_t i) { return "doc-" + std::to_string(i + 1); }

void write_html(AtomicFile& out, const Summary& s, const AuditRun& run, const RecordSource& records,
                const std::vector<AuditProblem>& problems) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>Audit vigie — " + std::to_string(s.documents) + " documents</title>\n";
  h += "<style>" + std::string(k_style) + "</style>\n</head>\n<body>\n";
  h += "<h1>Audit des pièces de marchés publics</h1>\n<p class=\"muted\">Produit par vigie " +
       html_escape(run.vigie_version) + " le " + now_iso().substr(0, 10) +
       " sur : " + html_escape(joined(ordered_json(run.inputs), ", "));
  if (!run.shard.empty()) {
    h += " (part " + html_escape(run.shard) + ")";
  }
  h += ". Règles : " + html_escape(joined(ordered_json(run.rulesets), ", ")) + ".</p>\n";

  int applicable = 0;
  int present = 0;
  for (const auto& [id, r] : s.criteria) {
    applicable += r.applicable;
    present += r.present;
  }
  auto card = [](const std::string& value, const std::string& label) {
    return "<div class=\"card\"><b>" + html_escape(value) + "</b>" + html_escape(label) + "</div>";
  };
  const int skipped = static_cast<int>(std::count_if(
      problems.begin(), problems.end(), [](const AuditProblem& p) { return p.skipped; }));
  h += "<div class=\"cards\">";
  h += card(std::to_string(s.documents), "documents");
  h += card(std::to_string(s.tenders.size()), "dossiers (consultations)");
  h += card(std::to_string(s.pages - s.pages_unread), "pages lues");
  h += card(std::to_string(s.read), "documents lus entièrement");
  h += card(std::to_string(s.partial), "partiellement lus (pages sans texte)");
  h += card(std::to_string(s.unread + s.failed + skipped), "fichiers non lus");
  h += card(std::to_string(s.relevant), "concernant la participation");
  h += card(std::to_string(s.mission), "missions de participation");
  h += card(percent(present, applicable), "des critères de participation présents");
  h += "</div>\n";
  if (s.partial + s.unread > 0) {
    h += "<p class=\"bad\">" + std::to_string(s.pages_unread) +
         " page(s) sans texte (numérisées ?) n'ont pas été lues : " + std::to_string(s.unread) +
         " document(s) non lu(s), " + std::to_string(s.partial) +
         " partiellement lu(s). Une reconnaissance de caractères (OCR) serait nécessaire ; "
         "les couvertures ci-dessous ne portent que sur le texte lu.</p>\n";
  }
  h += "<p>Constats non levés : " +
       std::to_string(s.severities.count("erreur") ? s.severities.at("erreur") : 0) +
       " erreur(s), " +
       std::to_string(s.severities.count("avertissement") ? s.severities.at("avertissement") : 0) +
       " avertissement(s), " +
       std::to_string(s.severities.count("suggestion") ? s.severities.at("suggestion") : 0) +
       " suggestion(s) ; " + std::to_string(s.waived) + " levé(s) par une dérogation.</p>\n";

  h += "<h2>Synthèse</h2>\n<div class=\"charts\">\n";
  std::vector<Bar> bars;
  {
    const int most_read = std::max({1, s.read, s.partial, s.unread, s.failed + skipped});
    bars = {{"lus entièrement", double(s.read), std::to_string(s.read) + " doc."},
            {"partiellement lus (pages sans texte)", double(s.partial),
             std::to_string(s.partial) + " doc."},
            {"non lus : aucune page avec du texte", double(s.unread),
             std::to_string(s.unread) + " doc."},
            {"non lus : illisibles ou écartés", double(s.failed + skipped),
             std::to_string(s.failed + skipped) + " fichier(s)"}};
    h += bar_chart("Lecture des documents", bars, most_read, "#5b6270");
    bars.clear();
  }
  for (const auto& [id, r] : s.criteria) {
    bars.push_back({rule_title(run, id), r.applicable > 0 ? double(r.present) / r.applicable : 0,
                    percent(r.present, r.applicable) + " (" + std::to_string(r.present) + "/" +
                        std::to_string(r.applicable) + ")"});
  }
  std::stable_sort(bars.begin(), bars.end(),
                   [](const Bar& a, const Bar& b) { return a.value < b.value; });
  h += bar_chart("Couverture par critère (documents lus où le critère s'applique)", bars, 1,
                 "#2f7d4f");
  bars.clear();
  for (const auto& [year, r] : s.years) {
    bars.push_back(
        {year, r.applicable > 0 ? double(r.present) / r.applicable : 0,
         percent(r.present, r.applicable) + " · " + std::to_string(r.documents) + " doc."});
  }
  h += bar_chart("Couverture par année", bars, 1, "#1f6fb2");
  bars.clear();
  for (const auto& [buyer, r] : top(s.buyers, 15, [](const Ratio& r) { return r.documents; })) {
    bars.push_back(
        {buyer, r.applicable > 0 ? double(r.present) / r.applicable : 0,
         percent(r.present, r.applicable) + " · " + std::to_string(r.documents) + " doc."});
  }
  h += bar_chart("Couverture par acheteur (les 15 plus représentés)", bars, 1, "#6a4fb3");
  bars.clear();
  int most = 1;
  for (const auto& [level, n] : s.levels) {
    most = std::max(most, n);
  }
  for (const auto& level : k_levels) {
    if (s.levels.empty()) {
      break;  // no document where a level applies: "Aucune donnée"
    }
    const int n = s.levels.count(level) ? s.levels.at(level) : 0;
    bars.push_back({level_fr(level), double(n), std::to_string(n) + " doc."});
  }
  if (s.levels.count("")) {
    bars.push_back(
        {"non déterminé", double(s.levels.at("")), std::to_string(s.levels.at("")) + " doc."});
  }
  h += bar_chart("Niveau de participation auquel les documents s'engagent", bars, most, "#c77700");
  bars.clear();
  most = 1;
  for (const auto& [id, n] : s.assumption_rules) {
    most = std::max(most, n);
  }
  for (const auto& [id, n] : top(s.assumption_rules, 15, [](int c) { return c; })) {
    bars.push_back({rule_title(run, id), double(n), std::to_string(n)});
  }
  h += bar_chart("Présupposés et affirmations non étayées les plus fréquents", bars, most,
                 "#b3261e");
  h += "</div>\n";
  if (!s.assumption_passages.empty()) {
    h += "<h3>Phrases présupposées les plus répétées</h3>\n<table class=\"sortable\"><thead><tr>"
         "<th>Passage</th><th>Occurrences</th></tr></thead><tbody>\n";
    for (const auto& [text, n] : top(s.assumption_passages, 10, [](int c) { return c; })) {
      h += "<tr>" + td(text) + td(std::to_string(n), {}, true) + "</tr>\n";
    }
    h += "</tbody></table>\n";
  }

  h += "<h2>Dossiers</h2>\n<p class=\"muted\">Un dossier est l'archive (ou le dossier) dans "
       "lequel les pièces ont été publiées ; un lot, le dossier, l'archive ou le fichier dont le "
       "nom le désigne (« Lot 2 »). Pièces attendues : RC, CCAP, CCTP, AE (un CCP vaut CCAP et "
       "CCTP). La couverture d'un dossier est celle de sa pièce la plus faible, quel que soit son "
       "lot : les critères d'un lot ne comblent pas l'absence dans un autre.</p>\n"
       "<table class=\"sortable\"><thead><tr><th>Dossier</th><th>Documents</th>"
       "<th>Pièces</th><th>Pièces manquantes</th><th>Participation</th><th>Couverture</th>"
       "<th>Par lot</th><th>Lecture</th></tr></thead><tbody>\n";
  const auto coverage_text = [](const Group& g) -> std::string {
    if (!g.weakest) {
      return "–";
    }
    const Piece& w = *g.weakest;
    return percent(w.present, w.applicable) + " (" + std::to_string(w.present) + "/" +
           std::to_string(w.applicable) + ")";
  };
  const auto group_reading = [](const Group& g) -> std::string {
    std::string text;
    if (g.failed + g.unread > 0) {
      text += std::to_string(g.failed + g.unread) + " non lu(s)";
    }
    if (g.partial > 0) {
      text += (text.empty() ? "" : ", ") + std::to_string(g.partial) + " partiellement lu(s)";
    }
    return text.empty() ? "tout lu" : text;
  };
  for (const auto& [name, t] : s.tenders) {
    std::string pieces;
    for (const auto& k : t.kinds) {
      pieces += (pieces.empty() ? "" : ", ") + k;
    }
    std::string lacking;
    for (const auto& k : t.lacking()) {
      lacking += (lacking.empty() ? "" : ", ") + k;
    }
    std::string headline = coverage_text(t.all);
    if (t.all.weakest) {
      const std::string file(last_name(t.all.weakest->path));
      headline += " — la plus faible : " +
                  (t.has_lots() ? lot_fr(t.all.weakest_lot) + ", " : std::string()) + file;
    }
    if (!t.all.complete()) {
      headline +=
          (t.all.weakest ? " ; " : " — ") + std::string("incomplète : ") + group_reading(t.all);
    }
    std::string by_lot = "–";
    if (t.has_lots()) {
      by_lot.clear();
      for (const auto& [lot, g] : t.lots) {
        by_lot += (by_lot.empty() ? "" : " ; ") + lot_fr(lot) + " : " +
                  (g.weakest                 ? coverage_text(g)
                   : g.failed + g.unread > 0 ? std::string("non évaluée")
                                             : std::string("non applicable"));
        if (g.failed + g.unread > 0) {
          by_lot += " (" + std::to_string(g.failed + g.unread) + " non lu(s))";
        }
      }
    }
    const Piece* w = t.all.weakest ? &*t.all.weakest : nullptr;
    h += "<tr>" + td(name) + td(std::to_string(t.all.documents), {}, true) + td(pieces) +
         td(lacking) + td(t.relevant ? "oui" : "non") +
         td(headline, w ? std::to_string(100 * w->present / w->applicable) : "-1") + td(by_lot) +
         td(group_reading(t.all)) + "</tr>\n";
  }
  h += "</tbody></table>\n";
  out.write(h);
  h.clear();

  out.write(
      "<h2>Documents</h2>\n<table class=\"sortable\"><thead><tr><th>Fichier</th><th>Lot</th>"
      "<th>Type</th><th>Acheteur</th><th>Année</th><th>Pages</th><th>Lecture</th>"
      "<th>Couverture</th><th>Niveau</th><th>Erreurs</th><th>Avert.</th><th>Sugg.</th></tr>"
      "</thead><tbody>\n");
  // The rows of the files not read or partially read, kept for the last table.
  std::string unread;
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    const std::string p = str(r, "path");
    std::string row =
        "<tr><td><a href=\"#" + anchor_of(i) + "\">" + html_escape(p) + "</a></td>" + td(lot_of(p));
    if (!is_ok(r)) {
      row +=
          "<td class=\"bad\" colspan=\"10\">non lu : " + html_escape(str(r["error"], "message")) +
          "</td></tr>\n";
      out.write(row);
      unread +=
          "<tr>" + td(p) + td(str(r["error"], "message")) + td(str(r["error"], "code")) + "</tr>\n";
      continue;
    }
    const ReadingLevel reading = reading_of_record(r);
    const std::string reading_text = reading_line(reading, str(r, "reading_note"));
    row += td(str(r, "kind")) + td(str(r, "buyer")) + td(str(r, "year"), {}, true) +
           td(str(r, "pages"), {}, true);
    if (reading != ReadingLevel::full) {
      row += "<td class=\"bad\" data-v=\"" + std::string(to_string(reading)) + "\">" +
             html_escape(reading_text) + "</td>";
      unread += "<tr>" + td(p) + td(reading_text) +
                td("reading-" + std::string(to_string(reading))) + "</tr>\n";
    } else {
      row += td(reading_text);
    }
    if (reading == ReadingLevel::none) {
      row += td("–", "-1", true) + td("–") + td("–", {}, true) + td("–", {}, true) +
             td("–", {}, true) + "</tr>\n";
      out.write(row);
      continue;
    }
    const auto& cov = r["coverage"];
    const int ca = num(cov, "applicable");
    const int cp = num(cov, "present");
    const auto& counts = r["counts"];
    row += td(ca > 0 ? std::to_string(cp) + "/" + std::to_string(ca) : "–",
              ca > 0 ? std::to_string(100 * cp / ca) : "-1", true) +
           td(r["level"].value("applicable", false) ? level_fr(str(r["level"], "level")) : "–") +
           td(str(counts, "erreur"), {}, true) + td(str(counts, "avertissement"), {}, true) +
           td(str(counts, "suggestion"), {}, true) + "</tr>\n";
    out.write(row);
  }
  out.write("</tbody></table>\n<h2>Constats par document</h2>\n");
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    std::string d = "<details id=\"" + anchor_of(i) + "\"><summary>" + html_escape(str(r, "path"));
    if (!is_ok(r)) {
      d += " — <span class=\"bad\">non lu</span></summary><p>" +
           html_escape(str(r["error"], "message")) + "</p></details>\n";
      out.write(d);
      continue;
    }
    const ReadingLevel reading = reading_of_record(r);
    const std::string note = str(r, "reading_note");
    if (reading == ReadingLevel::none) {
      d += " — " + html_escape(str(r, "kind")) +
           ", <span class=\"bad\">non lu</span></summary><p class=\"bad\">" +
           html_escape(reading_line(reading, note)) + " ; " +
           html_escape(std::string(k_none_consequence)) + ".</p></details>\n";
      out.write(d);
      continue;
    }
    const auto& findings = r["findings"];
    d += " — " + html_escape(str(r, "kind")) + ", ";
    if (reading == ReadingLevel::partial) {
      d += "<span class=\"bad\">partiellement lu</span>, ";
    }
    d += std::to_string(findings.size()) + " constat(s)</summary>\n";
    if (reading == ReadingLevel::partial) {
      d += "<p class=\"bad\">" + html_escape(reading_line(reading, note)) + " ; " +
           html_escape(std::string(k_partial_consequence)) + ".</p>\n";
    }
    d += "<p class=\"muted\">" + html_escape(str(r["participation"], "summary")) + "</p>\n";
    for (const auto& f : findings) {
      const std::string sev = str(f, "severity");
      d += "<div class=\"finding\"><span class=\"" + html_escape(sev) + "\">" + html_escape(sev) +
           "</span> — <b>" + html_escape(str(f, "title")) + "</b>";
      if (!str(f, "page").empty()) {
        d += " <span class=\"muted\">(page " + html_escape(str(f, "page")) + ")</span>";
      }
      if (f.value("waived", false)) {
        d += " <span class=\"muted\">(levé)</span>";
      }
      if (!str(f, "passage").empty()) {
        d += "<q>" + html_escape(str(f, "passage")) + "</q>";
      }
      d += "<div>" + html_escape(str(f, "message")) + "</div></div>\n";
    }
    out.write(d + "</details>\n");
  }
  h += "<h2>Fichiers non lus ou partiellement lus, et alertes</h2>\n";
  if (problems.empty() && unread.empty()) {
    h += "<p>Aucun : tous les fichiers ont été lus entièrement.</p>\n";
  } else {
    h += "<table class=\"sortable\"><thead><tr><th>Fichier</th><th>Cause</th><th>Code</th>"
         "</tr></thead><tbody>\n";
    for (const auto& p : problems) {
      h += "<tr>" + td(p.path) + td(p.message) + td(p.code) + "</tr>\n";
    }
    h += unread + "</tbody></table>\n";
  }
  h += "<script>" + std::string(k_script) + "</script>\n</body>\n</html>\n";
  out.write(h);
}

}  // namespace

std::string lot_in_name(std::string_view name) {
  std::string low(name);
  std::transform(low.begin(), low.end(), low.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  const auto separator = [](char c) { return c == ' ' || c == '_' || c == '-' || c == '.'; };
  for (std::size_t at = low.find("lot"); at != std::string::npos; at = low.find("lot", at + 1)) {
    // A word of its own: not "pilote", "allotissement", "lots".
    if (at > 0 && (ascii_letter(low[at - 1]) || ascii_digit(low[at - 1]))) {
      continue;
    }
    std::size_t p = at + 3;
    while (p < low.size() && separator(low[p])) {
      ++p;
    }
    if (p < low.size() && low[p] == 'n') {  // "n°", "nº", "no"
      if (low.compare(p + 1, 2, "\xC2\xB0") == 0 || low.compare(p + 1, 2, "\xC2\xBA") == 0) {
        p += 3;
      } else if (p + 1 < low.size() && low[p + 1] == 'o') {
        p += 2;
      } else {
        continue;
      }
      while (p < low.size() && separator(low[p])) {
        ++p;
      }
    }
    const std::size_t begin = p;
    while (p < low.size() && ascii_digit(low[p])) {
      ++p;
    }
    if (p == begin || p - begin > 3) {  // no number, or a year ("lot 2025")
      continue;
    }
    std::size_t first = begin;
    while (first < p && low[first] == '0') {
      ++first;
    }
    if (first == p) {  // "lot 0" is not a lot
      continue;
    }
    return low.substr(first, p - first);
  }
  return {};
}

std::string tender_of_archive(const std::string& path) {
  if (lot_in_name(last_name(path)).empty()) {
    return path;
  }
  return out_of_lot_folders(parent_folder(path));
}

std::string tender_of(const std::string& path) {
  if (const auto bang = path.find("!/"); bang != std::string::npos) {
    return tender_of_archive(path.substr(0, bang));
  }
  return out_of_lot_folders(parent_folder(path));
}

std::string lot_of(const std::string& path) {
  const std::string tender = tender_of(path);
  std::string_view inside = path;
  if (tender != "." && inside.starts_with(tender)) {
    inside.remove_prefix(tender.size());
  }
  // The nearest name first: the file's, then its folders' and archives' outwards.
  while (!inside.empty()) {
    const auto slash = inside.find_last_of('/');
    const std::string_view name =
        slash == std::string_view::npos ? inside : inside.substr(slash + 1);
    if (auto lot = lot_in_name(name); !lot.empty()) {
      return lot;
    }
    if (slash == std::string_view::npos) {
      break;
    }
    inside = inside.substr(0, slash);
  }
  return {};
}

AuditReports::AuditReports(const AuditRun& run, const RecordSource& records,
                           const std::vector<AuditProblem>& problems)
    : m_run(run),
      m_records(records),
      m_problems(problems),
      m_summary(std::make_unique<Summary>(summarise(records))) {}

AuditReports::~AuditReports() = default;

std::string AuditReports::write(const std::string& path) const {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".csv") {
    return write_csv(path, *m_summary, m_records, m_problems, CsvStyle{m_run.csv_excel});
  }
  AtomicFile out(path);
  if (ext == ".json") {
    write_json(out, *m_summary, m_run, m_records, m_problems);
  } else {
    write_html(out, *m_summary, m_run, m_records, m_problems);
  }
  return commit_report(out);
}

std::string AuditReports::text_summary() const {
  const Summary& s = *m_summary;
  const AuditRun& run = m_run;
  const std::vector<AuditProblem>& problems = m_problems;
  int applicable = 0;
  int present = 0;
  for (const auto& [id, r] : s.criteria) {
    applicable += r.applicable;
    present += r.present;
  }
  std::string out;
  out += "Audit : " + std::to_string(s.documents) + " document(s) dans " +
         std::to_string(s.tenders.size()) + " dossier(s) : " + std::to_string(s.read) +
         " lu(s) entièrement, " + std::to_string(s.partial) + " partiellement lu(s), " +
         std::to_string(s.unread + s.failed) + " non lu(s) (" + std::to_string(s.unread) +
         " sans texte, " + std::to_string(s.failed) + " en erreur) ; " +
         std::to_string(s.pages - s.pages_unread) + " pages lues";
  if (s.pages_unread > 0) {
    out += ", " + std::to_string(s.pages_unread) + " sans texte (numérisées ?)";
  }
  const auto skipped = std::count_if(problems.begin(), problems.end(),
                                     [](const AuditProblem& p) { return p.skipped; });
  if (skipped > 0) {
    out += " ; " + std::to_string(skipped) +
           " entrée(s) écartée(s) (liens, fichiers spéciaux, entrées d'archive)";
  }
  out += ".\n";
  if (!s.reading_examples.empty()) {
    out +=
        "Documents non lus ou partiellement lus (une reconnaissance de caractères, OCR, "
        "serait nécessaire) :\n";
    for (const auto& [path, line] : s.reading_examples) {
      out += "  - " + path + " : " + line + "\n";
    }
    const int more = s.partial + s.unread - static_cast<int>(s.reading_examples.size());
    if (more > 0) {
      out += "  … et " + std::to_string(more) + " autre(s) (voir les rapports)\n";
    }
  }
  out += "Participation : " + std::to_string(s.relevant) + " document(s) concerné(s), dont " +
         std::to_string(s.mission) +
         " mission(s) ; critères présents : " + percent(present, applicable) + " (" +
         std::to_string(present) + "/" + std::to_string(applicable) + ").\n";
  std::vector<std::pair<std::string, Ratio>> weakest(s.criteria.begin(), s.criteria.end());
  std::stable_sort(weakest.begin(), weakest.end(), [](const auto& a, const auto& b) {
    return a.second.present * b.second.applicable < b.second.present * a.second.applicable;
  });
  if (weakest.size() > 3) {
    weakest.resize(3);
  }
  if (!weakest.empty()) {
    out += "Critères les plus souvent absents :\n";
    for (const auto& [id, r] : weakest) {
      out += "  - " + rule_title(run, id) + " : présent dans " + percent(r.present, r.applicable) +
             " des documents (" + std::to_string(r.present) + "/" + std::to_string(r.applicable) +
             ")\n";
    }
  }
  // Tenders whose weakest piece (any lot) misses criteria, the weakest first.
  std::vector<std::pair<std::string, const Tender*>> weak;
  int assessed = 0;
  int full_but_incomplete = 0;  // at 100 % on what was read, but not everything was
  for (const auto& [name, t] : s.tenders) {
    if (t.all.weakest) {
      ++assessed;
      if (t.all.weakest->present < t.all.weakest->applicable) {
        weak.emplace_back(name, &t);
      } else if (!t.all.complete()) {
        ++full_but_incomplete;
      }
    }
  }
  if (assessed > 0) {
    std::stable_sort(weak.begin(), weak.end(), [](const auto& a, const auto& b) {
      return weaker(*a.second->all.weakest, *b.second->all.weakest);
    });
    out += "Dossiers (couverture de la pièce ou du lot le plus faible) : " +
           std::to_string(assessed - static_cast<int>(weak.size())) + " sur " +
           std::to_string(assessed) + " à 100 %";
    if (full_but_incomplete > 0) {
      out += ", dont " + std::to_string(full_but_incomplete) +
             " sur leurs seules pièces lues (d'autres sont non lues ou partiellement lues)";
    }
    out += weak.empty() ? ".\n" : " ; les plus faibles :\n";
    for (std::size_t i = 0; i < weak.size() && i < 3; ++i) {
      const Tender& t = *weak[i].second;
      const Piece& w = *t.all.weakest;
      out += "  - " + weak[i].first + " : " + percent(w.present, w.applicable) + " (" +
             std::to_string(w.present) + "/" + std::to_string(w.applicable) + "), " +
             (t.has_lots() ? lot_fr(t.all.weakest_lot) + ", " : std::string()) +
             std::string(last_name(w.path)) + "\n";
    }
  }
  if (!s.levels.empty()) {
    out += "Niveaux :";
    std::vector<std::string> order = k_levels;
    order.emplace_back();  // not determined, last
    for (const auto& level : order) {
      if (const auto it = s.levels.find(level); it != s.levels.end()) {
        out += " " + level_fr(level) + " " + std::to_string(it->second) + ";";
      }
    }
    out.back() = '\n';
  }
  return out;
}

}  // namespace vigie::cli
