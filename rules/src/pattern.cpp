#include "pattern.hpp"

#include <array>
#include <optional>
#include <vector>

#include "vigie/analysis/normalize.hpp"

namespace vigie::rules::detail {
namespace {

constexpr int k_gap_words = 5;

struct Placeholder {
  std::string_view name;
  std::string_view regex;
};

constexpr std::array k_placeholders = {
    Placeholder{"nombre", R"(\b[0-9]+(?:[.,][0-9]+)*\b)"},
    Placeholder{"annee", R"(\b(?:19|20)[0-9]{2}\b)"},
    Placeholder{"pourcentage", R"(\b[0-9]+(?:[.,][0-9]+)? ?(?:%|pour ?cents?\b))"},
    Placeholder{
        "mois",
        R"(\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b)"},
};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alpha(char c) { return c >= 'a' && c <= 'z'; }

struct Item {
  enum class Kind { normal, optional, gap } kind = Kind::normal;
  std::string regex;
  bool mandatory = true;
};

class Parser {
 public:
  explicit Parser(std::string_view s) : m_s(s) {}

  std::variant<std::string, PatternError> run() {
    bool mandatory = false;
    std::string regex = sequence(mandatory);
    if (!m_error && m_pos < m_s.size()) {
      fail(m_pos, std::string("« ") + m_s[m_pos] + " » sans ouverture correspondante");
    }
    if (!m_error && !mandatory) {
      fail(0,
           "le motif peut correspondre à un texte vide : il lui faut au moins un mot obligatoire");
    }
    if (m_error) {
      return *m_error;
    }
    return regex;
  }

 private:
  void fail(std::size_t at, std::string message) {
    if (!m_error) {
      m_error = PatternError{at, std::move(message)};
    }
  }

  void skip_spaces() {
    while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t')) {
      ++m_pos;
    }
  }

  bool at_gap() const {
    return m_s.substr(m_pos, 3) == "..." || m_s.substr(m_pos, 3) == "\xE2\x80\xA6";
  }

  // A sequence of items up to ')', '|', ']' or the end.
  std::string sequence(bool& mandatory) {
    std::vector<Item> items;
    std::vector<std::size_t> starts;
    while (!m_error) {
      skip_spaces();
      if (m_pos >= m_s.size() || m_s[m_pos] == ')' || m_s[m_pos] == '|' || m_s[m_pos] == ']') {
        break;
      }
      starts.push_back(m_pos);
      items.push_back(item());
    }
    mandatory = false;
    std::string out;
    bool need_sep = false;
    for (std::size_t i = 0; i < items.size() && !m_error; ++i) {
      const Item& it = items[i];
      mandatory = mandatory || it.mandatory;
      switch (it.kind) {
        case Item::Kind::normal:
          out += need_sep ? " " + it.regex : it.regex;
          need_sep = true;
          break;
        case Item::Kind::optional:
          if (need_sep) {
            out += "(?: " + it.regex + ")?";
          } else {
            out += "(?:" + it.regex + " )?";
          }
          break;
        case Item::Kind::gap:
          if (i == 0 || i + 1 == items.size()) {
            fail(starts[i], "« ... » doit se trouver entre deux mots");
          }
          out += need_sep ? " " + it.regex : it.regex;
          need_sep = false;
          break;
      }
    }
    return out;
  }

  Item item() {
    const std::size_t start = m_pos;
    const char c = m_s[m_pos];
    if (c == '(') {
      ++m_pos;
      std::string out = "(?:";
      bool all_mandatory = true;
      for (bool first = true;; first = false) {
        const std::size_t branch = m_pos;
        bool mandatory = false;
        std::string inner = sequence(mandatory);
        if (m_error) {
          return {};
        }
        if (inner.empty()) {
          fail(branch, "alternative vide entre « ( », « | » et « ) »");
          return {};
        }
        all_mandatory = all_mandatory && mandatory;
        out += first ? inner : "|" + inner;
        if (m_pos < m_s.size() && m_s[m_pos] == '|') {
          ++m_pos;
          continue;
        }
        if (m_pos < m_s.size() && m_s[m_pos] == ')') {
          ++m_pos;
          break;
        }
        fail(start, "« ( » sans « ) » correspondante");
        return {};
      }
      return {Item::Kind::normal, out + ")", all_mandatory};
    }
    if (c == '[') {
      ++m_pos;
      bool mandatory = false;
      std::string inner = sequence(mandatory);
      if (m_error) {
        return {};
      }
      if (m_pos >= m_s.size() || m_s[m_pos] != ']') {
        fail(start, "« [ » sans « ] » correspondante");
        return {};
      }
      ++m_pos;
      if (inner.empty()) {
        fail(start, "partie facultative vide « [] »");
        return {};
      }
      return {Item::Kind::optional, inner, false};
    }
    if (at_gap()) {
      m_pos += 3;
      return {Item::Kind::gap, "(?:[^ \\n]+ ){0," + std::to_string(k_gap_words) + "}", false};
    }
    if (c == '{') {
      const auto close = m_s.find('}', m_pos);
      if (close == std::string_view::npos) {
        fail(start, "« { » sans « } » correspondante");
        return {};
      }
      const auto name = m_s.substr(m_pos + 1, close - m_pos - 1);
      m_pos = close + 1;
      for (const auto& p : k_placeholders) {
        if (p.name == name) {
          return {Item::Kind::normal, std::string(p.regex), true};
        }
      }
      fail(start, "champ inconnu « {" + std::string(name) +
                      "} » (connus : {nombre}, {annee}, {pourcentage}, {mois})");
      return {};
    }
    return word(start);
  }

  Item word(std::size_t start) {
    while (m_pos < m_s.size()) {
      const char c = m_s[m_pos];
      if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '[' || c == ']' || c == '|' ||
          c == '{' || c == '}' || at_gap()) {
        break;
      }
      ++m_pos;
    }
    std::string_view raw = m_s.substr(start, m_pos - start);
    const bool stem = !raw.empty() && raw.back() == '*';
    if (stem) {
      raw.remove_suffix(1);
    }
    if (const auto star = raw.find('*'); star != std::string_view::npos) {
      fail(start + star, "« * » ne peut terminer qu'un mot (radical*)");
      return {};
    }
    const std::string body = analysis::fold_string(raw);
    if (body.empty()) {
      fail(start, "mot vide une fois normalisé : le motif ne peut rien trouver");
      return {};
    }
    int letters = 0;
    std::string out;
    for (std::size_t i = 0; i < body.size(); ++i) {
      const char ch = body[i];
      const auto u = static_cast<unsigned char>(ch);
      if (is_alnum(ch)) {
        out += ch;
        letters += is_alpha(ch) ? 1 : 0;
      } else if (ch == '-') {
        out += "[- ]?";
      } else if (ch == '\'') {
        out += "' ?";
      } else if (ch == '.') {
        out += "\\.";
      } else if (ch == '%' || ch == '/') {
        out += ch;
      } else if (u >= 0x80) {
        static constexpr char k_hex[] = "0123456789abcdef";
        out += "\\x";
        out += k_hex[u >> 4];
        out += k_hex[u & 15];
      } else {
        fail(start, std::string("caractère « ") + ch +
                        " » non pris en charge : le texte normalisé ne le contient jamais ainsi");
        return {};
      }
    }
    if (stem && letters < 3) {
      fail(start, "radical trop court avant « * » (au moins 3 lettres)");
      return {};
    }
    const char last = body.back();
    if (stem) {
      out += "[a-z0-9]*";
    } else if (body.size() >= 4 && is_alpha(last) && last != 's' && last != 'x' && last != 'z') {
      // The plural of the word: -s, -x after -au/-eu, -aux for -al.
      const std::string_view tail = std::string_view(body).substr(body.size() - 2);
      if (tail == "al") {
        out.pop_back();
        out += "(?:ls?|ux)";
      } else if (tail == "au" || tail == "eu") {
        out += "[sx]?";
      } else {
        out += "s?";
      }
    }
    std::string regex;
    if (is_alnum(body.front())) {
      regex += "\\b";
    }
    regex += out;
    if (stem || is_alnum(last)) {
      regex += "\\b";
    }
    return {Item::Kind::normal, regex, true};
  }

  std::string_view m_s;
  std::size_t m_pos = 0;
  std::optional<PatternError> m_error;
};

}  // namespace

std::variant<std::string, PatternError> pattern_to_regex(std::string_view pattern) {
  return Parser(pattern).run();
}

int count_chars(std::string_view text, std::size_t bytes) {
  int n = 0;
  for (std::size_t i = 0; i < bytes && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

}  // namespace vigie::rules::detail
