// Tender metadata read from the text: labels ("Pouvoir adjudicateur :", "Date limite de
// réception des offres") followed by their value, procedure phrases, lots, CPV codes and
// place names. Every value keeps the span it was read from.

#include <algorithm>
#include <array>
#include <set>

#include "analysis.hpp"
#include "departements.hpp"
#include "match.hpp"
#include "vigie/analysis/text_tools.hpp"
#include "vigie/ingest/utf8.hpp"

namespace vigie::analysis::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Every label and phrase the reader looks for, found in one pass over the window.
constexpr std::array<std::string_view, 107> k_labels = {
    "nom et adresse officiels de l'organisme acheteur",
    "nom complet de l'acheteur",
    "nom de l'acheteur",
    "identification de l'acheteur",
    "identification du pouvoir adjudicateur",
    "pouvoir adjudicateur",
    "entite adjudicatrice",
    "acheteur public",
    "personne publique",
    "acheteur",
    "maitre d'ouvrage",
    "maitrise d'ouvrage",
    "ville de ",
    "ville d'",
    "commune de ",
    "commune d'",
    "mairie de ",
    "mairie d'",
    "mairie du ",
    "commune du ",
    "objet du marche",
    "objet de la consultation",
    "objet de l'accord-cadre",
    "objet du contrat",
    "objet de la mission",
    "objet des prestations",
    "objet du present marche",
    "objet du present cahier",
    "objet :",
    "a pour objet",
    "porte sur",
    "ont pour objet",
    "marche no",
    "consultation no",
    "reference de la consultation",
    "reference du marche",
    "reference de l'avis",
    "numero de la consultation",
    "numero de consultation",
    "numero du marche",
    "reference :",
    "date limite de reception des offres",
    "date limite de remise des offres",
    "date limite de reception des plis",
    "date limite de remise des plis",
    "date et heure limites de reception",
    "date limite de depot des offres",
    "date limite de reception des candidatures",
    "date limite de remise",
    "date limite de reception",
    "remise des offres",
    "date limite",
    "montant estime",
    "montant previsionnel",
    "montant maximum",
    "montant maximal",
    "valeur estimee",
    "estimation",
    "montant global",
    "budget",
    "enveloppe",
    "montant",
    "duree du marche",
    "duree de l'accord-cadre",
    "duree du contrat",
    "duree de la mission",
    "duree d'execution",
    "delai d'execution",
    "duree globale",
    "duree",
    "procedure adaptee",
    "marche a procedure adaptee",
    "mapa",
    "appel d'offres ouvert",
    "appel d'offres restreint",
    "procedure concurrentielle avec negociation",
    "procedure avec negociation",
    "procedure negociee",
    "dialogue competitif",
    "sans publicite ni mise en concurrence",
    "concours restreint",
    "accord-cadre a bons de commande",
    "accord-cadre mono-attributaire a bons de commande",
    "bons de commande",
    "marches subsequents",
    "accord-cadre",
    "tranche optionnelle",
    "tranches optionnelles",
    "tranche conditionnelle",
    "variantes sont autorisees",
    "variantes autorisees",
    "n'est pas alloti",
    "non alloti",
    "pas d'allotissement",
    "lot unique",
    "ne fait pas l'objet d'un allotissement",
    "ne fait pas l'objet d'une decomposition en lots",
    "pas decompose en lots",
    "n'est pas decompose en lots",
    "lot",
    "departement",
    "quartier de la ",
    "quartier des ",
    "quartier du ",
    "quartier de ",
    "quartier d'",
    "quartier ",
};

const PhraseSet& label_set() {
  static const PhraseSet set{std::vector<std::string_view>(k_labels.begin(), k_labels.end())};
  return set;
}

struct Ctx {
  const AnalyzedDocument& a;
  std::string_view folded;                     // the whole folded text
  std::string_view window;                     // its first bytes, where metadata is searched
  std::vector<std::vector<std::size_t>> hits;  // of label_set() in window

  // The first occurrence of `label` at or after `from` in the window.
  [[nodiscard]] std::size_t find(std::string_view label, std::size_t from = 0) const {
    const auto it = std::find(k_labels.begin(), k_labels.end(), label);
    if (it == k_labels.end()) {
      return find_phrase(window, label, from);
    }
    const auto& h = hits[static_cast<std::size_t>(it - k_labels.begin())];
    const auto at = std::lower_bound(h.begin(), h.end(), from);
    return at == h.end() ? std::string_view::npos : *at;
  }

  [[nodiscard]] Field field(std::size_t begin, std::size_t end, std::string value) const {
    Field f;
    f.span = a.folded.source_span(begin, end);
    f.page = a.document.page_at(f.span.begin);
    f.text = std::string(a.document.text_of(f.span));
    std::replace(f.text.begin(), f.text.end(), '\n', ' ');
    f.value = value.empty() ? f.text : std::move(value);
    return f;
  }
  [[nodiscard]] std::string source_text(std::size_t begin, std::size_t end) const {
    std::string s(a.document.text_of(a.folded.source_span(begin, end)));
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\f', ' ');
    return s;
  }
};

// Where a label's value starts: after spaces and one of ":", "-", "=".
std::size_t value_start(std::string_view f, std::size_t at) {
  while (at < f.size() && f[at] == ' ') {
    ++at;
  }
  if (at < f.size() && (f[at] == ':' || f[at] == '-' || f[at] == '=')) {
    ++at;
  }
  while (at < f.size() && f[at] == ' ') {
    ++at;
  }
  return at;
}

// The value after a label: the rest of the block, up to `max` bytes and the first sentence
// end; when the label ends its block (a heading), the first sentence of the next block.
std::pair<std::size_t, std::size_t> value_after(std::string_view f, std::size_t label_end,
                                                std::size_t max) {
  std::size_t b = value_start(f, label_end);
  if (b >= f.size()) {
    return {b, b};
  }
  if (f[b] == '\n') {
    ++b;
  }
  std::size_t e = b;
  const std::size_t limit = std::min(f.size(), b + max);
  while (e < limit && f[e] != '\n') {
    if (f[e] == '.' && (e + 1 >= f.size() || f[e + 1] == ' ' || f[e + 1] == '\n') && e > b + 3 &&
        !(e >= 2 && f[e - 2] == ' ') && !(e >= 1 && f[e - 1] == '.')) {
      break;
    }
    ++e;
  }
  while (e > b && (f[e - 1] == ' ' || f[e - 1] == ',' || f[e - 1] == ';' || f[e - 1] == ':')) {
    --e;
  }
  return {b, e};
}

// The first occurrence, in label order, of any label followed by a usable value.
template <typename Accept>
std::optional<Field> labelled(const Ctx& c, std::initializer_list<std::string_view> labels,
                              std::size_t max, Accept&& accept) {
  for (const auto label : labels) {
    std::size_t from = 0;
    while (true) {
      const std::size_t at = c.find(label, from);
      if (at == std::string_view::npos) {
        break;
      }
      from = at + 1;
      auto [b, e] = value_after(c.window, at + label.size(), max);
      if (auto f = accept(b, e)) {
        return f;
      }
    }
  }
  return std::nullopt;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return s.starts_with(w); });
}

// A name made of capitalised words in source text, starting at `pos`: "Marseille",
// "Saint-Denis", "Aix-en-Provence", "Le Grand-Quevilly", "Vallée Sud".
std::string_view proper_name(std::string_view text, std::size_t pos) {
  static constexpr std::array<std::string_view, 12> k_links = {
      "de ", "du ", "des ", "la ", "le ", "les ", "sur ", "en ", "d'", "l'", "d’", "l’"};
  std::size_t end = pos;
  std::size_t p = pos;
  int words = 0;
  while (p < text.size() && words < 6) {
    std::size_t q = p;
    for (const auto link : k_links) {
      if (words > 0 && text.substr(p).starts_with(link)) {
        q = p + link.size();
        break;
      }
    }
    std::size_t probe = q;
    const char32_t cp = utf8::decode_utf8(text, probe);
    if (!utf8::is_upper_letter(cp)) {
      break;
    }
    std::size_t w = q;
    while (w < text.size()) {
      std::size_t next = w;
      const char32_t ch = utf8::decode_utf8(text, next);
      if (!(utf8::is_letter(ch) || ch == '-' || ch == '\'' || ch == 0x2019)) {
        break;
      }
      w = next;
    }
    while (w > q && (text[w - 1] == '-' || text[w - 1] == '\'')) {
      --w;
    }
    end = w;
    ++words;
    if (w >= text.size() || text[w] != ' ') {
      break;
    }
    p = w + 1;
  }
  return text.substr(pos, end - pos);
}

std::optional<Field> read_buyer(const Ctx& c) {
  auto accept = [&](std::size_t b, std::size_t e) -> std::optional<Field> {
    const std::string_view v = c.window.substr(b, e - b);
    // A buyer's name starts with a capital: "Ville de …", "Commune de …", "CCAS …".
    std::size_t src = c.a.folded.to_source[std::min(b, c.a.folded.text.size())];
    if (src >= c.a.document.text.size() ||
        !utf8::is_upper_letter(utf8::decode_utf8(c.a.document.text, src))) {
      return std::nullopt;
    }
    if (v.size() < 3 || starts_with_any(v, {"designe", "represente", "ci-apres", "ci-dessous",
                                            "est ", "sont ", "peut", "se reserve", "pourra", "doit",
                                            "a ", "au ", "par ", "le pouvoir"})) {
      return std::nullopt;
    }
    // Stop before the address: ", 40 rue …", ", CS 12345", " - 13002 …".
    std::size_t cut = v.size();
    for (std::size_t i = 0; i + 2 < v.size(); ++i) {
      if ((v[i] == ',' || v[i] == '-' || v[i] == '(') && v[i + 1] == ' ' && is_digit(v[i + 2])) {
        cut = i;
        break;
      }
    }
    for (const auto word :
         {", rue ", ", avenue ", ", boulevard ", ", place ", ", cs ", ", bp ", ", tel", ", tél"}) {
      if (const auto at = v.find(word); at != std::string_view::npos) {
        cut = std::min(cut, at);
      }
    }
    cut = std::min<std::size_t>(cut, 160);
    std::size_t end = b + cut;
    while (end > b && (c.window[end - 1] == ' ' || c.window[end - 1] == ',')) {
      --end;
    }
    if (end - b < 3) {
      return std::nullopt;
    }
    return c.field(b, end, {});
  };
  if (auto f = labelled(c,
                        {"nom et adresse officiels de l'organisme acheteur",
                         "nom complet de l'acheteur", "nom de l'acheteur",
                         "identification de l'acheteur", "identification du pouvoir adjudicateur",
                         "pouvoir adjudicateur", "entite adjudicatrice", "acheteur public",
                         "personne publique", "acheteur", "maitre d'ouvrage", "maitrise d'ouvrage"},
                        200, accept)) {
    return f;
  }
  // The issuing body named at the top of the title page.
  const std::string_view head = c.window.substr(0, std::min<std::size_t>(c.window.size(), 1500));
  std::size_t line = 0;
  while (line < head.size()) {
    std::size_t e = head.find('\n', line);
    if (e == std::string_view::npos) {
      e = head.size();
    }
    const std::string_view l = head.substr(line, e - line);
    if (starts_with_any(
            l, {"ville de ", "ville d'", "commune de ", "commune d'", "mairie de ", "mairie d'",
                "departement ", "conseil departemental", "conseil regional", "region ",
                "metropole ", "communaute d", "etablissement public", "ministere ", "prefecture ",
                "centre communal", "syndicat "})) {
      std::size_t end = line + std::min<std::size_t>(l.size(), 120);
      if (const auto comma = l.find(", "); comma != std::string_view::npos && comma < end - line) {
        end = line + comma;
      }
      return c.field(line, end, {});
    }
    line = e + 1;
  }
  return std::nullopt;
}

std::optional<Field> read_object(const Ctx& c) {
  auto accept = [&](std::size_t b, std::size_t e) -> std::optional<Field> {
    if (e <= b + 8) {
      return std::nullopt;
    }
    const std::string_view v = c.window.substr(b, e - b);
    if (starts_with_any(v, {"du present", "de la presente", "du marche", "des prestations"}) &&
        v.size() < 30) {
      return std::nullopt;
    }
    return c.field(b, e, {});
  };
  if (auto f = labelled(c,
                        {"objet du marche", "objet de la consultation", "objet de l'accord-cadre",
                         "objet du contrat", "objet de la mission", "objet des prestations",
                         "objet du present marche", "objet du present cahier", "objet :"},
                        400, accept)) {
    return f;
  }
  // "Le présent marché a pour objet …", "La présente consultation porte sur …": the sentence.
  for (const std::string_view verb : {"a pour objet", "porte sur", "ont pour objet"}) {
    const std::size_t at = c.find(verb);
    if (at == std::string_view::npos) {
      continue;
    }
    const std::size_t sentence_start = [&] {
      std::size_t p = at;
      while (p > 0 && c.window[p - 1] != '\n' &&
             !(c.window[p - 1] == ' ' && p >= 2 && c.window[p - 2] == '.')) {
        --p;
      }
      return p;
    }();
    auto [b, e] = value_after(c.window, at + verb.size(), 400);
    if (e > b + 8) {
      return c.field(sentence_start, e, c.source_text(b, e));
    }
  }
  return std::nullopt;
}

std::optional<Field> read_reference(const Ctx& c) {
  auto accept = [&](std::size_t b, std::size_t e) -> std::optional<Field> {
    std::size_t p = b;
    const std::string_view w = c.window;
    // Skip "n°", "no", ":" before the token.
    for (const std::string_view skip : {"n\xC2\xB0", "no ", "numero", ":"}) {
      if (w.substr(p).starts_with(skip)) {
        p = value_start(w, p + skip.size());
      }
    }
    std::size_t q = p;
    bool digit = false;
    while (q < w.size() && q < e + 40 &&
           (is_word_byte(w[q]) || w[q] == '-' || w[q] == '_' || w[q] == '/' ||
            (w[q] == '.' && q + 1 < w.size() && is_word_byte(w[q + 1])))) {
      digit = digit || is_digit(w[q]);
      ++q;
    }
    if (!digit || q - p < 3 || q - p > 40) {
      return std::nullopt;
    }
    return c.field(p, q, c.source_text(p, q));
  };
  return labelled(c,
                  {"marche n\xC2\xB0", "marche no", "consultation n\xC2\xB0", "consultation no",
                   "reference de la consultation", "reference du marche", "reference de l'avis",
                   "numero de la consultation", "numero de consultation", "numero du marche",
                   "n\xC2\xB0 de consultation", "n\xC2\xB0 de marche",
                   "reference :", "procedure n\xC2\xB0", "accord-cadre n\xC2\xB0"},
                  80, accept);
}

// The first value `read` finds within `reach` bytes after any of `labels`, in label order.
template <typename Read>
std::optional<Field> value_near_labels(const Ctx& c, std::initializer_list<std::string_view> labels,
                                       std::size_t reach, Read&& read) {
  for (const std::string_view label : labels) {
    for (std::size_t at = c.find(label); at != std::string_view::npos; at = c.find(label, at + 1)) {
      const std::size_t b = at + label.size();
      if (auto found = read(c.window.substr(b, reach))) {
        return c.field(b + found->second.begin, b + found->second.end, std::move(found->first));
      }
    }
  }
  return std::nullopt;
}

std::optional<Field> read_deadline(const Ctx& c) {
  return value_near_labels(
      c,
      {"date limite de reception des offres", "date limite de remise des offres",
       "date limite de reception des plis", "date limite de remise des plis",
       "date et heure limites de reception", "date limite de depot des offres",
       "date limite de reception des candidatures", "date limite de remise",
       "date limite de reception", "remise des offres", "date limite"},
      220, [](std::string_view after) -> std::optional<std::pair<std::string, Found>> {
        if (auto d = find_date(after)) {
          return std::make_pair(d->first.iso(), d->second);
        }
        return std::nullopt;
      });
}

std::optional<Field> read_amount(const Ctx& c) {
  return value_near_labels(
      c,
      {"montant estime", "montant previsionnel", "montant maximum", "montant maximal",
       "valeur estimee", "estimation", "montant global", "budget", "enveloppe", "montant"},
      200, [](std::string_view after) -> std::optional<std::pair<std::string, Found>> {
        if (auto m = find_amount(after)) {
          return std::make_pair(m->first.value(), m->second);
        }
        return std::nullopt;
      });
}

std::optional<Field> read_duration(const Ctx& c) {
  return value_near_labels(
      c,
      {"duree du marche", "duree de l'accord-cadre", "duree du contrat", "duree de la mission",
       "duree d'execution", "delai d'execution", "duree globale", "duree"},
      200, [](std::string_view after) { return find_duration(after); });
}

struct Named {
  std::string_view phrase;
  std::string_view name;
};

void read_procedure(const Ctx& c, TenderMetadata& t) {
  static constexpr std::array<Named, 11> k_procedures = {{
      {"procedure adaptee", "procédure adaptée"},
      {"marche a procedure adaptee", "procédure adaptée"},
      {"mapa", "procédure adaptée"},
      {"appel d'offres ouvert", "appel d'offres ouvert"},
      {"appel d'offres restreint", "appel d'offres restreint"},
      {"procedure concurrentielle avec negociation", "procédure avec négociation"},
      {"procedure avec negociation", "procédure avec négociation"},
      {"procedure negociee", "procédure avec négociation"},
      {"dialogue competitif", "dialogue compétitif"},
      {"sans publicite ni mise en concurrence", "marché sans publicité ni mise en concurrence"},
      {"concours restreint", "concours"},
  }};
  std::size_t best = std::string_view::npos;
  for (const auto& p : k_procedures) {
    const std::size_t at = c.find(p.phrase);
    if (at != std::string_view::npos && at < best) {
      best = at;
      t.procedure = c.field(at, at + p.phrase.size(), std::string(p.name));
    }
  }
  static constexpr std::array<Named, 10> k_forms = {{
      {"accord-cadre a bons de commande", "accord-cadre à bons de commande"},
      {"accord-cadre mono-attributaire a bons de commande", "accord-cadre à bons de commande"},
      {"bons de commande", "accord-cadre à bons de commande"},
      {"marches subsequents", "accord-cadre à marchés subséquents"},
      {"accord-cadre", "accord-cadre"},
      {"tranche optionnelle", "tranches optionnelles"},
      {"tranches optionnelles", "tranches optionnelles"},
      {"tranche conditionnelle", "tranches optionnelles"},
      {"variantes sont autorisees", "variantes autorisées"},
      {"variantes autorisees", "variantes autorisées"},
  }};
  std::set<std::string_view> seen;
  for (const auto& f : k_forms) {
    if (seen.contains(f.name) ||
        (f.name == "accord-cadre" && (seen.contains("accord-cadre à bons de commande") ||
                                      seen.contains("accord-cadre à marchés subséquents")))) {
      continue;
    }
    const std::size_t at = c.find(f.phrase);
    if (at != std::string_view::npos) {
      seen.insert(f.name);
      t.contract_forms.push_back(c.field(at, at + f.phrase.size(), std::string(f.name)));
    }
  }
}

void read_lots(const Ctx& c, TenderMetadata& t) {
  for (const auto phrase :
       {"n'est pas alloti", "non alloti", "pas d'allotissement", "lot unique",
        "ne fait pas l'objet d'un allotissement", "ne fait pas l'objet d'une decomposition en lots",
        "pas decompose en lots", "n'est pas decompose en lots"}) {
    if (c.find(phrase) != std::string_view::npos) {
      t.single_lot = true;
      break;
    }
  }
  std::set<std::string> numbers;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = c.find("lot", from);
    if (at == std::string_view::npos) {
      break;
    }
    from = at + 1;
    // Only at the start of a block or after a list bullet: "Lot n° 2 : Menuiserie".
    if (at > 0 && c.window[at - 1] != '\n' &&
        !(at > 1 && c.window[at - 1] == ' ' &&
          (c.window[at - 2] == '-' || c.window[at - 2] == '\n'))) {
      continue;
    }
    std::size_t p = at + 3;
    while (p < c.window.size() && c.window[p] == ' ') {
      ++p;
    }
    for (const std::string_view skip : {"n\xC2\xB0", "no", "numero"}) {
      if (c.window.substr(p).starts_with(skip)) {
        p += skip.size();
        while (p < c.window.size() && c.window[p] == ' ') {
          ++p;
        }
        break;
      }
    }
    const std::size_t nb = p;
    while (p < c.window.size() && is_digit(c.window[p])) {
      ++p;
    }
    if (p == nb || p - nb > 3 || (p < c.window.size() && is_word_byte(c.window[p]))) {
      continue;
    }
    const std::string number(c.window.substr(nb, p - nb));
    std::size_t tb = value_start(c.window, p);
    std::size_t te = tb;
    while (te < c.window.size() && c.window[te] != '\n' && te - tb < 160) {
      ++te;
    }
    if (numbers.contains(number) || te <= tb) {
      continue;
    }
    numbers.insert(number);
    Lot lot;
    lot.number = number;
    lot.title = c.source_text(tb, te);
    // The title ends with its line in the source ("Lot 1 : VRD" then the next paragraph).
    const Span ts = c.a.folded.source_span(tb, te);
    const std::string_view raw = c.a.document.text_of(ts);
    if (const auto nl = raw.find('\n'); nl != std::string_view::npos) {
      lot.title = std::string(raw.substr(0, nl));
      te = c.a.folded.folded_offset(ts.begin + nl);
    }
    lot.span = c.a.folded.source_span(at, te);
    lot.page = c.a.document.page_at(lot.span.begin);
    t.lots.push_back(std::move(lot));
  }
}

void read_cpv(const Ctx& c, TenderMetadata& t) {
  const std::string_view f = c.folded;
  std::set<std::string> seen;
  std::size_t i = 0;
  while (i < f.size()) {
    if (!is_digit(f[i]) || (i > 0 && is_word_byte(f[i - 1]))) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < f.size() && is_digit(f[e])) {
      ++e;
    }
    if (e - i == 8 && e + 1 < f.size() && f[e] == '-' && is_digit(f[e + 1]) &&
        (e + 2 >= f.size() || !is_word_byte(f[e + 2]))) {
      const std::string code(f.substr(i, 10));
      // CPV divisions run from 03 to 98.
      const int division = (f[i] - '0') * 10 + (f[i + 1] - '0');
      if (division >= 3 && division <= 98 && !seen.contains(code)) {
        seen.insert(code);
        t.cpv.push_back(c.field(i, e + 2, code));
      }
    }
    i = e;
  }
}

// The first proper name that follows one of `leads` (tried in order), with its span.
std::optional<Field> name_after(const Ctx& c, std::initializer_list<std::string_view> leads) {
  for (const std::string_view lead : leads) {
    for (std::size_t at = c.find(lead); at != std::string_view::npos; at = c.find(lead, at + 1)) {
      const std::size_t fb = at + lead.size();
      const Span s = c.a.folded.source_span(fb, fb + 1);
      const std::string_view name = proper_name(c.a.document.text, s.begin);
      if (name.size() >= 2) {
        const std::size_t fe = c.a.folded.folded_offset(s.begin + name.size());
        return c.field(fb, fe, std::string(name));
      }
    }
  }
  return std::nullopt;
}

void read_place(const Ctx& c, TenderMetadata& t) {
  const std::string& src = c.a.document.text;
  // Commune: "Ville de X", "Commune de X", "Mairie de X"; else "13002 Marseille".
  t.commune = name_after(c, {"ville de ", "commune de ", "mairie de ", "ville d'", "commune d'",
                             "mairie d'", "mairie du ", "commune du "});
  // Postal code: gives the département, and the commune when still unknown.
  std::size_t i = 0;
  const std::string_view w = c.window;
  while (i + 5 < w.size() && !t.departement) {
    if (!is_digit(w[i]) ||
        (i > 0 && (is_word_byte(w[i - 1]) || w[i - 1] == '-' || w[i - 1] == '.'))) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < w.size() && is_digit(w[e])) {
      ++e;
    }
    if (e - i == 5 && e + 1 < w.size() && w[e] == ' ') {
      const Span s = c.a.folded.source_span(e + 1, e + 2);
      const std::string_view name = proper_name(src, s.begin);
      if (name.size() >= 2) {
        std::string code(w.substr(i, 2));
        if (code == "97") {
          code = std::string(w.substr(i, 3));
        } else if (code == "20") {
          code = w[i + 2] < '2' ? "2A" : "2B";
        }
        for (const auto& d : k_departements) {
          if (d.code == code) {
            t.departement = c.field(i, i + 5, std::string(d.code) + " " + std::string(d.name));
            break;
          }
        }
        if (!t.commune) {
          const std::size_t fe = c.a.folded.folded_offset(s.begin + name.size());
          t.commune = c.field(e + 1, fe, std::string(name));
        }
      }
    }
    i = e;
  }
  // Département by name: "département des Bouches-du-Rhône".
  if (!t.departement) {
    std::size_t from = 0;
    while (!t.departement) {
      const std::size_t at = c.find("departement", from);
      if (at == std::string_view::npos) {
        break;
      }
      from = at + 1;
      std::size_t p = at + 11;
      for (const std::string_view lead : {" des ", " de la ", " de l'", " du ", " de ", " d'"}) {
        if (w.substr(p).starts_with(lead)) {
          p += lead.size();
          break;
        }
      }
      static const std::vector<std::string> folded_names = [] {
        std::vector<std::string> v;
        for (const auto& d : k_departements) {
          v.push_back(fold_string(d.name));
        }
        return v;
      }();
      for (std::size_t k = 0; k < k_departements.size(); ++k) {
        const auto& d = k_departements[k];
        const std::string& folded_name = folded_names[k];
        if (find_phrase(w.substr(p, folded_name.size() + 1), folded_name) == 0) {
          t.departement =
              c.field(p, p + folded_name.size(), std::string(d.code) + " " + std::string(d.name));
          break;
        }
      }
    }
  }
  // Quartier: "quartier de Noailles", "quartier des Crottes"; not "quartier prioritaire".
  t.quartier = name_after(c, {"quartier de la ", "quartier des ", "quartier du ", "quartier de ",
                              "quartier d'", "quartier "});
}

// Running headers often carry the buyer and the reference when the body does not
// ("Ville de Marseille – DEP", "Marché n° 2026-DEP-014"). Such a value has no body span.
void read_furniture(const AnalyzedDocument& a, TenderMetadata& t) {
  for (const auto& fu : a.document.furniture) {
    if (fu.placement == ingest::Placement::watermark) {
      continue;
    }
    const std::string f = fold_string(fu.text);
    if (!t.buyer &&
        starts_with_any(f, {"ville de ", "ville d'", "commune de ", "commune d'", "mairie de ",
                            "departement ", "metropole ", "region ", "communaute d"})) {
      std::string value = fu.text;
      for (const std::string_view sep : {" – ", " - ", " | ", ", "}) {
        if (const auto cut = value.find(sep); cut != std::string::npos) {
          value.resize(cut);
        }
      }
      // A header may hold the reference after the buyer: "Département de X Consultation n° …".
      const std::string fv = fold_string(value);
      for (const std::string_view label : {" consultation", " marche n", " reference", " ref."}) {
        if (const auto cut = fv.find(label); cut != std::string::npos) {
          const FoldedText ft = fold(value);
          value.resize(ft.source_span(0, cut).end);
          break;
        }
      }
      Field field;
      field.value = value;
      field.text = fu.text;
      field.page = fu.page;
      t.buyer = std::move(field);
    }
    if (!t.reference) {
      for (const std::string_view label :
           {"marche n\xC2\xB0", "consultation n\xC2\xB0", "reference"}) {
        const std::size_t at = find_phrase(f, label);
        if (at == std::string_view::npos) {
          continue;
        }
        std::size_t p = value_start(f, at + label.size());
        std::size_t q = p;
        bool digit = false;
        while (q < f.size() && (is_word_byte(f[q]) || f[q] == '-' || f[q] == '_' || f[q] == '/')) {
          digit = digit || is_digit(f[q]);
          ++q;
        }
        if (digit && q - p >= 3) {
          const FoldedText ft = fold(fu.text);
          Field field;
          const Span sp = ft.source_span(p, q);
          field.value = fu.text.substr(sp.begin, sp.size());
          field.text = fu.text;
          field.page = fu.page;
          t.reference = std::move(field);
          break;
        }
      }
    }
  }
}

// "Ville de Marseille" gives the commune, "Département des Alpes-de-Haute-Provence" the
// département, when the text gives neither elsewhere. The value keeps the buyer's span.
void place_from_buyer(TenderMetadata& t) {
  if (!t.buyer) {
    return;
  }
  const std::string& name = t.buyer->value;
  const std::string f = fold_string(name);
  if (!t.commune) {
    for (const std::string_view lead :
         {"ville de ", "commune de ", "mairie de ", "ville d'", "commune d'"}) {
      if (f.starts_with(lead)) {
        const FoldedText ft = fold(name);
        const Span s = ft.source_span(lead.size(), lead.size() + 1);
        const std::string_view commune = proper_name(name, s.begin);
        if (commune.size() >= 2) {
          Field field = *t.buyer;
          field.value = std::string(commune);
          t.commune = std::move(field);
        }
        break;
      }
    }
  }
  // "Département des X", or "Commune de Y (X)".
  if (!t.departement && (f.starts_with("departement") || f.find('(') != std::string::npos)) {
    for (const auto& d : k_departements) {
      const std::string dn = fold_string(d.name);
      if (f.find(f.starts_with("departement") ? dn : "(" + dn + ")") != std::string::npos) {
        Field field = *t.buyer;
        field.value = std::string(d.code) + " " + std::string(d.name);
        t.departement = std::move(field);
        break;
      }
    }
  }
}

}  // namespace

TenderMetadata read_tender(const AnalyzedDocument& a, const AnalyzeOptions& options) {
  const std::string_view folded = a.folded.text;
  Ctx c{a, folded, folded.substr(0, std::min(folded.size(), options.metadata_window)), {}};
  c.hits = label_set().all_hits(c.window, 256);
  TenderMetadata t;
  t.buyer = read_buyer(c);
  t.object = read_object(c);
  read_procedure(c, t);
  t.reference = read_reference(c);
  t.deadline = read_deadline(c);
  t.amount = read_amount(c);
  t.duration = read_duration(c);
  read_lots(c, t);
  read_cpv(c, t);
  read_place(c, t);
  read_furniture(a, t);
  place_from_buyer(t);
  return t;
}

}  // namespace vigie::analysis::detail
