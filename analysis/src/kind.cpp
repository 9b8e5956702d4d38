// Which piece of a tender file a document is: title-page phrases weigh most, then the
// headings and body phrases each kind typically holds (DOMAIN.md section 1), then the file
// name.

#include <algorithm>
#include <array>
#include <cctype>

#include "analysis.hpp"
#include "match.hpp"

namespace vigie::analysis {
namespace detail {
namespace {

struct KindPhrase {
  std::string_view phrase;  // folded
  DocumentKind kind;
};

// Titles as they appear on a title page.
constexpr std::array<KindPhrase, 30> k_titles = {{
    {"reglement de la consultation", DocumentKind::rc},
    {"reglement de consultation", DocumentKind::rc},
    {"reglement particulier de la consultation", DocumentKind::rc},
    {"cahier des clauses administratives particulieres", DocumentKind::ccap},
    {"c.c.a.p", DocumentKind::ccap},
    {"ccap", DocumentKind::ccap},
    {"cahier des clauses techniques particulieres", DocumentKind::cctp},
    {"c.c.t.p", DocumentKind::cctp},
    {"cctp", DocumentKind::cctp},
    {"cahier des clauses particulieres", DocumentKind::ccp},
    {"c.c.p", DocumentKind::ccp},
    {"ccp", DocumentKind::ccp},
    {"acte d'engagement", DocumentKind::ae},
    {"attri1", DocumentKind::ae},
    {"avis de marche", DocumentKind::avis},
    {"avis d'appel public a la concurrence", DocumentKind::avis},
    {"avis d'appel a la concurrence", DocumentKind::avis},
    {"avis d'attribution", DocumentKind::avis},
    {"avis de concession", DocumentKind::avis},
    {"bordereau des prix unitaires", DocumentKind::bpu},
    {"bordereau de prix unitaires", DocumentKind::bpu},
    {"bordereau de prix", DocumentKind::bpu},
    {"bordereau des prix", DocumentKind::bpu},
    {"borderau de prix", DocumentKind::bpu},
    {"bpu", DocumentKind::bpu},
    {"detail quantitatif estimatif", DocumentKind::dqe},
    {"dqe", DocumentKind::dqe},
    {"decomposition du prix global et forfaitaire", DocumentKind::dpgf},
    {"decomposition du prix global forfaitaire", DocumentKind::dpgf},
    {"dpgf", DocumentKind::dpgf},
}};

// Phrases of the body (mostly headings) typical of each kind.
constexpr std::array<KindPhrase, 41> k_body = {{
    {"objet et etendue de la consultation", DocumentKind::rc},
    {"mode de passation", DocumentKind::rc},
    {"conditions d'envoi ou de remise des plis", DocumentKind::rc},
    {"conditions d'envoi et de remise des plis", DocumentKind::rc},
    {"modalites de remise des plis", DocumentKind::rc},
    {"examen des candidatures et des offres", DocumentKind::rc},
    {"jugement des offres", DocumentKind::rc},
    {"criteres d'attribution", DocumentKind::rc},
    {"contenu du dossier de consultation", DocumentKind::rc},
    {"presentation des candidatures", DocumentKind::rc},
    {"date limite de reception des offres", DocumentKind::rc},
    {"date et heure limites de remise des plis", DocumentKind::rc},
    {"pieces constitutives du marche", DocumentKind::ccap},
    {"pieces contractuelles", DocumentKind::ccap},
    {"penalites", DocumentKind::ccap},
    {"penalites de retard", DocumentKind::ccap},
    {"resiliation", DocumentKind::ccap},
    {"derogations au ccag", DocumentKind::ccap},
    {"modalites de reglement", DocumentKind::ccap},
    {"avance", DocumentKind::ccap},
    {"revision des prix", DocumentKind::ccap},
    {"forme des prix", DocumentKind::ccap},
    {"prestations attendues", DocumentKind::cctp},
    {"contenu de la mission", DocumentKind::cctp},
    {"livrables", DocumentKind::cctp},
    {"contexte", DocumentKind::cctp},
    {"specifications techniques", DocumentKind::cctp},
    {"description des prestations", DocumentKind::cctp},
    {"description des ouvrages", DocumentKind::cctp},
    {"mise en oeuvre", DocumentKind::cctp},
    {"le titulaire s'engage", DocumentKind::ae},
    {"je m'engage", DocumentKind::ae},
    {"nous nous engageons", DocumentKind::ae},
    {"identification du titulaire", DocumentKind::ae},
    {"signature du titulaire", DocumentKind::ae},
    {"section i", DocumentKind::avis},
    {"section ii", DocumentKind::avis},
    {"code cpv principal", DocumentKind::avis},
    {"prix unitaire", DocumentKind::bpu},
    {"quantite", DocumentKind::dqe},
    {"montant total", DocumentKind::dpgf},
}};

constexpr std::size_t k_kinds = 10;

template <std::size_t N>
PhraseSet phrase_set(const std::array<KindPhrase, N>& phrases) {
  std::vector<std::string_view> v;
  for (const auto& p : phrases) {
    v.push_back(p.phrase);
  }
  return PhraseSet(std::move(v));
}

std::size_t index_of(DocumentKind k) { return static_cast<std::size_t>(k); }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
  }
  return out;
}

}  // namespace

KindGuess classify(const AnalyzedDocument& a) {
  const std::string_view folded = a.folded.text;
  std::array<double, k_kinds> score{};
  std::vector<std::pair<DocumentKind, Cue>> cues;
  auto add = [&](DocumentKind kind, double weight, std::size_t at, std::size_t end,
                 std::string reason) {
    score[index_of(kind)] += weight;
    Cue cue;
    cue.weight = weight;
    cue.reason = std::move(reason);
    if (end > at) {
      cue.span = a.folded.source_span(at, end);
      cue.page = a.document.page_at(cue.span.begin);
      cue.text = std::string(a.document.text_of(cue.span));
    }
    cues.emplace_back(kind, std::move(cue));
  };

  // Title page: the first page's text, or its first 2,000 folded bytes.
  std::size_t title_end = std::min<std::size_t>(folded.size(), 2000);
  if (!a.document.pages.empty()) {
    const std::size_t page_end = a.folded.folded_offset(a.document.pages.front().span.end);
    title_end = std::min(std::max<std::size_t>(page_end, 600), title_end);
  }
  const std::string_view title_page = folded.substr(0, title_end);
  // The earliest title phrase counts most: a RC lists the CCAP and CCTP further down.
  std::vector<std::pair<std::size_t, const KindPhrase*>> titles;
  static const PhraseSet title_set = phrase_set(k_titles);
  static const PhraseSet body_set = phrase_set(k_body);
  const std::vector<std::size_t> title_hits = title_set.first_hits(title_page);
  for (std::size_t i = 0; i < k_titles.size(); ++i) {
    if (title_hits[i] != std::string_view::npos) {
      titles.emplace_back(title_hits[i], &k_titles[i]);
    }
  }
  std::sort(titles.begin(), titles.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  std::array<bool, k_kinds> titled{};
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const auto [at, t] = titles[i];
    if (titled[index_of(t->kind)]) {
      continue;
    }
    titled[index_of(t->kind)] = true;
    const double w = i == 0 ? 10.0 : 4.0;
    add(t->kind, w, at, at + t->phrase.size(),
        i == 0 ? "titre en tête du document" : "titre sur la première page");
  }

  // Declared title in the file's properties.
  if (!a.document.metadata.title.empty()) {
    const std::string meta = fold_string(a.document.metadata.title);
    for (const auto& t : k_titles) {
      if (find_phrase(meta, t.phrase) != std::string_view::npos) {
        score[index_of(t.kind)] += 3;
        Cue cue;
        cue.text = a.document.metadata.title;
        cue.reason = "titre déclaré dans les propriétés du fichier";
        cue.weight = 3;
        cues.emplace_back(t.kind, std::move(cue));
        break;
      }
    }
  }

  // Headings and body phrases, counted once each.
  // The phrases of a kind show in its first articles; 64 KiB holds them in any real file.
  const std::size_t body_end = std::min<std::size_t>(folded.size(), 64 * 1024);
  const std::string_view body = folded.substr(0, body_end);
  const std::vector<std::size_t> body_hits = body_set.first_hits(body);
  for (std::size_t i = 0; i < k_body.size(); ++i) {
    const auto& b = k_body[i];
    const std::size_t at = body_hits[i];
    if (at == std::string_view::npos) {
      continue;
    }
    // In a heading it weighs double.
    const Span src = a.folded.source_span(at, at + b.phrase.size());
    const Section* s = a.section_at(src.begin);
    const bool in_heading = s != nullptr && s->heading.contains(src.begin);
    add(b.kind, in_heading ? 2.0 : 1.0, at, at + b.phrase.size(),
        in_heading ? "titre de section typique" : "expression typique");
  }
  // Price schedules are mostly tables of prices.
  std::size_t cells = 0;
  for (const auto& block : a.document.blocks) {
    cells += block.kind == ingest::BlockKind::table_cell ? 1 : 0;
  }

  // The file name: "…_cctp.pdf", "RC.pdf", "03-CCAP.docx".
  std::string name = a.document.source.path;
  if (const auto slash = name.find_last_of("/!"); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  const std::string fname = lower_ascii(name);
  for (const auto& [code, kind] :
       std::array<std::pair<std::string_view, DocumentKind>, 9>{{{"avis", DocumentKind::avis},
                                                                 {"rc", DocumentKind::rc},
                                                                 {"ccap", DocumentKind::ccap},
                                                                 {"cctp", DocumentKind::cctp},
                                                                 {"ccp", DocumentKind::ccp},
                                                                 {"ae", DocumentKind::ae},
                                                                 {"bpu", DocumentKind::bpu},
                                                                 {"dqe", DocumentKind::dqe},
                                                                 {"dpgf", DocumentKind::dpgf}}}) {
    std::size_t at = 0;
    while ((at = fname.find(code, at)) != std::string::npos) {
      const std::size_t end = at + code.size();
      const bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(fname[at - 1]));
      const bool right =
          end >= fname.size() || !std::isalnum(static_cast<unsigned char>(fname[end]));
      if (left && right) {
        score[index_of(kind)] += 3;
        Cue cue;
        cue.text = name;
        cue.reason = "nom du fichier";
        cue.weight = 3;
        cues.emplace_back(kind, std::move(cue));
        break;
      }
      at = end;
    }
  }

  KindGuess guess;
  // A merged document: the title says "cahier des clauses particulières", or names both
  // the administrative and the technical clauses ("CCAP valant CCTP"), or the body holds
  // both sets of headings in strength.
  const double adm = score[index_of(DocumentKind::ccap)];
  const double tech = score[index_of(DocumentKind::cctp)];
  // "CCAP valant CCTP", "CCAP / CCTP": both titles at the head of the document, close together.
  bool both_in_title = false;
  std::vector<std::pair<std::size_t, const KindPhrase*>> distinct;
  for (const auto& t : titles) {
    if (std::none_of(distinct.begin(), distinct.end(),
                     [&](const auto& d) { return d.second->kind == t.second->kind; })) {
      distinct.push_back(t);
    }
  }
  if (distinct.size() >= 2) {
    const auto first = distinct[0].second->kind;
    const auto second = distinct[1].second->kind;
    const std::size_t end_first = distinct[0].first + distinct[0].second->phrase.size();
    const std::size_t gap = distinct[1].first > end_first ? distinct[1].first - end_first : 0;
    both_in_title = ((first == DocumentKind::ccap && second == DocumentKind::cctp) ||
                     (first == DocumentKind::cctp && second == DocumentKind::ccap)) &&
                    gap < 40;
  }
  if (both_in_title) {
    score[index_of(DocumentKind::ccp)] += adm + tech;
    Cue cue;
    cue.reason = "le titre réunit clauses administratives et techniques";
    cue.weight = adm + tech;
    cues.emplace_back(DocumentKind::ccp, std::move(cue));
  }

  // Price tables: a document made mostly of table cells with price words.
  for (const DocumentKind k : {DocumentKind::bpu, DocumentKind::dqe, DocumentKind::dpgf}) {
    if (score[index_of(k)] > 0 && cells > 20) {
      score[index_of(k)] += 2;
    }
  }

  std::size_t best = index_of(DocumentKind::other);
  double best_score = 0;
  double second = 0;
  for (std::size_t k = 0; k < k_kinds; ++k) {
    if (score[k] > best_score) {
      second = best_score;
      best_score = score[k];
      best = k;
    } else if (score[k] > second) {
      second = score[k];
    }
  }
  if (best_score < 3) {
    guess.kind = DocumentKind::other;
    guess.confidence = best_score > 0 ? 0.2 : 0.0;
  } else {
    guess.kind = static_cast<DocumentKind>(best);
    // Confident when the winner is strong and well ahead of the runner-up.
    const double margin = (best_score - second) / best_score;
    const double strength = std::min(1.0, best_score / 14.0);
    guess.confidence = std::clamp(0.5 * margin + 0.5 * strength, 0.05, 1.0);
  }
  // Merged: a CCP, or a CCTP that also holds its price breakdown.
  guess.merged = guess.kind == DocumentKind::ccp ||
                 (guess.kind == DocumentKind::cctp && score[index_of(DocumentKind::dpgf)] >= 4);
  // The cues that speak for the chosen kind, strongest first.
  std::vector<Cue> kept;
  for (auto& [kind, cue] : cues) {
    const bool merged_part = guess.kind == DocumentKind::ccp &&
                             (kind == DocumentKind::ccap || kind == DocumentKind::cctp);
    if (kind == guess.kind || merged_part) {
      kept.push_back(std::move(cue));
    }
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Cue& x, const Cue& y) { return x.weight > y.weight; });
  guess.cues = std::move(kept);
  return guess;
}

}  // namespace detail
}  // namespace vigie::analysis
