#include "check_report.hpp"

#include <algorithm>

#include "analysis_json.hpp"
#include "terminal.hpp"
#include "vigie/base/utf8.hpp"

namespace vigie::cli {

using analysis::AnalyzedDocument;
using rules::Finding;
using rules::Severity;
using rules::Status;

namespace report_detail {

namespace {

// White space runs become one space; `trim` drops them at both ends.
std::string collapse(std::string_view s, bool trim) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (const char c : s) {
    if (c == '\n' || c == '\t' || c == '\f' || c == ' ') {
      space = true;
      continue;
    }
    if (space && (!out.empty() || !trim)) {
      out += ' ';
    }
    space = false;
    out += c;
  }
  if (space && !trim) {
    out += ' ';
  }
  return out;
}

constexpr std::size_t k_passage_max = 420;
constexpr std::size_t k_context_before = 160;

Passage make_passage(const AnalyzedDocument& a, ingest::Span sentence,
                     std::vector<ingest::Span> marks) {
  Passage p;
  std::size_t b = sentence.begin;
  std::size_t e = sentence.end;
  const std::string& text = a.document.text;
  std::sort(marks.begin(), marks.end(),
            [](const ingest::Span& x, const ingest::Span& y) { return x.begin < y.begin; });
  if (e - b > k_passage_max) {
    const std::size_t anchor = marks.empty() ? b : std::max(b, marks.front().begin);
    if (anchor > b + k_context_before) {
      b = anchor - k_context_before;
      while (b < e && (utf8::is_continuation(text[b]) || text[b] != ' ')) {
        ++b;
      }
      p.before_ellipsis = "… ";
    }
    if (e > b + k_passage_max) {
      e = b + k_passage_max;
      while (e > b && (utf8::is_continuation(text[e]) || text[e] != ' ')) {
        --e;
      }
      p.after_ellipsis = " …";
    }
  }
  std::size_t at = b;
  for (const auto& m : marks) {
    const std::size_t mb = std::clamp(m.begin, b, e);
    const std::size_t me = std::clamp(m.end, b, e);
    if (mb < at || me <= mb) {
      continue;
    }
    p.pieces.push_back(collapse(std::string_view(text).substr(at, mb - at), false));
    p.pieces.push_back(collapse(std::string_view(text).substr(mb, me - mb), false));
    at = me;
  }
  p.pieces.push_back(collapse(std::string_view(text).substr(at, e - at), false));
  return p;
}

}  // namespace

std::string one_line(std::string_view s) { return collapse(s, true); }

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Passage passage(const AnalyzedDocument& a, const Finding& f) {
  return make_passage(a, f.where->sentence, f.marks);
}

Passage passage(const AnalyzedDocument& a, const rules::Evidence& e) {
  return make_passage(a, e.sentence, {e.span});
}

std::string section_title(const AnalyzedDocument& a, int section) {
  if (section < 0 || static_cast<std::size_t>(section) >= a.sections.size()) {
    return {};
  }
  return one_line(a.text_of(a.sections[static_cast<std::size_t>(section)].heading));
}

std::string severity_plural(Severity s) {
  switch (s) {
    case Severity::erreur:
      return "Erreurs";
    case Severity::avertissement:
      return "Avertissements";
    case Severity::suggestion:
      return "Suggestions";
  }
  return "";
}

std::string status_fr(Status s, rules::RuleType type) {
  const bool flag = rules::is_flag(type);
  switch (s) {
    case Status::present:
      return flag ? "à revoir" : "présent";
    case Status::absent:
      return flag ? "rien à signaler" : "absent";
    case Status::contradicted:
      return "contredit";
    case Status::not_applicable:
      return "non applicable";
  }
  return "";
}

}  // namespace report_detail

using namespace report_detail;

namespace {

nlohmann::ordered_json span_json(ingest::Span s) {
  return nlohmann::ordered_json::array({s.begin, s.end});
}

nlohmann::ordered_json evidence_json(const AnalyzedDocument& a, const rules::Evidence& e) {
  nlohmann::ordered_json j;
  j["page"] = e.page;
  j["section"] = e.section >= 0 ? nlohmann::ordered_json(section_title(a, e.section)) : nullptr;
  j["text"] = one_line(a.text_of(e.span));
  j["span"] = span_json(e.span);
  j["sentence"] = one_line(a.text_of(e.sentence));
  j["negated"] = e.negated;
  return j;
}

nlohmann::ordered_json level_json(const std::optional<rules::Level>& l) {
  return l ? nlohmann::ordered_json(std::string(rules::to_string(*l)))
           : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json check_to_json(const CheckedDocument& doc, const rules::Engine& engine) {
  const auto& a = doc.analysis;
  const auto& r = doc.report;
  const bool read = doc.reading.level != ReadingLevel::none;
  nlohmann::ordered_json j;
  j["file"] = a.document.source.path;
  j["reading"] = std::string(to_string(doc.reading.level));
  j["unread_pages"] = doc.reading.unread_pages;
  j["reading_note"] = doc.reading.note.empty() ? nlohmann::ordered_json(nullptr)
                                               : nlohmann::ordered_json(doc.reading.note);
  nlohmann::ordered_json d;
  d["id"] = a.document.id;
  d["format"] = std::string(ingest::to_string(a.document.format));
  d["pages"] = a.document.pages.size();
  d["kind"] = kind_to_json(a);
  // Nothing read, nothing to say about participation (never "does not concern it").
  d["participation"] = read ? relevance_to_json(a) : nlohmann::ordered_json(nullptr);
  d["tender"] = tender_to_json(a.tender);
  j["document"] = std::move(d);
  j["rulesets"] = engine.rules().names;
  j["config"] =
      doc.config.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(doc.config);
  nlohmann::ordered_json summary;
  int waived = 0;
  for (const auto s : {Severity::erreur, Severity::avertissement, Severity::suggestion}) {
    summary[std::string(rules::to_string(s))] =
        std::count_if(r.findings.begin(), r.findings.end(),
                      [&](const Finding& f) { return !f.waived && f.severity == s; });
  }
  for (const auto& f : r.findings) {
    waived += f.waived ? 1 : 0;
  }
  summary["waived"] = waived;
  j["summary"] = std::move(summary);
  j["coverage"] = {{"applicable", r.coverage.applicable},
                   {"present", r.coverage.present},
                   {"missing", r.coverage.missing}};
  if (!read) {
    j["coverage"] = nullptr;
  }
  nlohmann::ordered_json level;
  level["applicable"] = r.level.applicable;
  level["level"] = level_json(r.level.level);
  level["declared"] = level_json(r.level.declared);
  level["means"] = level_json(r.level.means);
  level["reasons"] = nlohmann::ordered_json::array();
  for (const auto& reason : r.level.reasons) {
    nlohmann::ordered_json x;
    x["text"] = reason.text;
    x["page"] = reason.where ? nlohmann::ordered_json(reason.where->page) : nullptr;
    level["reasons"].push_back(std::move(x));
  }
  j["level"] = read ? std::move(level) : nlohmann::ordered_json(nullptr);
  j["verdicts"] = nlohmann::ordered_json::array();
  for (const auto& v : r.verdicts) {
    const auto* rule = engine.rules().find(v.rule_id);
    nlohmann::ordered_json x;
    x["rule"] = v.rule_id;
    x["title"] = rule->title;
    x["ruleset"] = rule->ruleset;
    x["type"] = std::string(rules::to_string(rule->type));
    x["severity"] = std::string(rules::to_string(rule->severity));
    x["status"] = std::string(rules::to_string(v.status));
    x["ok"] = v.ok;
    x["reason"] = v.reason;
    x["missing"] = v.missing;
    x["evidence"] = nlohmann::ordered_json::array();
    for (const auto& e : v.evidence) {
      x["evidence"].push_back(evidence_json(a, e));
    }
    if (!v.condition.empty()) {
      x["condition"] = nlohmann::ordered_json::array();
      for (const auto& e : v.condition) {
        x["condition"].push_back(evidence_json(a, e));
      }
    }
    j["verdicts"].push_back(std::move(x));
  }
  j["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : r.findings) {
    const auto* rule = engine.rules().find(f.rule_id);
    nlohmann::ordered_json x;
    x["rule"] = f.rule_id;
    x["title"] = rule->title;
    x["severity"] = std::string(rules::to_string(f.severity));
    x["kind"] = std::string(rules::to_string(f.kind));
    if (f.where) {
      x["page"] = f.where->page;
      x["section"] = f.where->section >= 0
                         ? nlohmann::ordered_json(section_title(a, f.where->section))
                         : nullptr;
      x["sentence"] = one_line(a.text_of(f.where->sentence));
      x["span"] = span_json(f.where->span);
      x["matched"] = nlohmann::ordered_json::array();
      for (const auto& m : f.marks) {
        x["matched"].push_back(one_line(a.text_of(m)));
      }
    } else {
      x["page"] = nullptr;
      x["section"] = nullptr;
      x["sentence"] = nullptr;
      x["span"] = nullptr;
      x["matched"] = nlohmann::ordered_json::array();
    }
    x["message"] = f.message;
    x["clause"] = rule->clause.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(rule->clause);
    x["advice"] = rule->advice.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(rule->advice);
    x["rationale"] = rule->rationale;
    x["waived"] = f.waived;
    x["waiver"] = f.waived ? nlohmann::ordered_json(f.waiver) : nullptr;
    j["findings"].push_back(std::move(x));
  }
  return j;
}

namespace {

struct Style {
  bool on = false;
  [[nodiscard]] std::string wrap(std::string_view code, std::string_view s) const {
    return on ? "\033[" + std::string(code) + "m" + std::string(s) + "\033[0m" : std::string(s);
  }
};

std::string severity_color(Severity s) {
  switch (s) {
    case Severity::erreur:
      return "1;31";
    case Severity::avertissement:
      return "1;33";
    case Severity::suggestion:
      return "1;36";
  }
  return "1";
}

std::string render_passage(const Passage& p, const Style& style) {
  return "« " + p.before_ellipsis + mark_matches(p.pieces, style.on) + p.after_ellipsis + " »";
}

std::string where_line(const AnalyzedDocument& a, const rules::Evidence& e) {
  std::string out = "p. " + std::to_string(e.page);
  const auto title = section_title(a, e.section);
  if (!title.empty()) {
    out += ", " + title;
  }
  return out;
}

}  // namespace

std::string check_to_text(const CheckedDocument& doc, const rules::Engine& engine, bool colors,
                          bool several) {
  const Style style{colors};
  const auto& a = doc.analysis;
  const auto& r = doc.report;
  std::string out;
  if (several) {
    out += style.wrap("1", "==> " + a.document.source.path + " <==") + "\n";
  } else {
    out += "Fichier : " + a.document.source.path + "\n";
  }
  out += "Document : " + std::string(analysis::to_string(a.kind.kind)) + " — " +
         std::string(analysis::french_name(a.kind.kind)) + ", " +
         std::to_string(a.document.pages.size()) + " page(s)\n";
  if (doc.reading.level == ReadingLevel::none) {
    out +=
        style.wrap("1;31", "Lecture : " + reading_line(doc.reading.level, doc.reading.note)) + "\n";
    out += "Constats : " + std::string(k_none_consequence) + "\n";
    if (several) {
      out += "\n";
    }
    return out;
  }
  if (doc.reading.level == ReadingLevel::partial) {
    out += style.wrap("1;33", "Lecture : " + reading_line(doc.reading.level, doc.reading.note) +
                                  " ; " + std::string(k_partial_consequence)) +
           "\n";
  }
  out += std::string("Participation du public : ") +
         (a.participation.mission    ? "oui"
          : a.participation.relevant ? "projet soumis à participation"
                                     : "non") +
         " — " + a.participation.summary + "\n";
  if (!a.participation.scope_note.empty()) {
    out += a.participation.scope_note + "\n";
  }
  if (!doc.config.empty()) {
    out += "Configuration : " + doc.config + "\n";
  }
  if (r.level.applicable) {
    out += "Niveau de participation : " +
           (r.level.level ? std::string(rules::french_name(*r.level.level)) : "indéterminé") + "\n";
    for (const auto& reason : r.level.reasons) {
      out += "  - " + one_line(reason.text) +
             (reason.where ? " (p. " + std::to_string(reason.where->page) + ")" : "") + "\n";
    }
  }
  if (r.coverage.applicable > 0) {
    out += "Critères de participation présents : " + std::to_string(r.coverage.present) + " sur " +
           std::to_string(r.coverage.applicable) + "\n";
  }
  int counts[3] = {0, 0, 0};
  int waived = 0;
  for (const auto& f : r.findings) {
    if (f.waived) {
      ++waived;
    } else {
      ++counts[static_cast<int>(f.severity)];
    }
  }
  out += "Constats : " + std::to_string(counts[0]) + " erreur(s), " + std::to_string(counts[1]) +
         " avertissement(s), " + std::to_string(counts[2]) + " suggestion(s)";
  if (waived > 0) {
    out += ", " + std::to_string(waived) + " levé(s)";
  }
  out += "\n";
  for (const auto s : {Severity::erreur, Severity::avertissement, Severity::suggestion}) {
    bool header = false;
    for (const auto& f : r.findings) {
      if (f.severity != s) {
        continue;
      }
      if (!header) {
        out += "\n" + style.wrap(severity_color(s), severity_plural(s)) + "\n";
        header = true;
      }
      const auto* rule = engine.rules().find(f.rule_id);
      std::string kind = f.kind == rules::FindingKind::absent         ? "absent"
                         : f.kind == rules::FindingKind::contradicted ? "contredit"
                                                                      : "à revoir";
      out += "  " + style.wrap("1", rule->title) + " — " + kind + " [" + f.rule_id + "]" +
             (f.waived ? " (levé)" : "") + "\n";
      if (f.where) {
        out += "    " + where_line(a, *f.where) + "\n";
        out += "    " + render_passage(passage(a, f), style) + "\n";
      }
      out += "    " + one_line(f.message) + "\n";
      if (!rule->clause.empty() && f.kind != rules::FindingKind::flagged) {
        out += "    " + style.wrap("32", "Clause type : ") + one_line(rule->clause) + "\n";
      }
      if (!rule->advice.empty() && f.kind == rules::FindingKind::flagged) {
        out += "    " + style.wrap("32", "Conseil : ") + one_line(rule->advice) + "\n";
      }
      if (f.waived) {
        out += "    Levé : " + one_line(f.waiver) + "\n";
      }
    }
  }
  out += "\n" + style.wrap("1", "Règles") + "\n";
  // The rules that do not apply are grouped by reason: one line for a dozen rules that
  // share it ("the document does not concern public participation").
  std::vector<std::pair<std::string, std::vector<std::string>>> not_applicable;
  for (const auto& v : r.verdicts) {
    const auto* rule = engine.rules().find(v.rule_id);
    if (v.status == Status::not_applicable) {
      auto it = std::find_if(not_applicable.begin(), not_applicable.end(),
                             [&](const auto& g) { return g.first == v.reason; });
      if (it == not_applicable.end()) {
        not_applicable.push_back({v.reason, {}});
        it = std::prev(not_applicable.end());
      }
      it->second.push_back(v.rule_id);
      continue;
    }
    std::string status = status_fr(v.status, rule->type);
    status.resize(std::max<std::size_t>(status.size(), 15), ' ');
    out += "  " + style.wrap(v.ok ? "32" : "31", status) + " " + v.rule_id + " — " +
           one_line(v.reason) + "\n";
  }
  for (const auto& [reason, ids] : not_applicable) {
    std::string list;
    for (const auto& id : ids) {
      list += (list.empty() ? "" : ", ") + id;
    }
    out += "  " + style.wrap("2", "non applicable") + "  " + list + " — " + one_line(reason) + "\n";
  }
  if (several) {
    out += "\n";
  }
  return out;
}

}  // namespace vigie::cli
