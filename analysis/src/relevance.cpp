// Does the document concern public participation? Either it is (or describes) a
// participation or concertation mission, or it concerns a project subject to concertation
// (urban renewal, ZAC, PLU, priority neighbourhood, redesign of a public space). The other
// meanings of the words are set aside: "conditions de participation" (taking part in the
// tender), "participation aux frais", a "réunion de concertation" between buyer and
// contractor (DOMAIN.md section 7).

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

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
constexpr std::string_view k_body = "instance de participation des habitants";

constexpr std::array<CuePhrase, 83> k_cues = {{
    {"concertation du public", Family::mission, 3, k_mission},
    {"concertation prealable", Family::mission, 3, k_mission},
    {"concertation publique", Family::mission, 3, k_mission},
    {"concertation citoyenne", Family::mission, 3, k_mission},
    {"concertation avec les habitants", Family::mission, 3, k_mission},
    {"concertation des habitants", Family::mission, 3, k_mission},
    {"concertation avec la population", Family::mission, 3, k_mission},
    {"concertation des usagers", Family::mission, 3, k_mission},
    {"concertation avec les usagers", Family::mission, 3, k_mission},
    {"phase de concertation", Family::mission, 2, k_mission},
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
    {"assemblee citoyenne", Family::mission, 3, k_mission},
    {"convention citoyenne", Family::mission, 3, k_mission},
    {"jury citoyen", Family::mission, 3, k_mission},
    {"panel citoyen", Family::mission, 3, k_mission},
    {"conference de citoyens", Family::mission, 3, k_mission},
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
    // Standing bodies through which a public takes part in local decisions.
    {"conseil de quartier", Family::mission, 2, k_body},
    {"conseils de quartier", Family::mission, 2, k_body},
    {"conseil des jeunes", Family::mission, 2, k_body},
    {"conseil municipal des jeunes", Family::mission, 2, k_body},
    {"conseil municipal des enfants", Family::mission, 2, k_body},
    {"conseil des enfants", Family::mission, 2, k_body},
    {"conseil des sages", Family::mission, 2, k_body},
    {"conseil des aines", Family::mission, 2, k_body},
    {"conseil de developpement", Family::mission, 2, k_body},
    {"comite d'usagers", Family::mission, 2, k_body},
    {"comite des usagers", Family::mission, 2, k_body},
    {"diagnostic en marchant", Family::mission, 3, k_mission},
    {"diagnostics en marchant", Family::mission, 3, k_mission},
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

// --- sections ------------------------------------------------------------------------------

// Words of a heading that name public participation ("Article 4 – Phase de concertation",
// "3.2 Information et participation des habitants"). The look-alikes are set aside first.
constexpr std::array<std::string_view, 25> k_heading_words = {{
    "concertation",
    "participation",
    "participatif",
    "participative",
    "participatifs",
    "participatives",
    "co-construction",
    "coconstruction",
    "co-conception",
    "coconception",
    "codecision",
    "association du public",
    "association des habitants",
    "consultation du public",
    "consultation des habitants",
    "consultation des usagers",
    "conseil de quartier",
    "conseils de quartier",
    "conseil des jeunes",
    "conseil municipal des jeunes",
    "conseil municipal des enfants",
    "conseil des enfants",
    "conseil des sages",
    "conseil des aines",
    "conseil de developpement",
}};

// Look-alikes of those words in a heading, beside k_lookalikes.
constexpr std::array<std::string_view, 6> k_heading_lookalikes = {{
    "participation des constructeurs",
    "participation aux benefices",
    "participation au financement",
    "participation de l'employeur",
    "participation aux depenses",
    "participation aux charges",
}};

// Words that say someone leads or designs something ("le titulaire anime", "l'organisation
// de la concertation", "ateliers animés par le titulaire").
constexpr std::array<std::string_view, 48> k_lead = {{
    // A part of the contract: what a mission, phase or stage of it holds, the contractor does.
    "mission de",     "phase",
    "volet",          "etape",
    "tranche",        "anime",
    "animent",        "animera",
    "animer",         "animes",
    "animee",         "animees",
    "animation",      "organise",
    "organisent",     "organisera",
    "organiser",      "organises",
    "organisee",      "organisees",
    "organisation",   "concoit",
    "concevoir",      "conduit",
    "conduire",       "conduite",
    "mene",           "mener",
    "menera",         "prepare*",
    "realise",        "realiser",
    "met en oeuvre",  "mettre en oeuvre",
    "mise en oeuvre", "accompagne*",
    "facilitation",   "assure",
    "assurer",        "assurera",
    "met en place",   "mettre en place",
    "mise en place",  "tient",
    "tiendra",        "propose",
    "proposer",
}};

// What is led when the contractor leads public participation. Informing residents, site
// visits, meetings with the buyer and "réunions d'information" are not among them.
constexpr std::array<std::string_view, 36> k_activities = {{
    "atelier*",
    "concertation",
    "reunion publique",
    "reunions publiques",
    "balade*",
    "promenades commentees",
    "marche exploratoire",
    "marches exploratoires",
    "diagnostic* en marchant",
    "questionnaire*",
    "enquete*",
    "debat*",
    "panel*",
    "focus group*",
    "porte-a-porte",
    "micro-trottoir*",
    "co-construction",
    "coconstruction",
    "co-conception",
    "demarche participative",
    "demarche de participation",
    "demarche d'association",
    "budget participatif",
    "jury citoyen",
    "conference de citoyens",
    "consultation du public",
    "consultation des habitants",
    "consultation des usagers",
    "participation du public",
    "participation des habitants",
    "rencontres de quartier",
    "rencontre publique",
    "rencontres publiques",
    "entretiens individuels",
    "visites a domicile",
    "diagnostic partage",
}};

bool ends_sentence(char c) { return c == '.' || c == '!' || c == '?'; }

// Whether [from, to) of `f` stays within one sentence: no sentence end, and a line break
// only after a colon or a semicolon (a list introduced by "le titulaire organise :").
bool same_sentence(std::string_view f, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < f.size(); ++i) {
    if (ends_sentence(f[i]) && (i + 1 >= f.size() || !is_word_byte(f[i + 1]))) {
      return false;
    }
    if (f[i] == '\n') {
      std::size_t j = i;
      while (j > from && (f[j - 1] == ' ' || f[j - 1] == '\n')) {
        --j;
      }
      if (j == from || (f[j - 1] != ':' && f[j - 1] != ';' && f[j - 1] != ',')) {
        return false;
      }
    }
  }
  return true;
}

std::size_t words_in(std::string_view f, std::size_t from, std::size_t to) {
  std::size_t n = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to && i < f.size(); ++i) {
    const bool w = is_word_byte(f[i]);
    n += (w && !in_word) ? 1 : 0;
    in_word = w;
  }
  return n;
}

struct Hit {
  std::size_t at = 0;
  std::size_t end = 0;
  bool strong = true;  // engagements: a verb that engages by itself, or a named démarche
};

std::vector<Hit> hits_in(const PhraseSet& set, std::string_view f, std::size_t max = 512) {
  std::vector<Hit> out;
  const auto all = set.all_hits(f, max);
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (const std::size_t at : all[i]) {
      out.push_back({at, phrase_end(f, set.phrase(i), at)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Hit& x, const Hit& y) { return x.at < y.at; });
  return out;
}

const PhraseSet& lead_set() {
  static const PhraseSet set(std::vector<std::string_view>(k_lead.begin(), k_lead.end()));
  return set;
}
const PhraseSet& activity_set() {
  static const PhraseSet set(
      std::vector<std::string_view>(k_activities.begin(), k_activities.end()));
  return set;
}
const PhraseSet& heading_set() {
  static const PhraseSet set(
      std::vector<std::string_view>(k_heading_words.begin(), k_heading_words.end()));
  return set;
}
const PhraseSet& heading_lookalike_set() {
  static const PhraseSet set = [] {
    std::vector<std::string_view> v;
    for (const auto& l : k_lookalikes) {
      v.push_back(l.phrase);
    }
    v.insert(v.end(), k_heading_lookalikes.begin(), k_heading_lookalikes.end());
    return PhraseSet(std::move(v));
  }();
  return set;
}

// Engaging the public in other words than the fixed phrases: a verb or noun of engagement
// followed, within three words of the same sentence, by the people a project concerns
// ("associer les habitants du quartier", "l'écoute des usagers", "temps d'échange avec les
// riverains", "recueillir l'avis des locataires"). Informing them is not engaging them.
constexpr std::array<std::string_view, 56> k_engage = {{
    "associer",         "associera",        "associeront",      "associant",      "associe",
    "associes",         "associee",         "associees",        "association",    "impliquer",
    "implique",         "impliquera",       "implication",      "mobiliser",      "mobilise",
    "mobilisera",       "mobilisation",     "consulter",        "consulte",       "consultes",
    "consultera",       "consultation",     "concerter",        "ecouter",        "ecoute",
    "rencontrer",       "rencontre",        "rencontres",       "interroger",     "interroges",
    "interrogera",      "sonder",           "recueillir",       "recueil",        "recueille",
    "recueillera",      "dialoguer",        "dialogue",         "echanger",       "echange",
    "echanges",         "parole",           "contributions",    "expression",     "co-concevoir",
    "coconcevoir",      "faire participer", "faire contribuer", "accompagnement", "accompagner",
    "donner la parole", "travailler avec",  "construire avec",  "concevoir avec", "mediation entre",
    "mediation avec",
}};

constexpr std::array<std::string_view, 42> k_publics = {{
    "habitant*",
    "riverain*",
    "usager*",
    "population*",
    "citoyen*",
    "citoyenne*",
    "locataire*",
    "commercant*",
    "famille*",
    "parents",
    "jeunes",
    "enfants",
    "eleves",
    "collegiens",
    "lyceens",
    "seniors",
    "aines",
    "le public",
    "du public",
    "residents",
    "beneficiaires",
    "acteurs locaux",
    "acteurs du quartier",
    "forces vives",
    "associations",
    "participants",
    "promeneurs",
    "visiteurs",
    "adherents",
    "personnes concernees",
    "personnes agees",
    "personnes handicapees",
    "voisins",
    "salaries",
    "acteurs",
    "producteurs",
    "consommateurs",
    "agriculteurs",
    "au public",
    "les publics",
    "des publics",
    "aux publics",
}};

const PhraseSet& engage_set() {
  static const PhraseSet set(std::vector<std::string_view>(k_engage.begin(), k_engage.end()));
  return set;
}
const PhraseSet& public_set() {
  static const PhraseSet set(std::vector<std::string_view>(k_publics.begin(), k_publics.end()));
  return set;
}

// Words of engagement that also name a service to users ("l'écoute des usagers" of a call
// centre, "rencontre avec les riverains" of a works site): weak, unless a mission, phase or
// démarche names them ("mission d'écoute des producteurs").
bool weak_engagement(std::string_view word) {
  for (const auto w : {"ecout", "rencontr", "echang", "dialogu", "parole", "contributions",
                       "expression", "recueil", "interrog", "sond", "accompagn", "mediation"}) {
    if (word.starts_with(w)) {
      return true;
    }
  }
  return false;
}

bool named_as_a_demarche(std::string_view f, std::size_t at) {
  const std::string_view before = f.substr(at > 24 ? at - 24 : 0, at > 24 ? 24 : at);
  for (const auto w : {"mission de ", "mission d'", "phase de ", "phase d'", "demarche de ",
                       "demarche d'", "temps de ", "temps d'", "dispositif de ", "dispositif d'"}) {
    if (before.ends_with(w)) {
      return true;
    }
  }
  return false;
}

// Engagements of the public within folded [b, e), negated ones left out.
// `support`: accompanying people ("accompagnement des habitants") counts too; it engages
// them only when a title names it, elsewhere it is support work (a social worker's).
std::vector<Hit> engagements(std::string_view f, std::size_t b, std::size_t e,
                             bool support = false) {
  std::vector<Hit> out;
  if (b >= e) {
    return out;
  }
  const std::string_view part = f.substr(b, e - b);
  const std::vector<Hit> verbs = hits_in(engage_set(), part);
  if (verbs.empty()) {
    return out;
  }
  const std::vector<Hit> people = hits_in(public_set(), part);
  std::size_t k = 0;
  for (const Hit& v : verbs) {
    if (!support && part.substr(v.at, 9) == "accompagn") {
      continue;
    }
    while (k < people.size() && people[k].at < v.end) {
      ++k;
    }
    if (k == people.size()) {
      break;
    }
    const Hit& p = people[k];
    if (words_in(part, v.end, p.at) > 3 || !same_sentence(part, v.end, p.at)) {
      continue;
    }
    std::size_t sb = v.at;
    while (sb > 0 && !ends_sentence(part[sb - 1]) && part[sb - 1] != '\n') {
      --sb;
    }
    std::size_t se = p.end;
    while (se < part.size() && !ends_sentence(part[se]) && part[se] != '\n') {
      ++se;
    }
    if (is_negated(part, v.at, v.end, sb, se)) {
      continue;
    }
    if (out.empty() || out.back().end <= b + v.at) {
      const bool strong =
          !weak_engagement(part.substr(v.at, v.end - v.at)) || named_as_a_demarche(f, b + v.at);
      out.push_back({b + v.at, b + p.end, strong});
    }
  }
  return out;
}

bool overlaps_any(const std::vector<Hit>& hits, const Hit& h) {
  return std::any_of(hits.begin(), hits.end(),
                     [&](const Hit& x) { return x.at < h.end && h.at < x.end; });
}

// "réunion publique d'information", "réunion d'information": informing, not participation.
bool informing_only(std::string_view f, const Hit& activity) {
  const std::string_view rest = f.substr(activity.end, 20);
  return rest.starts_with(" d'information") || rest.starts_with(" d' information");
}

// "enquête de satisfaction", "questionnaire de satisfaction": a service measuring its
// quality, not the public taking part in a decision.
bool satisfaction_survey(std::string_view f, const Hit& activity) {
  return f.substr(activity.end, 17).find("satisfaction") != std::string_view::npos;
}

// How many different participation activities the folded text names (workshops, a
// questionnaire, walks…), look-alikes and satisfaction surveys of a service apart.
std::size_t activity_kinds(std::string_view f) {
  const std::vector<Hit> lookalikes = hits_in(heading_lookalike_set(), f);
  std::vector<std::string_view> kinds;
  for (const Hit& h : hits_in(activity_set(), f)) {
    const std::string_view word = f.substr(h.at, std::min<std::size_t>(h.end - h.at, 6));
    if (overlaps_any(lookalikes, h) || informing_only(f, h) || satisfaction_survey(f, h) ||
        std::find(kinds.begin(), kinds.end(), word) != kinds.end()) {
      continue;
    }
    kinds.push_back(word);
  }
  return kinds.size();
}

// Participation the contractor leads within folded [b, e): a leading word with an activity
// up to 12 words after it in the same sentence, or an activity followed by "animé(e)s par",
// "organisé(e)s par". Each with its folded bounds; negated ones left out.
std::vector<Hit> led_activities(std::string_view f, std::size_t b, std::size_t e,
                                std::size_t max = 3) {
  std::vector<Hit> out;
  if (b >= e) {
    return out;
  }
  const std::string_view part = f.substr(b, e - b);
  std::vector<Hit> leads = hits_in(lead_set(), part);
  std::vector<Hit> acts = hits_in(activity_set(), part);
  const std::vector<Hit> lookalikes = hits_in(heading_lookalike_set(), part);
  for (auto& h : leads) {
    h.at += b;
    h.end += b;
  }
  for (auto& h : acts) {
    h.at += b;
    h.end += b;
  }
  for (const Hit& h : engagements(f, b, e)) {
    acts.push_back(h);
  }
  std::sort(acts.begin(), acts.end(), [](const Hit& x, const Hit& y) { return x.at < y.at; });
  for (const Hit& act : acts) {
    if (out.size() >= max) {
      break;
    }
    if (informing_only(f, act) || satisfaction_survey(f, act) ||
        overlaps_any(lookalikes, {act.at >= b ? act.at : b, act.end})) {
      continue;
    }
    for (const Hit& lead : leads) {
      Hit pair;
      if (lead.end <= act.at) {
        if (words_in(f, lead.end, act.at) > 12 || !same_sentence(f, lead.end, act.at)) {
          continue;
        }
        pair = {lead.at, act.end};
      } else if (lead.at >= act.end) {
        const std::string_view after = f.substr(lead.end, 5);
        if (words_in(f, act.end, lead.at) > 3 || !same_sentence(f, act.end, lead.at) ||
            !after.starts_with(" par ")) {
          continue;
        }
        pair = {act.at, lead.end};
      } else {
        continue;
      }
      // The sentence around the pair, for negation ("le titulaire n'anime pas d'atelier").
      std::size_t sb = pair.at;
      while (sb > b && !ends_sentence(f[sb - 1]) && f[sb - 1] != '\n') {
        --sb;
      }
      std::size_t se = pair.end;
      while (se < e && !ends_sentence(f[se]) && f[se] != '\n') {
        ++se;
      }
      if (is_negated(f, lead.at, lead.end, sb, se) || is_negated(f, act.at, act.end, sb, se)) {
        continue;
      }
      if (out.empty() || out.back().end <= pair.at) {
        out.push_back(pair);
      }
      break;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += sep;
    }
    out += parts[i];
  }
  return out;
}

// Whether the mention at `at` is named as one phase of the contract ("une phase de
// concertation avec les usagers", "un volet de concertation"): it then announces a
// participation section, not a participation mission as a whole.
bool names_a_phase(std::string_view f, std::size_t at) {
  std::size_t b = at;
  int words = 0;
  while (b > 0 && words < 4 && f[b - 1] != '\n' && !ends_sentence(f[b - 1])) {
    --b;
    if (is_word_byte(f[b]) && (b == 0 || !is_word_byte(f[b - 1]))) {
      ++words;
    }
  }
  const std::string_view before = f.substr(b, at - b);
  for (const auto w : {"phase", "phases", "volet", "volets", "etape", "etapes"}) {
    if (find_phrase(before, w) != std::string_view::npos) {
      return true;
    }
  }
  return find_phrase(f.substr(at, 30), "phase de") == 0;
}

// Folded text of a cue, trimmed of line breaks, for reasons.
std::string quoted(const AnalyzedDocument& a, std::size_t at, std::size_t end) {
  std::string t(a.document.text_of(a.folded.source_span(at, end)));
  std::replace(t.begin(), t.end(), '\n', ' ');
  std::replace(t.begin(), t.end(), '\f', ' ');
  return "« " + t + " »";
}

// The heading of a section as written, on one line.
std::string section_name(const AnalyzedDocument& a, const Section& s) {
  std::string t(a.text_of(s.heading));
  std::replace(t.begin(), t.end(), '\n', ' ');
  std::replace(t.begin(), t.end(), '\f', ' ');
  while (!t.empty() && (t.back() == ' ' || t.back() == ':')) {
    t.pop_back();
  }
  return t;
}

struct SectionFacts {
  bool heading_cue = false;
  double body_weight = 0;
  std::vector<Hit> heading_hits;
  std::vector<Hit> led;
};

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
  // The title lines: the title page before the first numbered heading ("ARTICLE 1 – OBJET",
  // "1. Objet"), where the contract names itself.
  std::size_t title_zone_end = title_end;
  for (const auto& sec : a.sections) {
    if (sec.style != HeadingStyle::styled) {
      title_zone_end = std::min(title_zone_end, a.folded.folded_offset(sec.heading.begin));
      break;
    }
  }
  // A works contract ("Travaux de …", CCAG-Travaux): its participation sections usually
  // inform residents; they make it a mission only when the contractor leads participation.
  bool works = false;
  for (const auto phrase : {"ccag-travaux", "ccag travaux", "marche de travaux",
                            "marches publics de travaux", "marche public de travaux"}) {
    works = works || find_phrase(f, phrase) != std::string_view::npos;
  }
  for (std::size_t at = find_phrase(f, "travaux"); !works && at < title_zone_end;
       at = find_phrase(f, "travaux", at + 1)) {
    works = at == 0 || f[at - 1] == '\n';  // a title line opening with "Travaux"
  }
  std::vector<Hit> toc;
  for (const auto& t : a.toc) {
    toc.push_back({a.folded.folded_offset(t.span.begin), a.folded.folded_offset(t.span.end)});
  }
  const auto in_toc = [&](std::size_t at) {
    return std::any_of(toc.begin(), toc.end(),
                       [&](const Hit& t) { return at >= t.at && at < t.end; });
  };
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
  // Every occurrence of every cue outside the table of contents (its lines repeat the
  // headings), negated mission cues apart.
  struct CueHit {
    std::size_t cue = 0;
    Hit hit;
  };
  std::vector<CueHit> cue_occurrences;
  // Strong mission cues of the title page: they announce a mission as a whole unless they
  // sit in a participation section other than the object (an article on informing
  // residents that happens to fall on the first page).
  std::vector<Hit> title_page_cues;
  const auto all_cue_hits = cue_set.all_hits(f, 256);
  for (std::size_t i = 0; i < k_cues.size(); ++i) {
    const auto& c = k_cues[i];
    bool first = true;
    for (const std::size_t at : all_cue_hits[i]) {
      if (in_toc(at)) {
        continue;
      }
      const std::size_t end = phrase_end(f, c.phrase, at);
      const bool negated = c.family == Family::mission && negated_in_paragraph(f, at, end);
      if (!negated) {
        cue_occurrences.push_back({i, {at, end}});
      }
      if (!first) {
        continue;
      }
      first = false;
      if (negated) {
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
          if (at < title_end && c.weight >= 3 && !names_a_phase(f, at)) {
            title_page_cues.push_back({at, end});
          }
        }
        strong = strong || c.weight >= 3;
      } else {
        project += weight;
      }
      r.reasons.push_back(make_cue(at, end, c.reason, weight));
    }
  }
  // Whether the document names participation activities (two kinds or more): weak words of
  // engagement ("écoute", "rencontre") count only beside them.
  std::optional<std::size_t> activity_count;
  const auto activities = [&] {
    if (!activity_count) {
      activity_count = activity_kinds(f);  // one pass over the document, on first need
    }
    return *activity_count;
  };
  const auto any_activities = [&] { return activities() >= 2; };
  // Engaging the public in other words: the first few, each a mission cue of its own
  // ("associer ses habitants", "l'écoute des usagers").
  double engaged_weight = 0;
  {
    int engaged = 0;
    // Weak words ("l'écoute des usagers", "rencontre avec les riverains") engage the public
    // only beside participation activities: a call centre listens to its users too.
    for (const Hit& h : engagements(f, 0, f.size())) {
      if (engaged == 3) {
        break;
      }
      if (in_toc(h.at) || (!h.strong && !any_activities())) {
        continue;
      }
      ++engaged;
      constexpr double k_engagement = 2;
      const double weight = h.at < title_end ? 2 * k_engagement : k_engagement;
      mission += weight;
      engaged_weight += weight;
      mission_core += k_engagement;
      r.reasons.push_back(make_cue(h.at, h.end, "association du public", weight));
    }
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
  // A title line naming participation: "Concertation relative à l'aménagement des berges",
  // "Accompagnement de la co-construction de jardins partagés". Short lines without a
  // final full stop; look-alikes ("conditions de participation") and negations set aside.
  std::optional<Cue> title_line;
  std::optional<Hit> weak_title;
  std::optional<std::size_t> led_count;
  const auto led_anywhere = [&] {
    if (!led_count) {
      led_count = led_activities(f, 0, f.size()).size();
    }
    return *led_count;
  };
  for (const auto& block : a.document.blocks) {
    const std::size_t b = a.folded.folded_offset(block.span.begin);
    const std::size_t e = a.folded.folded_offset(block.span.end);
    if (b >= title_zone_end || title_line) {
      break;
    }
    if (block.kind == ingest::BlockKind::toc_entry || e - b > 300 || e <= b || in_toc(b)) {
      continue;
    }
    const std::string_view line = f.substr(b, e - b);
    std::size_t last = line.size();
    while (last > 0 && (line[last - 1] == ' ' || line[last - 1] == '\n')) {
      --last;
    }
    if (last == 0 || line[last - 1] == '.') {
      continue;
    }
    const auto look = hits_in(heading_lookalike_set(), line);
    for (const Hit& h : hits_in(heading_set(), line)) {
      if (overlaps_any(look, h) || is_negated(line, h.at, h.end, 0, line.size())) {
        continue;
      }
      title_line = make_cue(b + h.at, b + h.end, "titre du document", 3);
      break;
    }
    if (!title_line) {
      for (const Hit& h : engagements(f, b, e, true)) {
        // A weak word ("écoute", "recueil de la parole", "accompagnement") names the
        // mission when the contractor leads participation activities in the document
        // (workshops, interviews, a questionnaire): a call centre's "écoute des usagers"
        // does not.
        if (h.strong || led_anywhere() >= 2 || activities() >= 3) {
          title_line = make_cue(h.at, h.end, "titre du document", 3);
          break;
        }
        if (!weak_title) {
          weak_title = h;
        }
      }
    }
  }
  // A weak word of engagement in the title ("recueil de la parole des jeunes") with
  // participation activities listed in the document (street meetings, a questionnaire,
  // evening workshops), even where no sentence says who leads them (a notice): the
  // document concerns participation.
  if (!title_line && !weak_title && a.tender.object && !a.tender.object->span.empty()) {
    const std::size_t ob = a.folded.folded_offset(a.tender.object->span.begin);
    const std::size_t oe = a.folded.folded_offset(a.tender.object->span.end);
    for (const Hit& h : engagements(f, ob, oe, true)) {
      weak_title = h;
      break;
    }
  }
  // The object article's first sentences say what the contract is for as the title does
  // ("La Ville confie au titulaire une mission de médiation entre les riverains…"). A works
  // contract's object article informs residents about the works: left out.
  if (!title_line && !works) {
    for (std::size_t i = 0; i < a.sections.size() && !title_line; ++i) {
      const Section& sec = a.sections[i];
      if (find_phrase(fold_string(sec.title), "objet") == std::string_view::npos) {
        continue;
      }
      const std::size_t ob = a.folded.folded_offset(sec.heading.end);
      std::size_t oe = std::min(a.folded.folded_offset(sec.span.end), ob + 600);
      for (std::size_t j = i + 1; j < a.sections.size(); ++j) {
        int p = a.sections[j].parent;
        while (p >= 0 && static_cast<std::size_t>(p) != i) {
          p = a.sections[static_cast<std::size_t>(p)].parent;
        }
        if (p < 0) {  // the next article after the object and its subsections
          oe = std::min(oe, a.folded.folded_offset(a.sections[j].heading.begin));
          break;
        }
      }
      const std::string_view text = f.substr(ob, oe > ob ? oe - ob : 0);
      const auto look = hits_in(heading_lookalike_set(), text);
      for (const Hit& h : hits_in(heading_set(), text)) {
        // "Accompagnement du conseil des jeunes", "une démarche de concertation": what the
        // contract is for, unless it is one phase of it ("dont une phase de concertation").
        // In running text the bare words name other things too ("une participation de 2 €
        // par trajet", "en concertation avec les services"): their phrases are cues.
        const std::string_view word = text.substr(h.at, h.end - h.at);
        if (word == "participation" || word == "concertation") {
          continue;
        }
        if (!overlaps_any(look, h) && !is_negated(text, h.at, h.end, 0, text.size()) &&
            !names_a_phase(f, ob + h.at)) {
          title_line = make_cue(ob + h.at, ob + h.end, "objet du marché", 3);
          break;
        }
      }
      for (const Hit& h : engagements(f, ob, oe, true)) {
        if (title_line) {
          break;
        }
        if (h.strong || led_anywhere() >= 2 || activities() >= 3) {
          title_line = make_cue(h.at, h.end, "objet du marché", 3);
          break;
        }
        if (!weak_title) {
          weak_title = h;
        }
      }
      break;  // the first object article only
    }
  }
  bool titled_with_activities = false;
  if (!title_line && weak_title && any_activities()) {
    titled_with_activities = true;
    Cue cue = make_cue(weak_title->at, weak_title->end,
                       "titre du document, avec des activités de participation", 2);
    std::erase_if(r.reasons, [&](const Cue& c) { return c.span == cue.span; });
    r.reasons.push_back(std::move(cue));
  }
  if (title_line) {
    mission_on_title_page = true;
    if (std::none_of(r.reasons.begin(), r.reasons.end(),
                     [&](const Cue& c) { return c.span == title_line->span; })) {
      r.reasons.push_back(*title_line);
    }
  }

  // --- each section on its own ---------------------------------------------------------
  const std::size_t n = a.sections.size();
  std::vector<SectionFacts> facts(n);
  std::vector<Hit> own(n);   // the section's own text: its heading to its first subsection
  std::vector<Hit> full(n);  // the section with its subsections
  for (std::size_t i = 0; i < n; ++i) {
    const Section& sec = a.sections[i];
    full[i] = {a.folded.folded_offset(sec.heading.begin), a.folded.folded_offset(sec.span.end)};
    std::size_t own_end = full[i].end;
    if (i + 1 < n && a.sections[i + 1].parent == static_cast<int>(i)) {
      own_end = a.folded.folded_offset(a.sections[i + 1].heading.begin);
    }
    own[i] = {full[i].at, std::max(full[i].at, own_end)};
    const std::size_t hb = full[i].at;
    const std::size_t he = std::max(hb, a.folded.folded_offset(sec.heading.end));
    const std::string_view heading = f.substr(hb, he - hb);
    const auto look = hits_in(heading_lookalike_set(), heading);
    for (const Hit& h : hits_in(heading_set(), heading)) {
      if (!overlaps_any(look, h) && !is_negated(heading, h.at, h.end, 0, heading.size())) {
        facts[i].heading_cue = true;
        facts[i].heading_hits.push_back({hb + h.at, hb + h.end});
      }
    }
    for (const Hit& h : engagements(f, hb, he)) {
      // "Écoute des usagers" heads a call centre's service as well: a weak word makes a
      // participation section only beside participation activities.
      if (!h.strong && !any_activities()) {
        continue;
      }
      facts[i].heading_cue = true;
      facts[i].heading_hits.push_back(h);
    }
  }
  for (const auto& occ : cue_occurrences) {
    const auto& c = k_cues[occ.cue];
    if (c.family != Family::mission) {
      continue;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (occ.hit.at >= own[i].at && occ.hit.at < own[i].end) {
        facts[i].body_weight += c.weight;
      }
    }
  }
  std::vector<bool> relevant(n, false);
  std::vector<bool> is_mission(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    relevant[i] = facts[i].heading_cue || facts[i].body_weight >= 3;
    if (relevant[i]) {
      facts[i].led = led_activities(f, full[i].at, full[i].end);
      is_mission[i] = !facts[i].led.empty();
    }
  }
  // The outermost relevant sections (a relevant subsection of a relevant section is part
  // of it), and their share of the outline's text.
  const auto outermost = [&](const std::vector<bool>& flag, std::size_t i) {
    for (int p = a.sections[i].parent; p >= 0; p = a.sections[static_cast<std::size_t>(p)].parent) {
      if (flag[static_cast<std::size_t>(p)]) {
        return false;
      }
    }
    return flag[i];
  };
  std::size_t outlined = 0;
  std::size_t covered = 0;
  bool any_mission_section = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (a.sections[i].parent < 0) {
      outlined += full[i].end - full[i].at;
    }
    if (outermost(relevant, i)) {
      covered += full[i].end - full[i].at;
    }
    any_mission_section = any_mission_section || is_mission[i];
  }
  // Mission cues outside every relevant section: participation words throughout the
  // document, not one article on informing residents.
  double core_outside = 0;
  {
    std::vector<bool> counted(k_cues.size(), false);
    for (const auto& occ : cue_occurrences) {
      const auto& c = k_cues[occ.cue];
      if (counted[occ.cue] || c.family != Family::mission || c.reason == k_legal ||
          c.phrase == "maison du projet") {
        continue;
      }
      bool inside = false;
      for (std::size_t i = 0; i < n && !inside; ++i) {
        inside = relevant[i] && occ.hit.at >= full[i].at && occ.hit.at < full[i].end;
      }
      if (!inside) {
        counted[occ.cue] = true;
        core_outside += c.weight;
      }
    }
  }
  const bool mostly_participation = outlined > 0 && 2 * covered >= outlined;
  // The title block set as a styled heading ("CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES"
  // over the contract's title, before the first numbered article) is the document naming
  // itself, not a section of it.
  const auto title_block = [&](std::size_t i) {
    return a.sections[i].style == HeadingStyle::styled && full[i].at < title_zone_end;
  };
  // A section of the contract's object, or under it ("Section II : Objet" > "Intitulé"): a
  // word-processor file marks the subsection as a heading where its PDF may not.
  const auto under_object = [&](std::size_t i) {
    for (int p = static_cast<int>(i); p >= 0; p = a.sections[static_cast<std::size_t>(p)].parent) {
      if (find_phrase(fold_string(a.sections[static_cast<std::size_t>(p)].title), "objet") !=
          std::string_view::npos) {
        return true;
      }
    }
    return false;
  };
  for (const Hit& h : title_page_cues) {
    bool in_section = false;
    for (std::size_t i = 0; i < n && !in_section; ++i) {
      in_section = relevant[i] && h.at >= full[i].at && h.at < full[i].end && !under_object(i) &&
                   !title_block(i);
    }
    mission_on_title_page = mission_on_title_page || !in_section;
  }
  // A mission as a whole: announced by its title or object, or participation words
  // outside its participation sections, or participation sections making up most of it.
  // Without a section where the contractor leads participation, participation words
  // throughout still make a mission, except in a works contract where they sit in the
  // articles on informing residents.
  const bool whole = mission_on_title_page || core_outside >= 6 ||
                     ((any_mission_section || mission_core >= 6) && mostly_participation) ||
                     (mission_core >= 6 && (n == 0 || (!works && !any_mission_section)));
  r.mission = whole || any_mission_section;
  r.scope = whole                 ? MissionScope::whole
            : any_mission_section ? MissionScope::sections
                                  : MissionScope::none;
  for (std::size_t i = 0; i < n; ++i) {
    if (!relevant[i]) {
      continue;
    }
    SectionRelevance sr;
    sr.section = i;
    sr.relevant = true;
    sr.mission = is_mission[i];
    std::vector<std::string> why;
    if (!facts[i].heading_hits.empty()) {
      const Hit& h = facts[i].heading_hits.front();
      sr.cues.push_back(make_cue(h.at, h.end, "titre de la section", 0));
      why.push_back("titre : " + quoted(a, h.at, h.end));
    }
    for (const auto& occ : cue_occurrences) {
      const auto& c = k_cues[occ.cue];
      if (c.family == Family::mission && occ.hit.at >= own[i].at && occ.hit.at < own[i].end &&
          sr.cues.size() < 4 &&
          std::none_of(facts[i].heading_hits.begin(), facts[i].heading_hits.end(),
                       [&](const Hit& h) { return h.at < occ.hit.end && occ.hit.at < h.end; })) {
        sr.cues.push_back(make_cue(occ.hit.at, occ.hit.end, c.reason, c.weight));
      }
    }
    if (sr.mission) {
      std::vector<std::string> led;
      for (const Hit& h : facts[i].led) {
        led.push_back(quoted(a, h.at, h.end));
        sr.cues.push_back(
            make_cue(h.at, h.end, "démarche de participation conduite par le titulaire", 0));
      }
      why.push_back("démarche de participation conduite par le titulaire : " + join(led, ", "));
      sr.reason = join(why, " ; ");
    } else {
      if (facts[i].heading_hits.empty()) {
        std::vector<std::string> words;
        for (const auto& c : sr.cues) {
          words.push_back("« " + c.text + " »");
        }
        why.push_back("mentionne " + join(words, ", "));
      }
      sr.reason = join(why, " ; ") +
                  " ; le titulaire n'y conduit pas de démarche de participation (il y informe, "
                  "y assiste ou la mentionne seulement)";
    }
    r.sections.push_back(std::move(sr));
  }
  std::vector<std::string> judged_names;
  if (r.scope == MissionScope::sections) {
    std::vector<std::string> judged;
    std::vector<std::string> others;
    for (const auto& sr : r.sections) {
      const Section& sec = a.sections[sr.section];
      if (sr.mission && outermost(is_mission, sr.section)) {
        r.scope_spans.push_back(Span{sec.heading.begin, sec.span.end});
        judged.push_back(section_name(a, sec) + " (" + sr.reason + ")");
        judged_names.push_back(section_name(a, sec));
      } else if (!sr.mission && outermost(relevant, sr.section)) {
        others.push_back(section_name(a, sec) + " : " + sr.reason);
      }
    }
    r.scope_note = "Sections examinées : " + join(judged, " ; ") + " ; ";
    if (!others.empty()) {
      r.scope_note += "non examinées : " + join(others, " ; ") + " ; ";
    }
    r.scope_note += "les autres sections ne concernent pas la participation du public.";
  }
  // A strong cue (a concertation of the public, its legal frame) with any other, or the
  // title page announcing such a mission, or a participation cue in a project subject to
  // concertation, or several weaker cues together. Workshops and co-construction alone are
  // not enough: they also describe work with the buyer's own staff.
  // A mission: announced by the title page or the object, or participation words throughout,
  // or a section where the contractor leads participation (a concertation phase). A project
  // document with one article on its past concertation or on informing residents is
  // relevant, not a mission.
  r.relevant = r.mission || (strong && mission >= 4) || (mission >= 2 && project >= 2) ||
               project >= 5 || engaged_weight >= 6 || titled_with_activities;
  std::stable_sort(r.reasons.begin(), r.reasons.end(), [](const Cue& x, const Cue& y) {
    return x.weight > y.weight || (x.weight == y.weight && x.span.begin < y.span.begin);
  });
  std::sort(r.set_aside.begin(), r.set_aside.end(),
            [](const Cue& x, const Cue& y) { return x.span.begin < y.span.begin; });
  if (r.scope == MissionScope::sections) {
    r.summary =
        "Le document concerne la participation du public par certaines de ses sections, "
        "où le titulaire conduit une démarche de participation : " +
        join(judged_names, " ; ") + ".";
  } else if (r.mission) {
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
