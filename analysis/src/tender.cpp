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
#include "vigie/base/utf8.hpp"

namespace vigie::analysis::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Every label and phrase the reader looks for, found in one pass over the window.
constexpr auto k_labels = std::to_array<std::string_view>({
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
    "numero de reference",
    "n\xC2\xB0 de consultation",
    "n\xC2\xB0 de marche",
    "reference",
    "ref",
    "marche",
    "consultation",
    "appel d'offres",
    "concours",
    "procedure",
    "cctp",
    "ccap",
    "ccp",
    "dce",
    "reference de la consultation",
    "reference du marche",
    "reference de l'avis",
    "numero de la consultation",
    "numero de consultation",
    "numero du marche",
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
    "montant",
    "valeur totale",
    "valeur estimee",
    "valeur globale",
    "estimation",
    "estime a",
    "estimee a",
    "evalue a",
    "evaluee a",
    "budget",
    "enveloppe",
    "maximum de",
    "prix global",
    "prix total",
    "duree",
    "periode",
    "delai d'execution",
    "delai global d'execution",
    "conclu pour",
    "conclue pour",
    "conclus pour",
    "conclues pour",
    "se deroule sur",
    "passe pour",
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
    "date et heure limite",
    "date et heure limites",
    "heure limite",
    "remise des plis",
    "reception des offres",
    "reception des plis",
    "au plus tard le",
    "avant le",
    "date d'edition",
    "edite le",
    "edition du",
    "version du",
    "date de publication",
    "date d'envoi",
    "mis en ligne le",
    "date de mise en ligne",
    "fait a ",
    "deliberation",
    "debutera",
    "debute",
    "commencera",
    "commence",
    "demarrera",
    "a compter du",
    "prend effet le",
    "prendra effet le",
    "date de debut",
    "nom et adresses",
    "nom et adresse",
    "objet",
    "intitule :",
    "procedure ouverte",
    "procedure restreinte",
});

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
  [[nodiscard]] const std::string& src() const { return a.document.text; }
  [[nodiscard]] std::size_t to_src(std::size_t folded_at) const {
    return a.folded.to_source[std::min(folded_at, a.folded.text.size())];
  }
  [[nodiscard]] std::size_t to_fold(std::size_t source_at) const {
    return a.folded.folded_offset(source_at);
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

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return s.starts_with(w); });
}

// Whether `s` holds any of `words` as a phrase.
template <typename Words>
bool has_any_of(std::string_view s, const Words& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
    return find_phrase(s, w) != std::string_view::npos;
  });
}
bool has_any(std::string_view s, std::initializer_list<std::string_view> words) {
  return has_any_of(s, words);
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

// The line of `w` holding offset `at`: [begin, end), lines ending at '\n' or '\f'; at
// most `reach` bytes on either side of `at` (a paragraph of a word processor is one line).
std::pair<std::size_t, std::size_t> line_around(std::string_view w, std::size_t at,
                                                std::size_t reach = 1024) {
  std::size_t b = std::min(at, w.size());
  const std::size_t low = b > reach ? b - reach : 0;
  while (b > low && w[b - 1] != '\n' && w[b - 1] != '\f') {
    --b;
  }
  std::size_t e = std::min(at, w.size());
  const std::size_t high = std::min(w.size(), e + reach);
  while (e < high && w[e] != '\n' && w[e] != '\f') {
    ++e;
  }
  return {b, e};
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || static_cast<unsigned char>(ch) >= 0x80;
  });
}

// Whether the text before a label on its line is only a numbering: "1.", "2.1 -", "II.3.",
// "Article 3 -", "a)", a bullet.
bool numbering_only(std::string_view prefix) {
  std::size_t i = 0;
  while (i < prefix.size()) {
    while (i < prefix.size() && (prefix[i] == ' ' || prefix[i] == '\t')) {
      ++i;
    }
    std::size_t e = i;
    while (e < prefix.size() && prefix[e] != ' ' && prefix[e] != '\t') {
      ++e;
    }
    const std::string_view tok = prefix.substr(i, e - i);
    i = e;
    if (tok.empty() || !has_letter(tok)) {
      continue;
    }
    if (tok == "article" || tok == "art." || tok == "chapitre") {
      continue;
    }
    // "b – " (folded "b -"): the lettered part of a form, its letter before a dash.
    if (tok.size() == 1 && tok[0] >= 'a' && tok[0] <= 'h' &&
        (prefix.substr(e) == " -" || prefix.substr(e).starts_with(" - "))) {
      continue;
    }
    // "a)", "b.", "ii.", "iv)": a letter or roman numeral closed by a point or a bracket.
    if (tok.size() <= 5 && (tok.back() == '.' || tok.back() == ')') &&
        std::all_of(tok.begin(), tok.end() - 1, [](char ch) {
          return (ch >= 'a' && ch <= 'z') || is_digit(ch) || ch == '.';
        })) {
      continue;
    }
    if (tok == "-" || static_cast<unsigned char>(tok[0]) >= 0x80) {  // a bullet
      continue;
    }
    return false;
  }
  return true;
}

// Whether the label at folded [at, end) is written as a label, not as words of a
// sentence: a colon follows it, or it opens its line (after a numbering) and ends it or is
// followed by a dash or a tab (a table's cells). Lines are those of the source text.
// Every place where one of `labels` stands in the document, in text order; at one place the
// longest label first ("date et heure limites" before "date et heure limite").
template <std::size_t N>
std::vector<std::pair<std::size_t, std::string_view>> label_hits(
    const Ctx& c, const std::array<std::string_view, N>& labels) {
  std::vector<std::pair<std::size_t, std::string_view>> found;
  for (const auto label : labels) {
    for (std::size_t at = c.find(label); at != std::string_view::npos; at = c.find(label, at + 1)) {
      found.emplace_back(at, label);
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second.size() > y.second.size();
  });
  return found;
}

bool label_context(const Ctx& c, std::size_t at, std::size_t end) {
  const std::string& t = c.src();
  const std::size_t s_at = c.to_src(at);
  std::size_t p = c.a.folded.source_span(at, end).end;
  while (p < t.size() && t[p] == ' ') {
    ++p;
  }
  if (p < t.size() && t[p] == ':') {
    return true;
  }
  // A numbering before a label is short: look at most 40 bytes back for the line's start.
  std::size_t lb = s_at;
  while (lb > 0 && s_at - lb < 40 && t[lb - 1] != '\n' && t[lb - 1] != '\f') {
    --lb;
  }
  if ((lb > 0 && t[lb - 1] != '\n' && t[lb - 1] != '\f') ||
      !numbering_only(fold_string(std::string_view(t).substr(lb, s_at - lb)))) {
    return false;
  }
  const std::size_t le = line_around(t, s_at).second;
  return p >= le || t[p] == '\t' || t[p] == '-' ||
         std::string_view(t).substr(p).starts_with("\xE2\x80\x93");
}

// The line of a label's value in the source, as folded [begin, end): the rest of the
// label's line after ":" or a dash, else the next non-blank line (a table's value cell).
std::pair<std::size_t, std::size_t> label_line_value(const Ctx& c, std::size_t at,
                                                     std::size_t end) {
  const std::string_view t = c.src();
  std::size_t p = c.a.folded.source_span(at, end).end;
  auto skip = [&] {
    while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) {
      ++p;
    }
  };
  skip();
  if (p < t.size() && (t[p] == ':' || t[p] == '-' || t[p] == '=')) {
    ++p;
  } else if (t.substr(p).starts_with("\xE2\x80\x93")) {
    p += 3;
  }
  skip();
  for (int blank = 0; p < t.size() && (t[p] == '\n' || t[p] == '\f') && blank < 2; ++blank) {
    ++p;
    skip();
  }
  std::size_t e = p;
  while (e < t.size() && t[e] != '\n' && t[e] != '\f' && !(t[e] == '\t' && e > p)) {
    ++e;
  }
  return {c.to_fold(p), c.to_fold(e)};
}

bool is_street_word(std::string_view word) {
  static constexpr std::array<std::string_view, 20> k_streets = {
      "rue",   "avenue", "av.",     "boulevard", "bd",      "allee",   "chemin",
      "route", "quai",   "impasse", "esplanade", "square",  "place",   "cours",
      "cs",    "bp",     "tel",     "tel.",      "adresse", "adresse:"};
  return std::find(k_streets.begin(), k_streets.end(), word) != k_streets.end();
}

// Where a name ends before its address in folded `v`: ", 40 rue …", " 73 rue Smith",
// " - 13002 …", " CS 12345", " 49933 Angers", " Adresse : …", a tab.
std::size_t address_cut(std::string_view v) {
  std::size_t cut = v.size();
  if (const auto tab = v.find('\t'); tab != std::string_view::npos) {
    cut = tab;
  }
  for (std::size_t i = 0; i + 2 < v.size() && i < cut; ++i) {
    if ((v[i] == ',' || v[i] == '-' || v[i] == '(') && v[i + 1] == ' ' && is_digit(v[i + 2])) {
      cut = i;
      break;
    }
  }
  std::size_t i = 0;
  while (i < cut) {
    while (i < cut && v[i] == ' ') {
      ++i;
    }
    std::size_t e = i;
    while (e < v.size() && v[e] != ' ' && v[e] != ',') {
      ++e;
    }
    const std::string_view tok = v.substr(i, e - i);
    const bool number = !tok.empty() && std::all_of(tok.begin(), tok.end(), is_digit);
    // A postcode, a street number followed by a street word, or a street word alone.
    std::size_t n = e;
    while (n < v.size() && (v[n] == ' ' || v[n] == ',')) {
      ++n;
    }
    std::size_t ne = n;
    while (ne < v.size() && v[ne] != ' ' && v[ne] != ',') {
      ++ne;
    }
    const std::string_view next = v.substr(n, ne - n);
    const bool marker =
        tok == "cs" || tok == "bp" || tok.starts_with("tel") || tok.starts_with("adresse");
    if ((number && tok.size() == 5) || (number && tok.size() <= 4 && is_street_word(next)) ||
        (i > 0 && marker)) {
      cut = std::min(cut, i);
      break;
    }
    i = e + 1;
  }
  while (cut > 0 &&
         (v[cut - 1] == ' ' || v[cut - 1] == ',' || v[cut - 1] == '-' || v[cut - 1] == '(')) {
    --cut;
  }
  return cut;
}

std::size_t word_count(std::string_view v) {
  std::size_t n = 0;
  bool in = false;
  for (const char ch : v) {
    const bool w = ch != ' ' && ch != '\n' && ch != '\t';
    n += (w && !in) ? 1 : 0;
    in = w;
  }
  return n;
}

// Whether folded `v` reads as a sentence or a clause rather than a name: a verb of its own
// ("L'acheteur du présent accord-cadre est", "Le titulaire s'engage à").
bool reads_as_clause(std::string_view v) {
  for (const std::string_view verb :
       {" est ", " sont ", " sera ", " seront ", " s'engage", " doit ", " doivent ", " peut ",
        " peuvent ", " a ete ", " agit ", " assure ", " designe "}) {
    if (v.find(verb) != std::string_view::npos) {
      return true;
    }
  }
  for (const std::string_view tail : {" est", " a", " au", " par", " de", " du", " des", " le",
                                      " la", " les", " l'", " d'", " et"}) {
    if (v.ends_with(tail)) {
      return true;
    }
  }
  return false;
}

// A buyer's name read at [b, e) of the window, cut before its address; empty when it is no
// name (a clause, another label, a party other than the buyer, too long to be a name).
std::optional<Field> buyer_name(const Ctx& c, std::size_t b, std::size_t e) {
  const std::string_view v = c.window.substr(b, e - b);
  // A buyer's name starts with a capital: "Ville de …", "Commune de …", "CCAS …".
  std::size_t src = c.a.folded.to_source[std::min(b, c.a.folded.text.size())];
  if (src >= c.a.document.text.size() ||
      !utf8::is_upper_letter(utf8::decode_utf8(c.a.document.text, src))) {
    return std::nullopt;
  }
  if (v.size() < 3 ||
      starts_with_any(
          v,
          {"designe", "represente", "ci-apres",    "ci-dessous",   "est ",        "sont ",
           "peut",    "se reserve", "pourra",      "doit",         "a ",          "au ",
           "par ",    "le pouvoir", "l'acheteur",  "le titulaire", "designation", "identification",
           "nom ",    "adresse",    "coordonnees", "representant"})) {
    return std::nullopt;
  }
  std::size_t cut = std::min<std::size_t>(address_cut(v), 160);
  // The next label of a table or a form ends the name.
  for (const std::string_view next :
       {" representant", " represente", " adresse", " telephone", " courriel", " e-mail", " siret",
        " point de contact", " acheteur", " pouvoir adjudicateur", " objet"}) {
    if (const auto at = v.find(next); at != std::string_view::npos && at < cut) {
      cut = at;
    }
  }
  while (cut > 0 && (v[cut - 1] == ' ' || v[cut - 1] == ',' || v[cut - 1] == ':')) {
    --cut;
  }
  const std::string_view name = v.substr(0, cut);
  if (cut < 3 || reads_as_clause(name) || word_count(name) > 14 ||
      name.find("titulaire") != std::string_view::npos ||
      name.find("candidat") != std::string_view::npos ||
      name.find("maitre d'oeuvre") != std::string_view::npos) {
    return std::nullopt;
  }
  return c.field(b, b + cut, {});
}

// The end of a name that starts at source line `b` and may go on over the next lines when
// they start with a link word ("COMMUNAUTÉ DE COMMUNES / DU PAYS DE FAYENCE").
std::size_t name_lines_end(const Ctx& c, std::size_t b, std::size_t limit) {
  const std::string_view t = c.src();
  std::size_t e = line_around(t, b).second;
  while (e + 1 < limit && t[e] == '\n') {
    const std::size_t next_end = line_around(t, e + 1).second;
    const std::string next =
        fold_string(t.substr(e + 1, std::min<std::size_t>(next_end - e - 1, 8)));
    if (!starts_with_any(next, {"de ", "du ", "des ", "d'", "et "})) {
      break;
    }
    e = next_end;
  }
  return e;
}

// Whether source line [b, e) is a street line of an address ("4, rue Larrey", "CS 10323",
// "1849 route départementale 19").
bool street_line(const Ctx& c, std::size_t b, std::size_t e) {
  const std::string f = fold_string(c.src().substr(b, e - b));
  return !f.empty() && address_cut(f) == 0;
}

// The buyer's address block on the first page: the lines above a line that ends with a
// postcode and a town ("49933 Angers Cedex 9"), whose first line is the buyer's name.
std::optional<Field> address_block_buyer(const Ctx& c) {
  const std::string_view t = c.src();
  const std::size_t page_end = std::min({t.find('\f'), t.size(), std::size_t{4000}});
  for (std::size_t i = 0; i + 6 < page_end; ++i) {
    if (!is_digit(t[i]) || (i > 0 && t[i - 1] != '\n' && t[i - 1] != ' ')) {
      continue;
    }
    std::size_t e = i;
    while (e < page_end && is_digit(t[e])) {
      ++e;
    }
    if (e - i != 5 || e >= page_end || t[e] != ' ' || !utf8::is_upper_letter([&] {
          std::size_t q = e + 1;
          return utf8::decode_utf8(t, q);
        }())) {
      i = e;
      continue;
    }
    // The town ends its line ("49933 Angers Cedex 9"), or the postcode opens it.
    const auto [lb, le] = line_around(t, i);
    if (i != lb && word_count(t.substr(e, le - e)) > 4) {
      i = e;
      continue;
    }
    // The block: up to 6 lines above, back to a blank line or the page's start; over one
    // blank line when the block above ends with a street line.
    std::size_t bb = lb;
    for (int lines = 0; bb > 0 && lines < 6; ++lines) {
      if (bb >= 2 && t[bb - 1] == '\n' && t[bb - 2] == '\n') {
        const auto [pb, pe] = line_around(t, bb - 2 > 0 ? bb - 3 : 0);
        if (lines == 0 && bb >= 3 && pe > pb && street_line(c, pb, pe)) {
          bb = pb;
          continue;
        }
        break;
      }
      bb = line_around(t, bb - 1).first;
    }
    if (bb == lb) {
      i = e;
      continue;
    }
    // A maître d'œuvre's or a contractor's block is not the buyer's.
    const std::string before = fold_string(t.substr(bb >= 80 ? bb - 80 : 0, bb >= 80 ? 80 : bb));
    if (before.find("maitre d'oeuvre") != std::string::npos ||
        before.find("maitrise d'oeuvre") != std::string::npos ||
        street_line(c, bb, line_around(t, bb).second)) {
      i = e;
      continue;
    }
    const std::size_t ne = std::min(name_lines_end(c, bb, lb), lb);
    if (auto f = buyer_name(c, c.to_fold(bb), c.to_fold(ne))) {
      return f;
    }
    i = e;
  }
  return std::nullopt;
}

std::optional<Field> read_buyer(const Ctx& c) {
  // Labels of the buyer, as written for a label ("Pouvoir adjudicateur :", a table's cell
  // "Acheteur"), in the order they appear.
  static constexpr std::array<std::string_view, 14> k_buyer_labels = {
      "nom et adresse officiels de l'organisme acheteur",
      "nom et adresses",
      "nom et adresse",
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
      "maitrise d'ouvrage"};
  for (const auto& [at, label] : label_hits(c, k_buyer_labels)) {
    if (!label_context(c, at, at + label.size())) {
      continue;
    }
    const std::size_t vb = label_line_value(c, at, at + label.size()).first;
    auto [b, e] = value_after(c.window, vb, 200);
    if (auto f = buyer_name(c, b, e)) {
      return f;
    }
  }
  if (auto f = address_block_buyer(c)) {
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
    if (starts_with_any(l, {"ville de ",
                            "ville d'",
                            "commune de ",
                            "commune d'",
                            "mairie de ",
                            "mairie d'",
                            "departement ",
                            "conseil departemental",
                            "conseil regional",
                            "region ",
                            "metropole ",
                            "communaute d",
                            "etablissement public",
                            "ministere ",
                            "prefecture ",
                            "centre communal",
                            "syndicat ",
                            "centre hospitalier",
                            "universite ",
                            "office public",
                            "sivom ",
                            "sivu ",
                            "fondation ",
                            "direction des achats"})) {
      std::size_t end = line + std::min<std::size_t>(l.size(), 120);
      if (const auto comma = l.find(", "); comma != std::string_view::npos && comma < end - line) {
        end = line + comma;
      }
      if (auto f = buyer_name(c, line, end)) {
        return f;
      }
    }
    line = e + 1;
  }
  return std::nullopt;
}

// Whether folded `v` is a line of a table of contents ("Objet du marché ....... 4",
// "ET LIEU D'EXÉCUTION<tab>7") or a heading's fragment ("1.1 Objet").
bool toc_or_heading_fragment(std::string_view v) {
  if (v.find("....") != std::string_view::npos || v.find(". . .") != std::string_view::npos) {
    return true;
  }
  std::size_t e = v.size();
  while (e > 0 && v[e - 1] == ' ') {
    --e;
  }
  std::size_t d = e;
  while (d > 0 && is_digit(v[d - 1])) {
    --d;
  }
  if (d < e && d > 0 && (v[d - 1] == '\t' || v[d - 1] == '.')) {
    return true;
  }
  if (v.find('\t') != std::string_view::npos) {
    return true;
  }
  if (!v.empty() && is_digit(v[0]) && word_count(v) <= 6) {
    return true;
  }
  return word_count(v) < 3;
}

// Whether the subject of "… a pour objet", "… porte sur" is the contract, the consultation
// or the document, not a lot, an inspection or a visit.
bool subject_is_the_contract(std::string_view subject) {
  if (subject.size() > 80) {
    return false;
  }
  for (const std::string_view other : {"lot", "visite", "inspection", "controle", "avenant",
                                       "reunion", "article", "clause", "penalite"}) {
    if (find_phrase(subject, other) != std::string_view::npos) {
      return false;
    }
  }
  for (const std::string_view own : {"marche", "consultation", "accord-cadre", "contrat", "cahier",
                                     "cctp", "ccap", "ccp", "document", "procedure", "reglement",
                                     "acte d'engagement", "mission", "prestation", "concours"}) {
    if (subject.find(own) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// An object value read at [b, e): "Le présent marché a pour objet X" gives X; an
// enumeration after a colon and a relative clause are left out.
std::optional<Field> object_value(const Ctx& c, std::size_t b, std::size_t e) {
  std::string_view v = c.window.substr(b, e - b);
  for (const std::string_view verb : {"a pour objet ", "ont pour objet ", "porte sur "}) {
    if (const auto at = v.find(verb); at != std::string_view::npos && at < 120) {
      if (!subject_is_the_contract(v.substr(0, at))) {
        return std::nullopt;
      }
      b += at + verb.size();
      v = c.window.substr(b, e - b);
      break;
    }
  }
  for (const std::string_view stop : {" : ", ", qui ", ", dont ", ", soit "}) {
    if (const auto at = v.find(stop); at != std::string_view::npos && at > 20) {
      e = b + at;
      v = c.window.substr(b, e - b);
    }
  }
  while (e > b && (c.window[e - 1] == ' ' || c.window[e - 1] == ',')) {
    --e;
  }
  v = c.window.substr(b, e - b);
  // A sentence about something else under an "Objet" heading ("L'objet du marché public,
  // portant sur …, est précisé") is no object.
  if (e <= b + 8 || toc_or_heading_fragment(v) || reads_as_clause(v)) {
    return std::nullopt;
  }
  return c.field(b, e, c.source_text(b, e));
}

// Whether the first sentence of a source line states the procedure and its legal basis:
// "Marché public de services – Procédure adaptée (articles L2123-1 …)".
bool procedure_line(std::string_view l) {
  std::string f = fold_string(l);
  if (const auto dot = f.find(". "); dot != std::string::npos) {
    f.resize(dot);
  }
  return f.find("procedure ") != std::string::npos || f.find("articles ") != std::string::npos ||
         f.find("commande publique") != std::string::npos;
}

// Whether a folded line names only a kind of contract, with or without its number.
bool kind_and_number_only(std::string_view f) {
  static const std::set<std::string_view> k_kind_words = {"marche",
                                                          "marches",
                                                          "public",
                                                          "publics",
                                                          "de",
                                                          "des",
                                                          "services",
                                                          "travaux",
                                                          "fournitures",
                                                          "prestations",
                                                          "intellectuelles",
                                                          "accord-cadre",
                                                          "accord",
                                                          "cadre",
                                                          "a",
                                                          "bons",
                                                          "commande",
                                                          "ordinaire",
                                                          "subsequent",
                                                          "mixte"};
  if (const auto no = f.find("n\xC2\xB0"); no != std::string_view::npos) {
    f = f.substr(0, no);
  }
  std::size_t words = 0;
  std::size_t p = 0;
  while (p < f.size()) {
    while (p < f.size() && f[p] == ' ') {
      ++p;
    }
    std::size_t e = p;
    while (e < f.size() && f[e] != ' ') {
      ++e;
    }
    if (e > p) {
      if (k_kind_words.count(f.substr(p, e - p)) == 0) {
        return false;
      }
      ++words;
    }
    p = e;
  }
  return words > 0 && (f.starts_with("marche") || f.starts_with("accord"));
}

// "a – identification de l'acheteur", "b - objet du marche": the lettered parts of a form.
bool lettered_part(std::string_view f) {
  return f.size() > 4 && f[0] >= 'a' && f[0] <= 'h' && f[1] == ' ' &&
         (f.substr(2).starts_with("- ") || f.substr(2).starts_with("\xE2\x80\x93 "));
}

// Whether a source line of the cover says another fact than the title (a reference, the
// procedure, a date, a lot, a label and its value) or is no title at all.
bool cover_stop_line(std::string_view l) {
  static constexpr std::array<std::string_view, 44> k_stops = {
      "marche n",  "consultation",   "reference",      "ref",       "procedure", "appel d'offres",
      "mapa",      "remise",         "date",           "lot",       "page",      "article",
      "sommaire",  "table des",      "objet",          "code",      "cpv",       "n\xC2\xB0",
      "version",   "edition",        "pouvoir",        "acheteur",  "maitre",    "dossier",
      "dce",       "en application", "accord-cadre n", "visite",    "questions", "(",
      "annexe",    "valant",         "etabli",         "redige",    "concours",  "passe",
      "passation", "numero",         "l'essentiel",    "essentiel", "synthese",  "en bref",
      "direction", "service"};
  const std::string f = fold_string(l);
  if (f.empty() || is_digit(f[0])) {
    return true;
  }
  for (const auto stop : k_stops) {
    if (f.starts_with(stop)) {
      return true;
    }
  }
  // A part of a form: "B – Objet du marché".
  if (lettered_part(f)) {
    return true;
  }
  // A label and its value: "Numéro de consultation : …".
  return procedure_line(l) ||
         f.substr(0, std::min<std::size_t>(f.size(), 30)).find(':') != std::string::npos;
}

// The title of the cover page: the lines that follow the document's own name ("RÈGLEMENT
// DE LA CONSULTATION", "CAHIER DES CLAUSES …") on the first page, up to a line of another
// fact (reference, procedure, dates, lots); a block that starts with a small letter goes on
// with the title (a title whose words the layout has split). When the name is followed by
// no title, the lines just above it, in its block or the block before.
std::optional<Field> cover_title(const Ctx& c, bool above) {
  const std::string_view t = c.src();
  const std::size_t page_end = std::min({t.find('\f'), t.size(), std::size_t{3000}});
  const std::size_t fold_end = std::min(c.to_fold(page_end), c.window.size());
  const std::string_view page = c.window.substr(0, fold_end);
  std::size_t name_at = std::string_view::npos;
  std::size_t name_end = 0;
  for (const std::string_view name :
       {"reglement de la consultation", "reglement de consultation", "reglement du concours",
        "cahier des clauses administratives particulieres",
        "cahier des clauses techniques particulieres", "cahier des clauses particulieres",
        "acte d'engagement", "bordereau des prix unitaires",
        "decomposition du prix global et forfaitaire", "detail quantitatif estimatif",
        "cadre de reponse technique", "cadre de memoire technique", "memoire technique"}) {
    const std::size_t at = find_phrase(page, name);
    if (at != std::string_view::npos && at < name_at) {
      name_at = at;
      name_end = at + name.size();
    }
  }
  if (name_at == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t b = 0;
  std::size_t e = 0;
  if (!above) {
    std::size_t p = c.a.folded.source_span(name_at, name_end).end;
    auto skip = [&] {
      while (p < page_end &&
             (t[p] == ' ' || t[p] == '\n' || t[p] == '\t' || t[p] == '-' || t[p] == ':')) {
        ++p;
      }
    };
    skip();
    // The name's abbreviation: "(CCAP)".
    if (p < page_end && t[p] == '(') {
      const std::size_t close = t.find(')', p);
      if (close != std::string_view::npos && close < p + 12) {
        p = close + 1;
        skip();
      }
    }
    // Blocks that state the procedure come before the title on some covers: skip them.
    for (int blocks = 0; blocks < 2 && p < page_end; ++blocks) {
      if (!procedure_line(t.substr(p, line_around(t, p).second - p))) {
        break;
      }
      const std::size_t blank = t.find("\n\n", p);
      if (blank == std::string_view::npos || blank >= page_end) {
        break;
      }
      p = blank;
      skip();
    }
    b = p;
    e = p;
    for (int lines = 0; p < page_end && lines < 6; ++lines) {
      const std::size_t le = line_around(t, p).second;
      if (e == b && le + 1 < page_end && kind_and_number_only(fold_string(t.substr(p, le - p)))) {
        // The kind of contract and its number before the title, nothing of its subject
        // ("Marché public de services n° 2026-JEU-05"): passed over.
        p = le;
        skip();
        b = p;
        e = p;
        continue;
      }
      if (cover_stop_line(t.substr(p, le - p))) {
        break;
      }
      e = le;
      if (le + 1 >= page_end || t[le] != '\n') {
        break;
      }
      p = le + 1;
      if (t[p] == '\n') {
        // The block ends; a next block that starts with a small letter goes on with it.
        std::size_t q = p;
        while (q < page_end && t[q] == '\n') {
          ++q;
        }
        std::size_t probe = q;
        if (q >= page_end || !utf8::is_lower_letter(utf8::decode_utf8(t, probe))) {
          break;
        }
        p = q;
      }
    }
  } else {
    // The lines above the name: in its block, else the whole block before it.
    const std::size_t name_src = c.to_src(name_at);
    std::size_t lb = line_around(t, name_src).first;
    if (lb != name_src) {
      return std::nullopt;  // the name does not open its line
    }
    std::size_t end = lb;
    if (lb >= 2 && t[lb - 1] == '\n' && t[lb - 2] == '\n') {
      end = lb - 2;
      while (end > 0 && t[end - 1] == '\n') {
        --end;
      }
    } else if (lb > 0) {
      end = lb - 1;
    }
    std::size_t p = end;
    for (int lines = 0; p > 0 && lines < 5; ++lines) {
      const std::size_t q = line_around(t, p - 1).first;
      if (cover_stop_line(t.substr(q, p - 1 - q + 1)) || q == p - 1) {
        break;
      }
      const std::string line = fold_string(t.substr(q, p - q));
      if (street_line(c, q, line_around(t, q).second) ||
          line.find_first_of("0123456789") != std::string::npos) {
        return std::nullopt;  // an address block
      }
      p = q;
      if (p < 2 || (t[p - 1] == '\n' && t[p - 2] == '\n') || t[p - 1] == '\f') {
        break;
      }
    }
    // A block of its own: it starts the page or follows a blank line.
    if (p >= end || !(p == 0 || (p >= 2 && t[p - 1] == '\n' && t[p - 2] == '\n'))) {
      return std::nullopt;
    }
    // A title cut by the layout after a link word ("… DES SYSTEMES D'INFORMATION DE") goes
    // on in the next block: the block before is the title's start.
    if (p >= 3) {
      const auto [qb, qe] = line_around(t, p - 3);
      const std::string last = fold_string(t.substr(qb, qe - qb));
      if (qe > qb && qb + 2 < p && !cover_stop_line(t.substr(qb, qe - qb)) &&
          (last.ends_with(" de") || last.ends_with(" du") || last.ends_with(" des") ||
           last.ends_with(" d'") || last.ends_with(" et") || last.ends_with(" la"))) {
        const std::size_t bb = line_around(t, qb > 0 ? qb - 1 : 0).first;
        p = (qb >= 2 && t[qb - 1] == '\n' && t[qb - 2] != '\n' &&
             !cover_stop_line(t.substr(bb, qb - bb)))
                ? bb
                : qb;
      }
    }
    b = p;
    e = end;
  }
  if (e <= b) {
    return std::nullopt;
  }
  // The title's first sentence: "Mission d'accompagnement … des Aygalades. Procédure …".
  for (std::size_t k = b; k + 2 < e; ++k) {
    if (t[k] == '.' && t[k + 1] == ' ' && k > b + 15) {
      e = k;
      break;
    }
  }
  while (e > b && (t[e - 1] == '.' || t[e - 1] == ' ')) {
    --e;
  }
  const std::size_t fb = c.to_fold(b);
  const std::size_t fe = c.to_fold(e);
  const std::string_view v = c.window.substr(fb, fe - fb);
  if (v.size() < 15 || word_count(v) > 40 || toc_or_heading_fragment(v) || reads_as_clause(v)) {
    return std::nullopt;
  }
  std::string title;
  for (const char ch : c.source_text(fb, fe)) {
    if (ch != ' ' || (!title.empty() && title.back() != ' ')) {
      title.push_back(ch);
    }
  }
  Field f = c.field(fb, fe, std::move(title));
  f.text = f.value;  // the same words, the layout's line breaks and blank lines left out
  return f;
}

std::optional<Field> read_object(const Ctx& c) {
  if (auto f = cover_title(c, false)) {
    return f;
  }
  if (auto f = cover_title(c, true)) {
    return f;
  }
  static constexpr std::array<std::string_view, 10> k_object_labels = {"objet du marche",
                                                                       "objet de la consultation",
                                                                       "objet de l'accord-cadre",
                                                                       "objet du contrat",
                                                                       "objet de la mission",
                                                                       "objet des prestations",
                                                                       "objet du present marche",
                                                                       "objet du present cahier",
                                                                       "objet",
                                                                       "intitule :"};
  for (const auto& [at, label] : label_hits(c, k_object_labels)) {
    const std::size_t label_end = at + (label == "intitule :" ? 8 : label.size());
    if (!label_context(c, at, label_end)) {
      continue;
    }
    const std::size_t vb = label_line_value(c, at, label_end).first;
    auto [b, e] = value_after(c.window, vb, 400);
    const std::string_view v = c.window.substr(b, e - b);
    if (starts_with_any(v, {"du present", "de la presente", "du marche", "des prestations"}) &&
        v.size() < 30) {
      continue;
    }
    if (auto f = object_value(c, b, e)) {
      return f;
    }
  }
  // "Le présent marché a pour objet …", "La présente consultation porte sur …": the
  // sentence, when its subject is the contract or the consultation.
  for (const std::string_view verb : {"a pour objet", "porte sur", "ont pour objet"}) {
    for (std::size_t at = c.find(verb); at != std::string_view::npos; at = c.find(verb, at + 1)) {
      const std::size_t sentence_start = [&] {
        std::size_t p = at;
        while (p > 0 && c.window[p - 1] != '\n' &&
               !(c.window[p - 1] == ' ' && p >= 2 && c.window[p - 2] == '.')) {
          --p;
        }
        return p;
      }();
      const std::string_view subject = c.window.substr(sentence_start, at - sentence_start);
      if (!subject_is_the_contract(subject)) {
        continue;
      }
      auto [b, e] = value_after(c.window, at + verb.size(), 400);
      if (auto f = object_value(c, b, e)) {
        return f;
      }
    }
  }
  return std::nullopt;
}

// How a phrase introduces a reference. A label names the number itself ("Numéro de
// consultation", "Référence du marché"); a noun of the contract or the procedure
// ("Marché", "Consultation", "MAPA") is followed by its number, written after "n°" or a
// colon, or shaped like a reference ("Marché 25-VEP-003"); a bare "Référence" needs the "n°",
// the colon or a cell of its own in the body, not in a running header ("Réf. 2024-EV-08");
// the name of a piece of the file needs the "n°" or the colon ("CCTP n° 2026-0112").
enum class RefIntro : std::uint8_t { label, noun, reference_word, piece };

struct RefPhrase {
  std::string_view words;
  RefIntro intro;
};

constexpr auto k_reference_phrases = std::to_array<RefPhrase>({
    {"numero de reference", RefIntro::label},
    {"reference de la consultation", RefIntro::label},
    {"reference du marche", RefIntro::label},
    {"reference de l'avis", RefIntro::label},
    {"numero de la consultation", RefIntro::label},
    {"numero de consultation", RefIntro::label},
    {"numero du marche", RefIntro::label},
    {"n\xC2\xB0 de consultation", RefIntro::label},
    {"n\xC2\xB0 de marche", RefIntro::label},
    {"reference", RefIntro::reference_word},
    {"ref", RefIntro::reference_word},
    {"cctp", RefIntro::piece},
    {"ccap", RefIntro::piece},
    {"ccp", RefIntro::piece},
    {"dce", RefIntro::piece},
    {"marche", RefIntro::noun},
    {"consultation", RefIntro::noun},
    {"accord-cadre", RefIntro::noun},
    {"appel d'offres", RefIntro::noun},
    {"concours", RefIntro::noun},
    {"procedure", RefIntro::noun},
    {"mapa", RefIntro::noun},
});

// The end of a word of folded `f` at `p`: letters, digits, and "-", "_", "/", "'" or "."
// between two of them ("2026-bla-03", "24_ppsmj_2", "l.2123-1", "d'oeuvre").
std::size_t ref_word_end(std::string_view f, std::size_t p) {
  std::size_t q = p;
  while (q < f.size()) {
    if (is_word_byte(f[q])) {
      ++q;
    } else if ((f[q] == '-' || f[q] == '_' || f[q] == '/' || f[q] == '.' || f[q] == '\'') &&
               q > p && q + 1 < f.size() && is_word_byte(f[q + 1])) {
      ++q;
    } else {
      break;
    }
  }
  return q;
}

// Whether folded word `w` may be a reference: a digit, 3 to 40 bytes, and neither a date,
// a year or a span of years, an ordinal ("2eme"), nor an article of a code ("l2123-1",
// "r.2124-2"). `marked`: written after "n°" or a colon, where a plain number is a reference
// ("20054"); otherwise it must be shaped like one: letters with digits ("25tic06") or
// digits cut by separators ("2026-03").
bool reference_shape(std::string_view w, bool marked) {
  if (w.size() < 3 || w.size() > 40) {
    return false;
  }
  std::size_t digits = 0;
  std::size_t letters = 0;
  std::size_t seps = 0;
  for (const char ch : w) {
    if (is_digit(ch)) {
      ++digits;
    } else if (ch == '-' || ch == '_' || ch == '/' || ch == '.') {
      ++seps;
    } else if (ch == '\'' || static_cast<unsigned char>(ch) >= 0x80) {
      return false;
    } else {
      ++letters;
    }
  }
  if (digits == 0) {
    return false;
  }
  // Articles of a code: "l2123-1", "r.2124-2", "d1234".
  if ((w[0] == 'l' || w[0] == 'r' || w[0] == 'd') &&
      (is_digit(w[1]) || (w[1] == '.' && is_digit(w[2])))) {
    return false;
  }
  // Ordinals: "1er", "2e", "3eme", "2nd".
  std::size_t n = 0;
  while (n < w.size() && is_digit(w[n])) {
    ++n;
  }
  const std::string_view tail = w.substr(n);
  if (n > 0 && (tail == "er" || tail == "e" || tail == "eme" || tail == "nd" || tail == "nde")) {
    return false;
  }
  if (letters == 0) {
    // Digits and separators only: not a date ("12/03/2026", "12.03.26"), not a year or
    // a span of years ("2024", "2024-2025").
    std::vector<std::string_view> parts;
    std::size_t b = 0;
    for (std::size_t i = 0; i <= w.size(); ++i) {
      if (i == w.size() || !is_digit(w[i])) {
        parts.push_back(w.substr(b, i - b));
        b = i + 1;
      }
    }
    const auto year = [](std::string_view x) {
      return x.size() == 4 && (x.starts_with("19") || x.starts_with("20"));
    };
    if (std::all_of(parts.begin(), parts.end(), year)) {
      return false;
    }
    if (parts.size() == 3 && parts[0].size() <= 2 && parts[1].size() <= 2 &&
        (parts[2].size() == 2 || parts[2].size() == 4)) {
      return false;
    }
    if (parts.size() == 1 && !marked) {
      return false;
    }
    // A page counter or a fraction: "1/3", "12/40".
    if (parts.size() == 2 && w.find('/') != std::string_view::npos && parts[0].size() <= 3 &&
        parts[1].size() <= 3) {
      return false;
    }
  }
  return marked || letters > 0 || seps > 0;
}

// Words that take a number of their own: "marché relatif au lot n° 2", "consultation …
// article 5".
bool numbered_other(std::string_view w) {
  static constexpr std::array<std::string_view, 24> k_others = {
      "lot",    "lots",  "article", "articles", "annexe", "avenant", "page", "decret",
      "arrete", "loi",   "tranche", "bon",      "bons",   "code",    "ccag", "version",
      "indice", "siret", "siren",   "tel",      "phase",  "poste",   "prix", "ordonnance"};
  return std::find(k_others.begin(), k_others.end(), w) != k_others.end();
}

// Whether the word after a number makes it a quantity: "marché : 36 mois", "100 000 €".
bool quantity_follows(std::string_view f, std::size_t q) {
  while (q < f.size() && f[q] == ' ') {
    ++q;
  }
  const std::size_t e = ref_word_end(f, q);
  const std::string_view next = f.substr(q, e - q);
  static constexpr std::array<std::string_view, 20> k_units = {
      "mois",    "an",           "ans", "annee",         "annees", "jour", "jours",
      "semaine", "semaines",     "h",   "heures",        "euros",  "eur",  "ht",
      "ttc",     "\xE2\x82\xAC", "%",   "k\xE2\x82\xAC", "m2",     "km"};
  if (std::find(k_units.begin(), k_units.end(), next) != k_units.end() ||
      f.substr(q).starts_with("\xE2\x82\xAC") || f.substr(q).starts_with("%")) {
    return true;
  }
  // A group of thousands: "100 000".
  return next.size() == 3 && std::all_of(next.begin(), next.end(), is_digit);
}

// A reference's number in folded text, and whether a "n°", a colon or a label marked it.
struct RefFound {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool marked = false;
};

// The reference written after an introducing phrase that ends at `p` of folded `f`, in the
// body or (`header`) in a running header or footer; nullopt when none follows.
std::optional<RefFound> reference_after(std::string_view f, std::size_t p, RefIntro intro,
                                        bool header) {
  bool marked = intro == RefIntro::label;
  // A label explained before its colon: "Numéro de référence attribué au marché par le
  // pouvoir adjudicateur : 20F015PA".
  if (intro == RefIntro::label) {
    const std::size_t colon = f.find(':', p);
    if (colon != std::string_view::npos && colon < p + 120) {
      const std::string_view between = f.substr(p, colon - p);
      if (between.find('\n') == std::string_view::npos &&
          std::none_of(between.begin(), between.end(), is_digit)) {
        p = colon + 1;
      }
    }
  }
  int qualifiers = 0;
  bool plain_qualifiers = true;  // only words of the procedure: "appel d'offres ouvert X"
  while (p < f.size()) {
    while (p < f.size() && f[p] == ' ') {
      ++p;
    }
    if (p >= f.size() || f[p] == '\n') {
      return std::nullopt;
    }
    if (f[p] == ':' || f.substr(p).starts_with("n\xC2\xB0")) {
      p += f[p] == ':' ? std::size_t{1} : std::size_t{3};
      marked = true;
      continue;
    }
    const std::size_t q = ref_word_end(f, p);
    if (q == p) {
      return std::nullopt;
    }
    const std::string_view w = f.substr(p, q - p);
    if (w == "no" || w == "numero") {
      marked = true;
      p = q;
      continue;
    }
    if (std::none_of(w.begin(), w.end(), is_digit)) {
      // A word between the noun and its number: "Marché de travaux n° …".
      if (marked || numbered_other(w) || ++qualifiers > 3) {
        return std::nullopt;
      }
      plain_qualifiers = plain_qualifiers && (w == "ouvert" || w == "ouverte" || w == "restreint" ||
                                              w == "restreinte" || w == "public" ||
                                              w == "publique" || w == "adapte" || w == "adaptee");
      p = q;
      continue;
    }
    if (!marked && (intro == RefIntro::piece || (intro == RefIntro::reference_word && !header))) {
      return std::nullopt;
    }
    if ((!marked && !plain_qualifiers) || !reference_shape(w, marked) || quantity_follows(f, q)) {
      return std::nullopt;
    }
    return RefFound{p, q, marked};
  }
  return std::nullopt;
}

// Every introducing phrase of a reference in folded `f`, in text order; at one place the
// longest phrase first.
template <typename Find>
std::vector<std::pair<std::size_t, const RefPhrase*>> reference_phrase_hits(Find&& find) {
  std::vector<std::pair<std::size_t, const RefPhrase*>> found;
  for (const auto& phrase : k_reference_phrases) {
    for (std::size_t at = find(phrase.words, 0); at != std::string_view::npos;
         at = find(phrase.words, at + 1)) {
      found.emplace_back(at, &phrase);
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second->words.size() > y.second->words.size();
  });
  return found;
}

// The reference of the consultation or the contract in the text, tried in this order: a
// number marked as one ("Marché n° 2026-BLA-03", "Consultation : 24_PPSMJ_2", a
// "Référence" cell above its value); then one shaped like a reference after a noun of the
// contract ("MAPA 2026-03"). `weak` receives the second kind, which the running headers
// may beat.
std::optional<Field> read_reference(const Ctx& c, std::optional<Field>& weak) {
  const auto hits = reference_phrase_hits(
      [&](std::string_view words, std::size_t from) { return c.find(words, from); });
  std::size_t covered = 0;  // the end of the longest phrase at the last place
  for (const auto& [at, phrase] : hits) {
    if (at < covered) {
      continue;  // "reference" inside "numero de reference"
    }
    const std::size_t end = at + phrase->words.size();
    covered = end;
    auto found = reference_after(c.window, end, phrase->intro, false);
    // A label in a cell of its own, its value in the next cell ("Référence" / "UNISTRA-…").
    if (!found && label_context(c, at, end)) {
      const auto [vb, ve] = label_line_value(c, at, end);
      const std::size_t q = ref_word_end(c.window, vb);
      if (vb < ve && q >= ve - 1 && reference_shape(c.window.substr(vb, q - vb), true)) {
        found = RefFound{vb, q, true};
      }
    }
    if (!found) {
      continue;
    }
    Field f = c.field(found->begin, found->end, c.source_text(found->begin, found->end));
    if (found->marked) {
      return f;
    }
    if (!weak) {
      weak = std::move(f);
    }
  }
  return std::nullopt;
}

// The reference in a running header's or footer's text ("Marché de travaux n° 25-T-031",
// "Ville de Millau	MAPA n° 23S0147"): its span in the text and whether it was marked as
// one ("n°", a colon); nullopt when none.
std::optional<std::pair<Span, bool>> furniture_reference(const std::string& text) {
  const FoldedText ft = fold(text);
  const std::string_view f = ft.text;
  const auto hits = reference_phrase_hits(
      [&](std::string_view words, std::size_t from) { return find_phrase(f, words, from); });
  std::size_t covered = 0;
  for (const auto& [at, phrase] : hits) {
    if (at < covered) {
      continue;
    }
    covered = at + phrase->words.size();
    if (const auto found = reference_after(f, covered, phrase->intro, true)) {
      return std::make_pair(ft.source_span(found->begin, found->end), found->marked);
    }
  }
  return std::nullopt;
}

// A date in `s` that is not the date of a text (a law, a decree, an order): "décret
// n° 2016-360 du 25 mars 2016" is never the date of an event of the tender.
std::optional<std::pair<DateTime, Found>> event_date(std::string_view s) {
  std::size_t from = 0;
  while (from < s.size()) {
    auto d = find_date(s.substr(from));
    if (!d) {
      return std::nullopt;
    }
    d->second.begin += from;
    d->second.end += from;
    const std::size_t b = d->second.begin;
    const std::string_view before = s.substr(b >= 60 ? b - 60 : 0, b >= 60 ? 60 : b);
    bool text_date = false;
    for (const std::string_view act : {"decret", "ordonnance", "loi ", "loi n", "arrete",
                                       "circulaire", "directive", "reglement (", "code "}) {
      if (before.find(act) != std::string_view::npos) {
        text_date = true;
      }
    }
    if (!text_date) {
      return d;
    }
    from = d->second.end;
  }
  return std::nullopt;
}

// The offers' deadline: a date after a label or phrase of the offers' (or plis',
// candidatures') submission deadline, on the label's line or the next one. A date limit
// of another event (questions, a visit, samples) is not it, nor a date of a text.
std::optional<Field> read_deadline(const Ctx& c) {
  static constexpr std::array<std::string_view, 10> k_phrases = {
      "date limite",           "date et heure limite",
      "date et heure limites", "heure limite",
      "remise des offres",     "remise des plis",
      "reception des offres",  "reception des plis",
      "au plus tard le",       "avant le"};
  const auto found = label_hits(c, k_phrases);
  const std::string_view w = c.window;
  std::optional<Field> weak;
  for (const auto& [at, phrase] : found) {
    // The value: the rest of the source line and the next line (a table's value cell).
    const std::string_view t = c.src();
    const auto [slb, sle] = line_around(t, c.to_src(at));
    std::size_t sve = sle;
    for (int more = 0; more < 2 && sve + 1 < t.size() && t[sve] == '\n'; ++more) {
      const bool blank = t[sve + 1] == '\n';
      sve = line_around(t, sve + 1).second;
      if (!blank) {
        break;
      }
    }
    const std::size_t lb = std::min(c.to_fold(slb), at);
    const std::size_t vb = at + phrase.size();
    const std::size_t ve = std::max(std::min(c.to_fold(sve), w.size()), vb);
    const std::string_view after = w.substr(vb, std::min<std::size_t>(ve - vb, 220));
    // Cheap checks first: whose deadline the line may say, before reading dates.
    const std::string_view region = w.substr(lb, vb + after.size() - lb);
    const bool may_offers = region.find("offre") != std::string_view::npos ||
                            region.find("plis") != std::string_view::npos ||
                            region.find("candidature") != std::string_view::npos ||
                            region.find("proposition") != std::string_view::npos;
    const bool is_generic = phrase.starts_with("date") || phrase.starts_with("heure");
    if (!may_offers && (!is_generic || weak)) {
      continue;
    }
    const auto d = event_date(after);
    if (!d) {
      continue;
    }
    // What is said from the line's start to the date: whose deadline it is.
    const std::string_view said = w.substr(lb, vb + d->second.begin - lb);
    bool other = false;
    for (const std::string_view event :
         {"question", "visite", "renseignement", "demande", "echantillon", "ouverture", "envoi",
          "publication", "mise en ligne", "validite", "notification", "commencement", "debut",
          "execution", "livraison", "reunion", "audition", "negociation"}) {
      if (said.find(event) != std::string_view::npos) {
        other = true;
        break;
      }
    }
    if (other) {
      continue;
    }
    const bool offers = said.find("offre") != std::string_view::npos ||
                        said.find("plis") != std::string_view::npos ||
                        said.find("candidature") != std::string_view::npos ||
                        said.find("proposition") != std::string_view::npos;
    const bool generic = phrase.starts_with("date") || phrase.starts_with("heure");
    if (!offers && !generic) {
      continue;  // "au plus tard le", "avant le": only of the offers
    }
    Field f = c.field(vb + d->second.begin, vb + d->second.end, d->first.iso());
    if (offers) {
      return f;
    }
    if (!weak) {
      weak = std::move(f);
    }
  }
  return weak;
}

// Whether the 60 bytes before `at` of folded `f` name a legal text, whose date is not the
// tender's ("décret n° 2016-360 du 25 mars 2016", "CCAG … arrêté du 30 mars 2021").
bool after_a_text_name(std::string_view f, std::size_t at) {
  const std::string_view before = f.substr(at >= 60 ? at - 60 : 0, at >= 60 ? 60 : at);
  return has_any(before, {"decret", "ordonnance", "loi", "arrete", "circulaire", "directive",
                          "reglement", "code", "ccag", "recommandation"});
}

// The year of a month written with its year and no day ("mai 2025", "MARS 2021") in folded
// `f`, not a legal text's; nullopt when there is none.
std::optional<int> month_year(std::string_view f) {
  static constexpr std::array<std::string_view, 12> k_months = {
      "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
      "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};
  for (const auto month : k_months) {
    for (std::size_t at = find_phrase(f, month); at != std::string_view::npos;
         at = find_phrase(f, month, at + 1)) {
      std::size_t p = at + month.size();
      if (p >= f.size() || f[p] != ' ') {
        continue;
      }
      ++p;
      if (p + 4 > f.size() ||
          !std::all_of(f.begin() + static_cast<std::ptrdiff_t>(p),
                       f.begin() + static_cast<std::ptrdiff_t>(p + 4), is_digit) ||
          (p + 4 < f.size() && is_digit(f[p + 4])) || after_a_text_name(f, at)) {
        continue;
      }
      const int year = std::stoi(std::string(f.substr(p, 4)));
      if (year >= 1990 && year <= 2100) {
        return year;
      }
    }
  }
  return std::nullopt;
}

// The year the document is dated by: its edition, publication or signature date
// ("Date d'édition : 14 février 2022", "Fait à …, le …"); the deliberation authorising the
// consultation, on the cover; a version or an edition of the cover written as a month
// ("Version 2 – mai 2025", "Indice A – juin 2021"); else the month a running header or
// footer dates the document by ("DOSSIER PRO/DCE – MARS 2021").
std::optional<int> document_year(const Ctx& c) {
  static constexpr std::array<std::string_view, 10> k_dated = {"date d'edition",
                                                               "edite le",
                                                               "edition du",
                                                               "version du",
                                                               "date de publication",
                                                               "date d'envoi",
                                                               "mis en ligne le",
                                                               "date de mise en ligne",
                                                               "fait a ",
                                                               "deliberation"};
  std::size_t best = std::string_view::npos;
  std::optional<int> year;
  for (const auto label : k_dated) {
    for (std::size_t at = c.find(label); at != std::string_view::npos && at < best;
         at = c.find(label, at + 1)) {
      const std::size_t vb = at + label.size();
      std::size_t reach = 80;
      // A deliberation dates the tender only on the cover, not in the project's history; its
      // number may come before its date ("Délibération n° CT2025/004 du 14 janvier 2025").
      if (label == "deliberation") {
        if (c.a.document.page_at(c.to_src(at)) > 1) {
          continue;
        }
        reach = 60;
      }
      std::string_view after = c.window.substr(vb, std::min(c.window.size() - vb, reach));
      after = after.substr(0, std::min(after.find('\n'), after.size()));
      if (const auto d = event_date(after)) {
        best = at;
        year = d->first.year;
        break;
      }
    }
  }
  if (year) {
    return year;
  }
  // The cover's version or edition, as a month: on page 1, in the paragraph of the word.
  const std::string_view t = c.src();
  const std::size_t page_end = std::min({t.find('\f'), t.size()});
  const std::size_t cover = std::min(c.to_fold(page_end), c.window.size());
  for (const std::string_view word : {"version", "indice", "edition", "mise a jour"}) {
    for (std::size_t at = find_phrase(c.window.substr(0, cover), word);
         at != std::string_view::npos; at = find_phrase(c.window.substr(0, cover), word, at + 1)) {
      std::string_view after = c.window.substr(at, std::min<std::size_t>(cover - at, 60));
      after = after.substr(0, std::min(after.find('\n'), after.size()));
      if (const auto y = month_year(after)) {
        return y;
      }
    }
  }
  for (const auto& fu : c.a.document.furniture) {
    if (fu.placement == ingest::Placement::watermark) {
      continue;
    }
    if (const auto y = month_year(fold_string(fu.text))) {
      return y;
    }
  }
  return std::nullopt;
}

// A four-digit year spelled in the reference: "2026-DEP-014", "DAE-AMOA-2025".
std::optional<int> reference_year(const std::string& ref) {
  for (std::size_t i = 0; i + 4 <= ref.size(); ++i) {
    if ((i > 0 && is_digit(ref[i - 1])) || (i + 4 < ref.size() && is_digit(ref[i + 4]))) {
      continue;
    }
    if (ref[i] == '2' && ref[i + 1] == '0' && is_digit(ref[i + 2]) && is_digit(ref[i + 3])) {
      return 2000 + (ref[i + 2] - '0') * 10 + (ref[i + 3] - '0');
    }
  }
  return std::nullopt;
}

// The year execution starts, when the text gives no other: "La prestation débutera à partir
// du 01 septembre 2017", "conclu pour un an à compter du 1er janvier 2027".
std::optional<int> execution_start_year(const Ctx& c) {
  std::optional<std::pair<std::size_t, int>> first;
  for (const std::string_view phrase :
       {"debutera", "debute", "commencera", "commence", "demarrera", "a compter du",
        "prend effet le", "prendra effet le", "date de debut"}) {
    for (std::size_t at = c.find(phrase); at != std::string_view::npos;
         at = c.find(phrase, at + 1)) {
      if (first && at > first->first) {
        break;
      }
      const std::size_t vb = at + phrase.size();
      std::string_view after = c.window.substr(vb, std::min<std::size_t>(c.window.size() - vb, 40));
      after = after.substr(0, std::min(after.find('\n'), after.size()));
      if (const auto d = event_date(after)) {
        first = std::make_pair(at, d->first.year);
        break;
      }
    }
  }
  return first ? std::optional<int>(first->second) : std::nullopt;
}

void read_year(const Ctx& c, TenderMetadata& t) {
  if (t.deadline && t.deadline->value.size() >= 4) {
    t.year_read = std::stoi(t.deadline->value.substr(0, 4));
    t.year_source = YearSource::deadline;
    return;
  }
  if (const auto y = document_year(c)) {
    t.year_read = y;
    t.year_source = YearSource::document_date;
    return;
  }
  if (t.reference) {
    if (const auto y = reference_year(t.reference->value)) {
      t.year_read = y;
      t.year_source = YearSource::reference;
      return;
    }
  }
  if (const auto y = execution_start_year(c)) {
    t.year_read = y;
    t.year_source = YearSource::execution_start;
  }
  // The file's own dates (properties) give no year: measured on the metadata set, they were
  // right where the text also gave the year and wrong where it gave none.
}

// Whether the phrase at [at, end) of the window is a label in a cell or a short heading of
// its own: it opens its paragraph (after a numbering) and the paragraph holds at most six
// words ("Montant estimatif", "1.6 Durée", "Durée du marché :").
bool short_label_paragraph(std::string_view w, std::size_t at, std::size_t end) {
  std::size_t b = at;
  while (b > 0 && w[b - 1] != '\n') {
    --b;
  }
  std::size_t e = end;
  while (e < w.size() && w[e] != '\n') {
    ++e;
  }
  return e < w.size() && numbering_only(w.substr(b, at - b)) && word_count(w.substr(b, e - b)) <= 6;
}

// The clause that follows a phrase at [at, b) of the window, as its end: up to the end of
// its sentence or of its paragraph, at most `max` bytes. A clause whose paragraph ends with a
// colon goes on over the next paragraphs ("Montant maximum par lot :" / "Lot 1 : …"); a
// label or a short heading has the next paragraph for its clause ("Durée" / "12 mois").
std::size_t clause_end(std::string_view w, std::size_t at, std::size_t b, std::size_t max) {
  const std::size_t limit = std::min(w.size(), b + max);
  bool listing = false;
  bool label = short_label_paragraph(w, at, b);
  std::size_t e = b;
  while (e < limit) {
    const char ch = w[e];
    if (ch == '\n' && !listing) {
      std::size_t k = e;
      while (k > b && w[k - 1] == ' ') {
        --k;
      }
      if (label || (k > b && w[k - 1] == ':')) {
        listing = !label;  // a cell's value ends with its paragraph, a list does not
        label = false;
        b = e + 1;
        ++e;
        continue;
      }
      break;
    }
    if ((ch == '.' || ch == ';') && e > b &&
        (e + 1 >= w.size() || w[e + 1] == ' ' || w[e + 1] == '\n')) {
      break;
    }
    ++e;
  }
  return e;
}

// The start of the sentence that holds `at`: after a paragraph break or ". ", at most 200
// bytes back.
std::size_t sentence_start(std::string_view w, std::size_t at) {
  std::size_t p = at;
  const std::size_t low = at > 200 ? at - 200 : 0;
  while (p > low && w[p - 1] != '\n' && !(p >= 2 && w[p - 1] == ' ' && w[p - 2] == '.')) {
    --p;
  }
  return p;
}

// A value read after a phrase, ranked: the lower the better; text order among equals.
struct Candidate {
  int rank = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string value;
};

// Whether the contract is a design, coordination or contest one, whose documents state the
// cost of the works they are about: that cost is not the contract's amount.
bool design_contract(const Ctx& c, const std::optional<Field>& object) {
  const std::string o = object ? fold_string(object->value) : std::string();
  return has_any(o, {"maitrise d'oeuvre", "coordination", "coordonnateur", "controle technique",
                     "programmation", "concours"}) ||
         c.find("reglement du concours") != std::string_view::npos;
}

// Words that tie a budget to the contract.
constexpr std::array<std::string_view, 13> k_contract_words = {
    "marche",       "accord-cadre", "contrat", "mission",  "prestation", "prestations", "titulaire",
    "consultation", "demarche",     "dedie",   "consacre", "alloue",     "animation"};

// The contract's amount, only where the text states the contract's amount: "montant
// (estimatif, maximum, global…) … de X", "valeur totale estimée : X", "un maximum de X",
// "budget … de X", a "Montant" cell above its value; in the same clause as the phrase.
// Never a penalty, an indemnity, a prize, an advance, a guarantee, a threshold
// ("supérieur à X"), a minimum, a unit price or a sum per day; never the works' cost in a
// design contract. A total or a maximum comes before an estimate, an estimate before any
// other amount; lots' amounts in a table, read under the column's label, come last.
std::optional<Field> read_amount(const Ctx& c, const std::optional<Field>& object) {
  static constexpr std::array<std::string_view, 14> k_phrases = {
      "montant",   "valeur totale", "valeur estimee", "valeur globale", "estimation",
      "estime a",  "estimee a",     "evalue a",       "evaluee a",      "budget",
      "enveloppe", "maximum de",    "prix global",    "prix total"};
  const std::string_view w = c.window;
  const bool design = design_contract(c, object);
  std::optional<Candidate> best;
  std::optional<Candidate> table;
  for (const auto& [at, phrase] : label_hits(c, k_phrases)) {
    const std::size_t pe = at + phrase.size();
    const std::size_t ce = clause_end(w, at, pe, 240);
    const std::string_view clause = w.substr(pe, ce - pe);
    const auto m = find_amount(clause);
    const std::string_view before = w.substr(sentence_start(w, at), at - sentence_start(w, at));
    if (has_any(before,
                {"penalite", "penalites", "indemnite", "avance", "prime", "primes", "retenue",
                 "caution", "cautionnement", "sous-traitant", "seuil", "seuils"})) {
      continue;
    }
    if (!m) {
      // A column's label: the first amount of the rows below it ("Montant estimatif
      // annuel HT" / "1" / "Viandes fraîches" / "290 000 €").
      if (!table && short_label_paragraph(w, at, pe)) {
        const std::string_view below = w.substr(pe, std::min<std::size_t>(w.size() - pe, 200));
        if (const auto t = find_amount(below)) {
          Amount amount = t->first;
          if (amount.tax.empty() && has_any(below.substr(0, t->second.begin), {"ht"})) {
            amount.tax = "HT";
          }
          table = Candidate{9, pe + t->second.begin, pe + t->second.end, amount.value()};
        }
      }
      continue;
    }
    const std::string_view said = w.substr(at, pe + m->second.begin - at);
    const std::string_view next =
        clause.substr(m->second.end, std::min<std::size_t>(clause.size() - m->second.end, 30));
    if (has_any(said,
                {"penalite",   "penalites", "indemnite",     "indemnites",     "frais",
                 "prime",      "primes",    "avance",        "acompte",        "retenue",
                 "garantie",   "caution",   "cautionnement", "assurance",      "chiffre d'affaires",
                 "capital",    "minimum",   "minimal",       "minimale",       "superieur",
                 "superieure", "inferieur", "inferieure",    "au-dela",        "en deca",
                 "excede",     "excedant",  "depasse",       "depassant",      "seuil",
                 "unitaire",   "unitaires", "primitif",      "fonctionnement", "investissement"}) ||
        has_any(next, {"par jour", "par heure", "par semaine", "par personne", "par unite",
                       "par agent", "par infraction", "par manquement", "par retard"}) ||
        (design && (has_any(before, {"travaux"}) || has_any(said, {"travaux"})))) {
      continue;
    }
    // A budget or an envelope is the project's or the buyer's unless its sentence ties it to
    // the contract ("le budget de la mission", "un budget dédié … consacré à la démarche").
    if ((phrase == "budget" || phrase == "enveloppe") && !has_any_of(before, k_contract_words) &&
        !has_any_of(said, k_contract_words)) {
      continue;
    }
    Amount amount = m->first;
    // The tax said before the amount: "Montant HT : 500 000,00 €".
    if (amount.tax.empty()) {
      if (has_any(said, {"ht", "hors taxes", "hors tva"})) {
        amount.tax = "HT";
      } else if (has_any(said, {"ttc", "toutes taxes comprises"})) {
        amount.tax = "TTC";
      }
    }
    int rank = 3;
    if (has_any(said, {"total", "totale", "global", "globale", "maximum", "maximal", "maximale",
                       "ensemble"})) {
      rank = 1;
    } else if (has_any(said, {"estime", "estimee", "estimatif", "estimation", "previsionnel",
                              "valeur", "budget", "du marche", "de l'accord-cadre"})) {
      rank = 2;
    }
    if (!best || rank < best->rank) {
      best = Candidate{rank, pe + m->second.begin, pe + m->second.end, amount.value()};
    }
  }
  if (!best) {
    best = std::move(table);
  }
  if (!best) {
    return std::nullopt;
  }
  return c.field(best->begin, best->end, std::move(best->value));
}

// The contract's duration, only where the text states the contract's duration: "durée (du
// marché, de l'accord-cadre, d'exécution…) … de X", "conclu pour (une durée de) X", "pour une
// période de X", "délai global d'exécution … X", a "Durée" cell above its value; in the
// same clause as the phrase. Never an age ("de 60 ans et plus"), a guarantee, the offers'
// validity, a time to answer, deliver, pay or give notice, a preparation period or a
// threshold ("durée supérieure à 2 mois"). A phrase of the contract ("durée du marché",
// "conclu pour") comes before a bare "durée" or "période".
std::optional<Field> read_duration(const Ctx& c) {
  static constexpr std::array<std::string_view, 10> k_phrases = {
      "duree",          "periode",      "delai d'execution", "delai global d'execution",
      "conclu pour",    "conclue pour", "conclus pour",      "conclues pour",
      "se deroule sur", "passe pour"};
  const std::string_view w = c.window;
  std::optional<Candidate> best;
  for (const auto& [at, phrase] : label_hits(c, k_phrases)) {
    const std::size_t pe = at + phrase.size();
    const std::size_t ce = clause_end(w, at, pe, 160);
    const std::string_view clause = w.substr(pe, ce - pe);
    const auto d = find_duration(clause);
    if (!d || d->second.begin > 90) {
      continue;
    }
    const std::string_view said = w.substr(at, pe + d->second.begin - at);
    const std::string_view next =
        clause.substr(d->second.end, std::min<std::size_t>(clause.size() - d->second.end, 24));
    if (has_any(said, {"validite",    "garantie",     "paiement",  "reponse",    "intervention",
                       "livraison",   "preavis",      "superieur", "superieure", "inferieur",
                       "inferieure",  "age",          "ages",      "agee",       "agees",
                       "plus de",     "moins de",     "depuis",    "experience", "anciennete",
                       "preparation", "conservation", "archivage", "delai de",   "retard"}) ||
        has_any(next, {"et plus", "ou plus", "et moins", "au moins", "d'anciennete", "d'experience",
                       "de garantie", "d'age"})) {
      continue;
    }
    // The clause must be about the contract: a word of the contract in its sentence, or a
    // label of its own ("Durée" / "12 mois").
    const std::size_t ss = sentence_start(w, at);
    const std::string_view sentence = w.substr(ss, pe + d->second.begin - ss);
    const bool contract_words = has_any(
        sentence, {"marche", "accord-cadre", "contrat", "mission", "prestations", "conclu",
                   "conclue", "conclus", "conclues", "execution", "reconductible", "tranche"});
    if (!contract_words && !short_label_paragraph(w, at, pe)) {
      continue;
    }
    const int rank =
        has_any(said, {"marche", "accord-cadre", "contrat", "mission", "initiale", "ferme",
                       "globale", "execution", "conclu", "conclue", "conclus", "conclues"})
            ? 1
            : 2;
    if (!best || rank < best->rank) {
      best = Candidate{rank, pe + d->second.begin, pe + d->second.end, d->first};
    }
  }
  if (!best) {
    return std::nullopt;
  }
  return c.field(best->begin, best->end, std::move(best->value));
}

struct Named {
  std::string_view phrase;
  std::string_view name;
};

void read_procedure(const Ctx& c, TenderMetadata& t) {
  static constexpr std::array<Named, 13> k_procedures = {{
      // The words of European notices: "Type de procédure : procédure ouverte".
      {"procedure ouverte", "appel d'offres ouvert"},
      {"procedure restreinte", "appel d'offres restreint"},
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

// Whether the first two digits of a CPV code are one of the CPV's divisions.
bool cpv_division(std::string_view code) {
  static constexpr std::array<int, 45> k_divisions = {
      3,  9,  14, 15, 16, 18, 19, 22, 24, 30, 31, 32, 33, 34, 35, 37, 38, 39, 41, 42, 43, 44, 45,
      48, 50, 51, 55, 60, 63, 64, 65, 66, 70, 71, 72, 73, 75, 76, 77, 79, 80, 85, 90, 92, 98};
  const int division = (code[0] - '0') * 10 + (code[1] - '0');
  return std::find(k_divisions.begin(), k_divisions.end(), division) != k_divisions.end();
}

// The CPV codes of the text, in order: every "NNNNNNNN-N" code, and a code written without
// its check digit ("CPV - Objet principal : 34110000.", a list under "Codes CPV :") when a
// mention of the CPV or another code stands at most 300 bytes before it.
void read_cpv(const Ctx& c, TenderMetadata& t) {
  const std::string_view f = c.folded;
  std::vector<std::size_t> mentions;
  for (const std::string_view word : {"cpv", "c.p.v"}) {
    for (std::size_t at = find_phrase(f, word); at != std::string_view::npos;
         at = find_phrase(f, word, at + 1)) {
      mentions.push_back(at);
    }
  }
  std::sort(mentions.begin(), mentions.end());
  std::set<std::string> seen;  // 8-digit stems
  std::size_t last_code = std::string_view::npos;
  std::size_t i = 0;
  while (i < f.size()) {
    if (!is_digit(f[i]) || (i > 0 && (is_word_byte(f[i - 1]) || f[i - 1] == '.' ||
                                      f[i - 1] == ',' || f[i - 1] == '-'))) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < f.size() && is_digit(f[e])) {
      ++e;
    }
    if (e - i != 8 || !cpv_division(f.substr(i, 2))) {
      i = e;
      continue;
    }
    const std::string stem(f.substr(i, 8));
    std::size_t end = 0;
    if (e + 1 < f.size() && f[e] == '-' && is_digit(f[e + 1]) &&
        (e + 2 >= f.size() || !is_word_byte(f[e + 2]))) {
      end = e + 2;  // with its check digit
    } else if (!(e + 1 < f.size() && (f[e] == ',' || f[e] == '.' || f[e] == '-') &&
                 is_digit(f[e + 1])) &&
               (e >= f.size() || !is_word_byte(f[e]))) {
      // Without it: only near a mention of the CPV or another code.
      const auto m = std::upper_bound(mentions.begin(), mentions.end(), i);
      const bool near_mention = m != mentions.begin() && i - *std::prev(m) <= 300;
      const bool near_code = last_code != std::string_view::npos && i - last_code <= 300;
      if (near_mention || near_code) {
        end = e;
      }
    }
    if (end != 0) {
      last_code = end;
      if (!seen.contains(stem)) {
        seen.insert(stem);
        t.cpv.push_back(c.field(i, end, std::string(f.substr(i, end - i))));
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
  const auto& furniture = a.document.furniture;
  for (std::size_t k = 0; k < furniture.size(); ++k) {
    const auto& fu = furniture[k];
    if (fu.placement == ingest::Placement::watermark) {
      continue;
    }
    const std::string f = fold_string(fu.text);
    if (!t.buyer && starts_with_any(f, {"ville de ",
                                        "ville d'",
                                        "commune de ",
                                        "commune d'",
                                        "mairie de ",
                                        "departement ",
                                        "metropole ",
                                        "region ",
                                        "communaute d",
                                        "ministere ",
                                        "centre hospitalier",
                                        "universite ",
                                        "syndicat ",
                                        "conseil departemental",
                                        "conseil regional",
                                        "prefecture ",
                                        "ccas ",
                                        "cias ",
                                        "centre communal",
                                        "centre intercommunal"})) {
      std::string value = fu.text;
      // A name the header sets on two lines ("Ministère de" / "la Justice") goes on with the
      // page's next header line that starts in lower case.
      if (f.ends_with(" de") || f.ends_with(" du") || f.ends_with(" des") || f.ends_with(" d'") ||
          f.ends_with(" de la")) {
        for (std::size_t n = k + 1; n < furniture.size() && furniture[n].page == fu.page; ++n) {
          std::size_t q = 0;
          const std::string& next = furniture[n].text;
          if (furniture[n].placement == fu.placement && !next.empty() &&
              utf8::is_lower_letter(utf8::decode_utf8(next, q)) &&
              next.find_first_of("0123456789") == std::string::npos) {
            value += " " + next;
            break;
          }
        }
      }
      for (const std::string_view sep : {" – ", " - ", " | ", ", ", "\t"}) {
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
  }
  // The reference: one marked as such ("Marché n° …") in any header or footer before one
  // only shaped like a reference ("MAPA 2026-03").
  std::optional<Field> shaped;
  for (const auto& fu : furniture) {
    if (t.reference) {
      return;
    }
    if (fu.placement == ingest::Placement::watermark) {
      continue;
    }
    if (const auto r = furniture_reference(fu.text)) {
      Field field;
      field.value = fu.text.substr(r->first.begin, r->first.size());
      field.text = fu.text;
      field.page = fu.page;
      if (r->second) {
        t.reference = std::move(field);
      } else if (!shaped) {
        shaped = std::move(field);
      }
    }
  }
  if (!t.reference) {
    t.reference = std::move(shaped);
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

// The département of a commune a reader knows ("Marseille": 13) when no postcode or name
// gave one. The value keeps the commune's span.
void departement_of_commune(TenderMetadata& t) {
  if (t.departement || !t.commune) {
    return;
  }
  static const std::vector<std::string> folded_names = [] {
    std::vector<std::string> v;
    for (const auto& k : k_known_communes) {
      v.push_back(fold_string(k.name));
    }
    return v;
  }();
  // The name may be followed by other words of a running header ("Grenoble CCAP"): its
  // first words are compared.
  const std::string name = fold_string(t.commune->value);
  for (std::size_t k = 0; k < k_known_communes.size(); ++k) {
    const std::string& known = folded_names[k];
    if (!name.starts_with(known) || (name.size() > known.size() && name[known.size()] != ' ')) {
      continue;
    }
    for (const auto& d : k_departements) {
      if (d.code == k_known_communes[k].code) {
        Field field = *t.commune;
        field.value = std::string(d.code) + " " + std::string(d.name);
        t.departement = std::move(field);
        return;
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
  std::optional<Field> shaped_reference;
  t.reference = read_reference(c, shaped_reference);
  t.deadline = read_deadline(c);
  t.amount = read_amount(c, t.object);
  t.duration = read_duration(c);
  read_lots(c, t);
  read_cpv(c, t);
  read_place(c, t);
  read_furniture(a, t);
  if (!t.reference) {
    t.reference = std::move(shaped_reference);
  }
  place_from_buyer(t);
  departement_of_commune(t);
  read_year(c, t);
  return t;
}

}  // namespace vigie::analysis::detail
