// Does the document concern public participation? Either it is (or describes) a
// participation or concertation mission, or it concerns a project subject to concertation
// (urban renewal, ZAC, PLU, priority neighbourhood, redesign of a public space). The other
// meanings of the words are set aside: "conditions de participation" (taking part in the
// tender), "participation aux frais", a "réunion de concertation" between buyer and
// contractor (DOMAIN.md section 7).

#include <algorithm>
#include <array>

#include "analysis.hpp"
#include "match.hpp"
#include "vigie/analysis/text_tools.hpp"

namespace vigie::analysis::detail {
namespace {

enum class Family { mission, project };

struct CuePhrase {
  std::string_view phrase;  // folded; a trailing '*' matches any word ending
  Family family;
  double weight;
  std::string_view reason;  // French
};

constexpr std::string_view k_mission = "démarche de participation du public";
constexpr std::string_view k_legal = "cadre légal de la concertation";
constexpr std::string_view k_renewal = "projet de renouvellement urbain";
constexpr std::string_view k_qpv = "quartier prioritaire de la politique de la ville";
constexpr std::string_view k_urbanism = "document ou opération d'urbanisme soumis à concertation";
constexpr std::string_view k_space = "réaménagement d'un espace public";

constexpr std::array<CuePhrase, 62> k_cues = {{
    {"concertation du public", Family::mission, 3, k_mission},
    {"concertation prealable", Family::mission, 3, k_mission},
    {"concertation publique", Family::mission, 3, k_mission},
    {"concertation citoyenne", Family::mission, 3, k_mission},
    {"concertation avec les habitants", Family::mission, 3, k_mission},
    {"concertation des habitants", Family::mission, 3, k_mission},
    {"concertation avec la population", Family::mission, 3, k_mission},
    {"mission de concertation", Family::mission, 3, k_mission},
    {"amo concertation", Family::mission, 3, k_mission},
    {"maitrise d'ouvrage pour la concertation", Family::mission, 3, k_mission},
    {"animation de la concertation", Family::mission, 3, k_mission},
    {"organisation de la concertation", Family::mission, 2, k_mission},
    {"co-construction", Family::mission, 2, k_mission},
    {"coconstruction", Family::mission, 2, k_mission},
    {"codecision", Family::mission, 2, k_mission},
    {"restitution publique", Family::mission, 2, k_mission},
    {"jardin partage", Family::project, 1, k_space},
    {"concertation reglementaire", Family::mission, 2, k_legal},
    {"concertation obligatoire", Family::mission, 2, k_legal},
    {"participation du public", Family::mission, 3, k_mission},
    {"participation citoyenne", Family::mission, 3, k_mission},
    {"participation des habitants", Family::mission, 3, k_mission},
    {"participation de la population", Family::mission, 3, k_mission},
    {"participation des usagers", Family::mission, 2, k_mission},
    {"participation des riverains", Family::mission, 3, k_mission},
    {"demarche participative", Family::mission, 3, k_mission},
    {"demarches participatives", Family::mission, 3, k_mission},
    {"budget participatif", Family::mission, 3, k_mission},
    {"reunion publique", Family::mission, 2, k_mission},
    {"reunions publiques", Family::mission, 2, k_mission},
    {"atelier participatif", Family::mission, 2, k_mission},
    {"ateliers participatifs", Family::mission, 2, k_mission},
    {"balades urbaines", Family::mission, 2, k_mission},
    {"balade urbaine", Family::mission, 2, k_mission},
    {"marche exploratoire", Family::mission, 2, k_mission},
    {"marches exploratoires", Family::mission, 2, k_mission},
    {"conseil citoyen", Family::mission, 2, k_mission},
    {"conseils citoyens", Family::mission, 2, k_mission},
    {"garant de la concertation", Family::mission, 3, k_mission},
    {"bilan de la concertation", Family::mission, 3, k_legal},
    {"modalites de la concertation", Family::mission, 2, k_legal},
    {"debat public", Family::mission, 2, k_mission},
    {"maison du projet", Family::mission, 2, k_mission},
    {"l103-2", Family::mission, 3, k_legal},
    {"l. 103-2", Family::mission, 3, k_legal},
    {"l.103-2", Family::mission, 3, k_legal},
    {"l300-2", Family::mission, 2, k_legal},
    {"l121-15-1", Family::mission, 3, k_legal},
    {"renouvellement urbain", Family::project, 3, k_renewal},
    {"npnru", Family::project, 3, k_renewal},
    {"anru", Family::project, 2, k_renewal},
    {"quartier prioritaire", Family::project, 3, k_qpv},
    {"quartiers prioritaires", Family::project, 3, k_qpv},
    {"qpv", Family::project, 3, k_qpv},
    {"zone d'amenagement concerte", Family::project, 3, k_urbanism},
    {"zac", Family::project, 3, k_urbanism},
    {"plan local d'urbanisme", Family::project, 3, k_urbanism},
    {"plu", Family::project, 3, k_urbanism},
    {"plui", Family::project, 3, k_urbanism},
    {"requalification de la place", Family::project, 2, k_space},
    {"requalification des espaces publics", Family::project, 2, k_space},
    {"reamenagement de la place", Family::project, 2, k_space},
}};

struct Lookalike {
  std::string_view phrase;
  std::string_view reason;
};

constexpr std::string_view k_tender = "participation à la consultation, pas du public";
constexpr std::string_view k_cost = "participation financière, pas du public";
constexpr std::string_view k_internal =
    "concertation entre l'acheteur et le titulaire, pas avec le public";

constexpr std::array<Lookalike, 16> k_lookalikes = {{
    {"conditions de participation", k_tender},
    {"condition de participation", k_tender},
    {"participation a la consultation", k_tender},
    {"participation a la procedure", k_tender},
    {"participation a la presente consultation", k_tender},
    {"participation au marche", k_tender},
    {"participation a l'appel d'offres", k_tender},
    {"participation aux frais", k_cost},
    {"participation financiere", k_cost},
    {"participation forfaitaire", k_cost},
    {"reunion de concertation", k_internal},
    {"reunions de concertation", k_internal},
    {"en concertation avec le maitre d'ouvrage", k_internal},
    {"en concertation avec la maitrise d'oeuvre", k_internal},
    {"en concertation avec le maitre d'oeuvre", k_internal},
    {"en concertation avec l'acheteur", k_internal},
}};

std::string quoted_list(const std::vector<Cue>& cues, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < cues.size() && i < max; ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += "« " + cues[i].text + " »";
    if (cues[i].page > 0) {
      out += " (p. " + std::to_string(cues[i].page) + ")";
    }
  }
  return out;
}

// Whether the mention [at, end) is negated within its paragraph.
bool negated_in_paragraph(std::string_view f, std::size_t at, std::size_t end) {
  const std::size_t nl = f.rfind('\n', at);
  const std::size_t b = nl == std::string_view::npos ? 0 : nl + 1;
  const std::size_t e = std::min(f.size(), f.find('\n', end));
  return is_negated(f, at, end, b, e);
}

}  // namespace

Relevance assess_relevance(const AnalyzedDocument& a) {
  const std::string_view f = a.folded.text;
  Relevance r;
  double mission = 0;
  double project = 0;
  bool mission_on_title_page = false;
  bool strong = false;
  // Mission cues without the title page's doubling, the legal frame and the project's premises.
  double mission_core = 0;
  // The title page: the first page, at most its first 2,000 folded bytes (a word-processor
  // file without page breaks is one long first page).
  const std::size_t title_end = std::min<std::size_t>(
      2000, a.document.pages.empty() ? f.size()
                                     : a.folded.folded_offset(a.document.pages.front().span.end));
  auto make_cue = [&](std::size_t at, std::size_t end, std::string_view reason, double weight) {
    Cue cue;
    cue.span = a.folded.source_span(at, end);
    cue.page = a.document.page_at(cue.span.begin);
    cue.text = std::string(a.document.text_of(cue.span));
    std::replace(cue.text.begin(), cue.text.end(), '\n', ' ');
    cue.reason = std::string(reason);
    cue.weight = weight;
    return cue;
  };
  static const PhraseSet cue_set = [] {
    std::vector<std::string_view> v;
    for (const auto& c : k_cues) {
      v.push_back(c.phrase);
    }
    return PhraseSet(std::move(v));
  }();
  static const PhraseSet lookalike_set = [] {
    std::vector<std::string_view> v;
    for (const auto& l : k_lookalikes) {
      v.push_back(l.phrase);
    }
    return PhraseSet(std::move(v));
  }();
  const std::vector<std::size_t> cue_hits = cue_set.first_hits(f);
  for (std::size_t i = 0; i < k_cues.size(); ++i) {
    const auto& c = k_cues[i];
    const std::size_t at = cue_hits[i];
    if (at == std::string_view::npos) {
      continue;
    }
    const std::size_t end = phrase_end(f, c.phrase, at);
    if (c.family == Family::mission && negated_in_paragraph(f, at, end)) {
      // "le présent marché ne comporte pas de mission de concertation"
      r.set_aside.push_back(make_cue(at, end, "mention négative : le document l'exclut", 0));
      continue;
    }
    // What the title page announces counts double: it says what the contract is about.
    const double weight = at < title_end ? 2 * c.weight : c.weight;
    if (c.family == Family::mission) {
      mission += weight;
      // The legal frame and the project's premises say a project is subject to
      // concertation; they do not make the document a participation mission.
      if (c.reason != k_legal && c.phrase != "maison du projet") {
        mission_core += c.weight;
      }
      strong = strong || c.weight >= 3;
      if (at < title_end && c.weight >= 3) {
        mission_on_title_page = true;
      }
    } else {
      project += weight;
    }
    r.reasons.push_back(make_cue(at, end, c.reason, weight));
  }
  const std::vector<std::size_t> lookalike_hits = lookalike_set.first_hits(f);
  for (std::size_t i = 0; i < k_lookalikes.size(); ++i) {
    const auto& l = k_lookalikes[i];
    const std::size_t at = lookalike_hits[i];
    if (at != std::string_view::npos) {
      r.set_aside.push_back(make_cue(at, at + l.phrase.size(), l.reason, 0));
    }
  }
  // Mentioned in the object of the contract: decisive.
  if (a.tender.object) {
    const std::string obj = fold_string(a.tender.object->value);
    for (const auto phrase : {"concertation", "participation du public", "participation citoyenne",
                              "demarche participative", "co-construction"}) {
      if (find_phrase(obj, phrase) != std::string_view::npos) {
        mission_on_title_page = true;
      }
    }
  }
  // A strong cue (a concertation of the public, its legal frame) with any other, or the
  // title page announcing such a mission, or a participation cue in a project subject to
  // concertation, or several weaker cues together. Workshops and co-construction alone are
  // not enough: they also describe work with the buyer's own staff.
  // A mission: announced by the title page or the object, or participation words throughout.
  // A project document with one article on its past concertation is relevant, not a mission.
  r.mission = mission_on_title_page || mission_core >= 6;
  r.relevant =
      r.mission || (strong && mission >= 4) || (mission >= 2 && project >= 2) || project >= 5;
  std::stable_sort(r.reasons.begin(), r.reasons.end(), [](const Cue& x, const Cue& y) {
    return x.weight > y.weight || (x.weight == y.weight && x.span.begin < y.span.begin);
  });
  std::sort(r.set_aside.begin(), r.set_aside.end(),
            [](const Cue& x, const Cue& y) { return x.span.begin < y.span.begin; });
  if (r.mission) {
    r.summary =
        "Le document concerne la participation du public : " + quoted_list(r.reasons, 4) + ".";
  } else if (r.relevant) {
    r.summary = "Le document concerne un projet soumis à la participation du public (" +
                quoted_list(r.reasons, 4) +
                ") mais ne décrit pas lui-même de mission de participation.";
  } else {
    r.summary =
        "Le document ne concerne pas la participation du public : il ne décrit ni démarche de "
        "participation ou de concertation du public, ni projet soumis à concertation";
    if (!r.reasons.empty()) {
      r.summary += " (indices trop faibles : " + quoted_list(r.reasons, 3) + ")";
    }
    if (!r.set_aside.empty()) {
      r.summary +=
          " ; " + quoted_list(r.set_aside, 3) + " ne désigne pas la participation du public";
    }
    r.summary += ".";
  }
  return r;
}

}  // namespace vigie::analysis::detail
