#include "audit_report.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "check_report.hpp"
#include "output_file.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using report_detail::html_escape;

// A file that appears whole or not at all: written beside its destination, then renamed.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path)
      : m_path(std::move(path)), m_temp(m_path + ".tmp." + std::to_string(::getpid())) {
    m_file = std::fopen(m_temp.c_str(), "wb");
    if (m_file == nullptr) {
      m_error = m_path + " : impossible d'écrire le rapport (" + cause_fr(errno) + ")";
    }
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (m_file != nullptr) {
      std::fclose(m_file);
      std::remove(m_temp.c_str());
    }
  }

  void write(std::string_view s) {
    if (m_file != nullptr && m_error.empty() &&
        std::fwrite(s.data(), 1, s.size(), m_file) != s.size()) {
      m_error = m_path + " : impossible d'écrire le rapport (" + cause_fr(errno) + ")";
    }
  }

  // Returns the French error, empty on success.
  std::string commit() {
    if (m_file == nullptr) {
      return m_error;
    }
    int error = 0;
    if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0) {
      error = errno;
    }
    if (std::fclose(m_file) != 0 && error == 0) {
      error = errno;
    }
    m_file = nullptr;
    if (error != 0 || !m_error.empty()) {
      std::remove(m_temp.c_str());
      return m_error.empty()
                 ? m_path + " : impossible d'écrire le rapport (" + cause_fr(error) + ")"
                 : m_error;
    }
    if (std::rename(m_temp.c_str(), m_path.c_str()) != 0) {
      const std::string why = cause_fr(errno);
      std::remove(m_temp.c_str());
      return m_path + " : impossible de mettre le rapport en place (" + why + ")";
    }
    return {};
  }

 private:
  std::string m_path;
  std::string m_temp;
  std::FILE* m_file = nullptr;
  std::string m_error;
};

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

struct Tender {
  int documents = 0;
  int failed = 0;
  int pages = 0;
  bool relevant = false;
  std::set<std::string> kinds;
  std::set<std::string> applicable;
  std::set<std::string> present;

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

}  // namespace

struct Summary {
  int documents = 0;
  int read = 0;
  int failed = 0;
  int pages = 0;
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
};

namespace {

Summary summarise(const RecordSource& records) {
  Summary s;
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    ++s.documents;
    Tender& t = s.tenders[tender_of(str(r, "path"))];
    ++t.documents;
    if (!is_ok(r)) {
      ++s.failed;
      ++t.failed;
      ++s.failures[str(r.value("error", ordered_json::object()), "code")];
      continue;
    }
    ++s.read;
    s.pages += num(r, "pages");
    t.pages += num(r, "pages");
    const std::string kind = str(r, "kind");
    ++s.kinds[kind];
    t.kinds.insert(kind);
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
      t.applicable.insert(id);
      if (missing.count(id) == 0) {
        ++ratio.present;
        t.present.insert(id);
      }
    }
    if (applicable > 0) {
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
  j["failed"] = s.failed;
  j["pages"] = s.pages;
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

ordered_json tender_json(const std::string& name, const Tender& t) {
  ordered_json j;
  j["tender"] = name;
  j["documents"] = t.documents;
  j["failed"] = t.failed;
  j["pages"] = t.pages;
  j["pieces"] = t.kinds;
  j["lacking"] = t.lacking();
  j["participation_relevant"] = t.relevant;
  std::vector<std::string> missing;
  std::set_difference(t.applicable.begin(), t.applicable.end(), t.present.begin(), t.present.end(),
                      std::back_inserter(missing));
  j["coverage"] = {
      {"applicable", t.applicable.size()}, {"present", t.present.size()}, {"missing", missing}};
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

std::string write_csv(const std::string& path, const RecordSource& records,
                      const std::vector<AuditProblem>& problems, const CsvStyle& style) {
  AtomicFile docs(path);
  AtomicFile findings(csv_sibling(path, "-constats"));
  AtomicFile hazards(csv_sibling(path, "-problemes"));
  if (style.excel) {
    for (auto* f : {&docs, &findings, &hazards}) {
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
                  "leves"}));
  findings.write(row({"chemin", "regle", "titre", "gravite", "nature", "page", "section", "passage",
                      "message", "leve"}));
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    const std::string p = str(r, "path");
    if (!is_ok(r)) {
      const auto& e = r["error"];
      docs.write(row({p,  tender_of(p), "erreur", str(e, "code") + " : " + str(e, "message"),
                      "", "",           "",       "",
                      "", "",           "",       "",
                      "", "",           "",       "",
                      "", "",           "",       "",
                      "", "",           "",       ""}));
      continue;
    }
    const auto& part = r["participation"];
    const auto& cov = r["coverage"];
    const auto& counts = r["counts"];
    const auto& level = r["level"];
    docs.write(row({p,
                    tender_of(p),
                    "lu",
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
                    part.value("relevant", false) ? "oui" : "non",
                    part.value("mission", false) ? "oui" : "non",
                    str(level, "level"),
                    str(level, "declared"),
                    number(cov, "applicable"),
                    number(cov, "present"),
                    joined(cov.value("missing", ordered_json::array()), " "),
                    number(counts, "erreur"),
                    number(counts, "avertissement"),
                    number(counts, "suggestion"),
                    number(counts, "waived")}));
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
  for (auto* f : {&docs, &findings, &hazards}) {
    if (auto error = f->commit(); !error.empty()) {
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
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) {
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
  h += "<div class=\"cards\">";
  h += card(std::to_string(s.documents), "documents");
  h += card(std::to_string(s.tenders.size()), "dossiers (consultations)");
  h += card(std::to_string(s.pages), "pages lues");
  h += card(std::to_string(s.relevant), "concernant la participation");
  h += card(std::to_string(s.mission), "missions de participation");
  h += card(percent(present, applicable), "des critères de participation présents");
  h += card(std::to_string(s.failed + static_cast<int>(std::count_if(
                                          problems.begin(), problems.end(),
                                          [](const AuditProblem& p) { return p.skipped; }))),
            "fichiers non lus");
  h += "</div>\n";
  h += "<p>Constats non levés : " +
       std::to_string(s.severities.count("erreur") ? s.severities.at("erreur") : 0) +
       " erreur(s), " +
       std::to_string(s.severities.count("avertissement") ? s.severities.at("avertissement") : 0) +
       " avertissement(s), " +
       std::to_string(s.severities.count("suggestion") ? s.severities.at("suggestion") : 0) +
       " suggestion(s) ; " + std::to_string(s.waived) + " levé(s) par une dérogation.</p>\n";

  h += "<h2>Synthèse</h2>\n<div class=\"charts\">\n";
  std::vector<Bar> bars;
  for (const auto& [id, r] : s.criteria) {
    bars.push_back({rule_title(run, id), r.applicable > 0 ? double(r.present) / r.applicable : 0,
                    percent(r.present, r.applicable) + " (" + std::to_string(r.present) + "/" +
                        std::to_string(r.applicable) + ")"});
  }
  std::stable_sort(bars.begin(), bars.end(),
                   [](const Bar& a, const Bar& b) { return a.value < b.value; });
  h += bar_chart("Couverture par critère (documents où le critère s'applique)", bars, 1, "#2f7d4f");
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
       "lequel les pièces ont été publiées. Pièces attendues : RC, CCAP, CCTP, AE (un CCP vaut "
       "CCAP et CCTP).</p>\n<table class=\"sortable\"><thead><tr><th>Dossier</th><th>Documents</th>"
       "<th>Pièces</th><th>Pièces manquantes</th><th>Participation</th><th>Couverture</th>"
       "</tr></thead><tbody>\n";
  for (const auto& [name, t] : s.tenders) {
    std::string pieces;
    for (const auto& k : t.kinds) {
      pieces += (pieces.empty() ? "" : ", ") + k;
    }
    std::string lacking;
    for (const auto& k : t.lacking()) {
      lacking += (lacking.empty() ? "" : ", ") + k;
    }
    const int ta = static_cast<int>(t.applicable.size());
    const int tp = static_cast<int>(t.present.size());
    h += "<tr>" + td(name) + td(std::to_string(t.documents), {}, true) + td(pieces) + td(lacking) +
         td(t.relevant ? "oui" : "non") +
         td(ta > 0 ? percent(tp, ta) + " (" + std::to_string(tp) + "/" + std::to_string(ta) + ")"
                   : "–",
            ta > 0 ? std::to_string(100 * tp / ta) : "-1", true) +
         "</tr>\n";
  }
  h += "</tbody></table>\n";
  out.write(h);
  h.clear();

  out.write(
      "<h2>Documents</h2>\n<table class=\"sortable\"><thead><tr><th>Fichier</th><th>Type</th>"
      "<th>Acheteur</th><th>Année</th><th>Pages</th><th>Couverture</th><th>Niveau</th>"
      "<th>Erreurs</th><th>Avert.</th><th>Sugg.</th></tr></thead><tbody>\n");
  // The rows of the files not read, kept for the last table (as many as failures).
  std::string unread;
  for (std::size_t i = 0; i < records.count; ++i) {
    const ordered_json r = records.at(i);
    const std::string p = str(r, "path");
    std::string row = "<tr><td><a href=\"#" + anchor_of(i) + "\">" + html_escape(p) + "</a></td>";
    if (!is_ok(r)) {
      row += "<td class=\"bad\" colspan=\"9\">non lu : " + html_escape(str(r["error"], "message")) +
             "</td></tr>\n";
      out.write(row);
      unread +=
          "<tr>" + td(p) + td(str(r["error"], "message")) + td(str(r["error"], "code")) + "</tr>\n";
      continue;
    }
    const auto& cov = r["coverage"];
    const int ca = num(cov, "applicable");
    const int cp = num(cov, "present");
    const auto& counts = r["counts"];
    row += td(str(r, "kind")) + td(str(r, "buyer")) + td(str(r, "year"), {}, true) +
           td(str(r, "pages"), {}, true) +
           td(ca > 0 ? std::to_string(cp) + "/" + std::to_string(ca) : "–",
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
    const auto& findings = r["findings"];
    d += " — " + html_escape(str(r, "kind")) + ", " + std::to_string(findings.size()) +
         " constat(s)</summary>\n";
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
  h += "<h2>Fichiers non lus et alertes</h2>\n";
  if (problems.empty() && s.failed == 0) {
    h += "<p>Aucun : tous les fichiers ont été lus.</p>\n";
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

std::string tender_of(const std::string& path) {
  if (const auto bang = path.find("!/"); bang != std::string::npos) {
    return path.substr(0, bang);
  }
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
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
    return write_csv(path, m_records, m_problems, CsvStyle{m_run.csv_excel});
  }
  AtomicFile out(path);
  if (ext == ".json") {
    write_json(out, *m_summary, m_run, m_records, m_problems);
  } else {
    write_html(out, *m_summary, m_run, m_records, m_problems);
  }
  return out.commit();
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
         std::to_string(s.tenders.size()) + " dossier(s), " + std::to_string(s.read) + " lu(s) (" +
         std::to_string(s.pages) + " pages), " + std::to_string(s.failed) + " non lu(s)";
  const auto skipped = std::count_if(problems.begin(), problems.end(),
                                     [](const AuditProblem& p) { return p.skipped; });
  if (skipped > 0) {
    out += ", " + std::to_string(skipped) +
           " entrée(s) écartée(s) (liens, fichiers spéciaux, entrées d'archive)";
  }
  out += ".\n";
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
