#include "lexicon.hpp"

#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace vigie::rules::detail {
namespace {

// A code point per element: conditions such as "[^cg]er" or "[aéè]" compare characters.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = 1;
    char32_t cp = c;
    if (c >= 0xF0) {
      len = 4;
      cp = c & 0x07U;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0FU;
    } else if (c >= 0xC0) {
      len = 2;
      cp = c & 0x1FU;
    }
    for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k) {
      cp = (cp << 6U) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3FU);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

// One position of a suffix condition: any character, a set, or a set excluded.
struct CondUnit {
  bool any = false;
  bool negated = false;
  std::u32string set;
};

std::vector<CondUnit> parse_condition(std::string_view cond) {
  std::vector<CondUnit> out;
  const std::u32string c = decode(cond);
  for (std::size_t i = 0; i < c.size(); ++i) {
    CondUnit u;
    if (c[i] == U'.') {
      u.any = true;
    } else if (c[i] == U'[') {
      ++i;
      if (i < c.size() && c[i] == U'^') {
        u.negated = true;
        ++i;
      }
      while (i < c.size() && c[i] != U']') {
        u.set.push_back(c[i++]);
      }
    } else {
      u.set.push_back(c[i]);
    }
    out.push_back(std::move(u));
  }
  return out;
}

bool condition_holds(const std::vector<CondUnit>& cond, const std::u32string& word) {
  if (cond.size() > word.size()) {
    return false;
  }
  const std::size_t from = word.size() - cond.size();
  for (std::size_t k = 0; k < cond.size(); ++k) {
    const auto& u = cond[k];
    if (u.any) {
      continue;
    }
    const bool in = u.set.find(word[from + k]) != std::u32string::npos;
    if (in == u.negated) {
      return false;
    }
  }
  return true;
}

struct Suffix {
  std::string strip;
  std::string add;
  std::vector<CondUnit> condition;
  bool non_finite = false;  // an infinitive or a participle (po:infi, po:ppre, po:ppas)
};

enum class FlagType { ascii, long_pairs, number, utf8 };

std::vector<std::string> split_flags(std::string_view flags, FlagType type) {
  std::vector<std::string> out;
  switch (type) {
    case FlagType::long_pairs:
      for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
        out.emplace_back(flags.substr(i, 2));
      }
      break;
    case FlagType::number: {
      std::size_t i = 0;
      while (i < flags.size()) {
        const auto comma = flags.find(',', i);
        out.emplace_back(flags.substr(i, comma == std::string_view::npos ? comma : comma - i));
        i = comma == std::string_view::npos ? flags.size() : comma + 1;
      }
      break;
    }
    case FlagType::utf8:
    case FlagType::ascii:
      for (std::size_t i = 0; i < flags.size();) {
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(flags[i]);
        if (type == FlagType::utf8) {
          len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        }
        out.emplace_back(flags.substr(i, len));
        i += len;
      }
      break;
  }
  return out;
}

}  // namespace

struct Lexicon::Impl {
  FlagType flag_type = FlagType::ascii;
  std::string need_affix;
  std::map<std::string, std::vector<Suffix>, std::less<>> suffixes;
  std::multimap<std::string, std::string, std::less<>> entries;  // word → its flags
  std::unique_ptr<Hunspell> checker;
};

Lexicon::Lexicon(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Lexicon::~Lexicon() = default;

std::unique_ptr<Lexicon> Lexicon::open(const std::string& path, std::string& error) {
  const std::string aff = path + ".aff";
  const std::string dic = path + ".dic";
  std::ifstream a(aff);
  std::ifstream d(dic);
  if (!a || !d) {
    error = "dictionnaire français introuvable (" + aff + ", " + dic +
            ") : installer le paquet hunspell-fr-comprehensive ou indiquer VIGIE_HUNSPELL_DICT";
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  std::string line;
  while (std::getline(a, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "FLAG") {
      std::string type;
      in >> type;
      impl->flag_type = type == "long"  ? FlagType::long_pairs
                        : type == "num" ? FlagType::number
                                        : FlagType::utf8;
    } else if (key == "NEEDAFFIX") {
      in >> impl->need_affix;
    } else if (key == "SFX") {
      std::string flag;
      std::string strip;
      std::string add;
      std::string cond;
      in >> flag >> strip >> add >> cond;
      if (cond.empty()) {
        continue;  // the header of a block: "SFX flag Y count"
      }
      Suffix s;
      s.strip = strip == "0" ? "" : strip;
      s.add = add.substr(0, add.find('/'));
      if (s.add == "0") {
        s.add.clear();
      }
      s.condition = parse_condition(cond);
      std::string morph;
      while (in >> morph) {
        s.non_finite =
            s.non_finite || morph == "po:infi" || morph == "po:ppre" || morph == "po:ppas";
      }
      impl->suffixes[flag].push_back(std::move(s));
    }
  }
  bool first = true;
  while (std::getline(d, line)) {
    if (first) {
      first = false;  // the entry count
      continue;
    }
    const auto end = line.find_first_of(" \t");
    const std::string_view head = std::string_view(line).substr(0, end);
    const auto slash = head.find('/');
    impl->entries.emplace(
        std::string(head.substr(0, slash)),
        slash == std::string_view::npos ? "" : std::string(head.substr(slash + 1)));
  }
  if (impl->entries.empty() || impl->suffixes.empty()) {
    error = "dictionnaire français illisible : " + dic;
    return nullptr;
  }
  impl->checker = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
  return std::unique_ptr<Lexicon>(new Lexicon(std::move(impl)));
}

std::vector<std::string> Lexicon::forms(std::string_view lemma, bool conjugated_only) const {
  std::vector<std::string> out;
  const auto [from, to] = m_impl->entries.equal_range(lemma);
  for (auto it = from; it != to; ++it) {
    const auto flags = split_flags(it->second, m_impl->flag_type);
    if (!conjugated_only &&
        std::find(flags.begin(), flags.end(), m_impl->need_affix) == flags.end()) {
      out.push_back(it->first);
    }
    const std::u32string word = decode(it->first);
    for (const auto& f : flags) {
      const auto rules = m_impl->suffixes.find(f);
      if (rules == m_impl->suffixes.end()) {
        continue;
      }
      for (const auto& s : rules->second) {
        if ((conjugated_only && s.non_finite) || it->first.size() < s.strip.size() ||
            std::string_view(it->first).substr(it->first.size() - s.strip.size()) != s.strip ||
            !condition_holds(s.condition, word)) {
          continue;
        }
        out.push_back(it->first.substr(0, it->first.size() - s.strip.size()) + s.add);
      }
    }
  }
  // Each form must be recognised by Hunspell itself as a form of the lemma.
  const std::string lemma_s(lemma);
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const std::string& form) {
                             const auto stems = m_impl->checker->stem(form);
                             return std::find(stems.begin(), stems.end(), lemma_s) == stems.end();
                           }),
            out.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  const auto self = std::find(out.begin(), out.end(), lemma_s);
  if (self != out.end() && !conjugated_only) {
    std::rotate(out.begin(), self, self + 1);
  }
  return out;
}

std::string default_dictionary_path() {
  if (const char* env = std::getenv("VIGIE_HUNSPELL_DICT"); env != nullptr && *env != '\0') {
    return env;
  }
  return "/usr/share/hunspell/fr_FR";
}

}  // namespace vigie::rules::detail
