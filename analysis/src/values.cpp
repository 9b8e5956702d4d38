// Dates, amounts and durations written the French way, read from folded text.

#include <array>
#include <cmath>
#include <cstdio>

#include "vigie/analysis/text_tools.hpp"

namespace vigie::analysis {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 12> k_months = {
    "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
    "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};

constexpr std::array<std::string_view, 7> k_weekdays = {"lundi",    "mardi",  "mercredi", "jeudi",
                                                        "vendredi", "samedi", "dimanche"};

struct Reader {
  std::string_view s;
  std::size_t pos = 0;

  [[nodiscard]] bool at_end() const { return pos >= s.size(); }
  [[nodiscard]] char peek(std::size_t k = 0) const {
    return pos + k < s.size() ? s[pos + k] : '\0';
  }
  void spaces() {
    while (pos < s.size() && s[pos] == ' ') {
      ++pos;
    }
  }
  // Reads 1..max digits; -1 when there are none.
  int digits(std::size_t min, std::size_t max, std::size_t* count = nullptr) {
    std::size_t p = pos;
    int v = 0;
    while (p < s.size() && is_digit(s[p]) && p - pos < max) {
      v = v * 10 + (s[p] - '0');
      ++p;
    }
    if (p - pos < min || (p < s.size() && is_digit(s[p]))) {
      return -1;
    }
    if (count != nullptr) {
      *count = p - pos;
    }
    pos = p;
    return v;
  }
  bool word(std::string_view w) {
    if (s.substr(pos).starts_with(w) &&
        (pos + w.size() >= s.size() || !is_word_byte(s[pos + w.size()]) ||
         !is_word_byte(w.back()))) {
      pos += w.size();
      return true;
    }
    return false;
  }
};

bool valid_date(const DateTime& d) {
  return d.year >= 1990 && d.year <= 2100 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= 31;
}

// A time after a date: "à 12h00", "a 12 h 30", "12:00", "avant 16 heures", "- 17h".
void read_time(Reader& r, DateTime& d, std::size_t& end) {
  Reader t = r;
  t.spaces();
  if (t.peek() == ',' || t.peek() == '-') {
    ++t.pos;
    t.spaces();
  }
  for (const std::string_view lead :
       {"a", "avant", "jusqu'a", "au plus tard a", "heure limite :"}) {
    Reader probe = t;
    if (probe.word(lead)) {
      probe.spaces();
      if (is_digit(probe.peek())) {
        t = probe;
        break;
      }
    }
  }
  const int hour = t.digits(1, 2);
  if (hour < 0 || hour > 23) {
    return;
  }
  t.spaces();
  int minute = 0;
  if (t.peek() == 'h' || t.peek() == ':') {
    if (t.word("heures") || t.word("heure")) {
      // "16 heures", "16 heures 30"
    } else {
      ++t.pos;
    }
    Reader m = t;
    m.spaces();
    const int v = m.digits(2, 2);
    if (v >= 0 && v < 60) {
      minute = v;
      t = m;
    }
  } else {
    return;  // a bare number after a date is not a time
  }
  d.hour = hour;
  d.minute = minute;
  end = t.pos;
}

std::optional<std::pair<DateTime, Found>> date_at(std::string_view s, std::size_t start) {
  Reader r{s, start};
  DateTime d;
  std::size_t begin = start;
  // Optional weekday.
  for (const auto day : k_weekdays) {
    Reader probe = r;
    if (probe.word(day)) {
      probe.spaces();
      if (is_digit(probe.peek())) {
        r = probe;
      }
      break;
    }
  }
  if (!is_digit(r.peek())) {
    return std::nullopt;
  }
  std::size_t count = 0;
  Reader first = r;
  const int a = first.digits(1, 4, &count);
  if (a < 0) {
    return std::nullopt;
  }
  if (count == 4 && first.peek() == '-') {  // 2026-03-15
    Reader iso = first;
    ++iso.pos;
    const int m = iso.digits(2, 2);
    if (m < 0 || iso.peek() != '-') {
      return std::nullopt;
    }
    ++iso.pos;
    const int dd = iso.digits(2, 2);
    d = DateTime{a, m, dd};
    if (!valid_date(d)) {
      return std::nullopt;
    }
    std::size_t end = iso.pos;
    read_time(iso, d, end);
    return std::make_pair(d, Found{begin, end});
  }
  if (count > 2) {
    return std::nullopt;
  }
  d.day = a;
  r = first;
  if (r.word("er")) {  // "1er avril"
  }
  const char sep = r.peek();
  if (sep == '/' || sep == '.' || sep == '-') {  // 15/03/2026
    ++r.pos;
    const int m = r.digits(1, 2);
    if (m < 0 || r.peek() != sep) {
      return std::nullopt;
    }
    ++r.pos;
    std::size_t ycount = 0;
    int y = r.digits(2, 4, &ycount);
    if (y < 0 || ycount == 3) {
      return std::nullopt;
    }
    if (ycount == 2) {
      y += 2000;
    }
    d.month = m;
    d.year = y;
  } else {
    r.spaces();
    int month = 0;
    for (std::size_t i = 0; i < k_months.size(); ++i) {
      if (r.word(k_months[i])) {
        month = static_cast<int>(i) + 1;
        break;
      }
    }
    if (month == 0) {
      return std::nullopt;
    }
    r.spaces();
    const int y = r.digits(4, 4);
    if (y < 0) {
      return std::nullopt;
    }
    d.month = month;
    d.year = y;
  }
  if (!valid_date(d)) {
    return std::nullopt;
  }
  std::size_t end = r.pos;
  read_time(r, d, end);
  return std::make_pair(d, Found{begin, end});
}

struct NumberWord {
  std::string_view word;
  int value;
};

// Compound words before their first word ("dix-huit" before "dix").
constexpr std::array<NumberWord, 29> k_number_words = {{{"vingt-quatre", 24},
                                                        {"trente-six", 36},
                                                        {"quarante-huit", 48},
                                                        {"soixante-douze", 72},
                                                        {"dix-huit", 18},
                                                        {"dix-sept", 17},
                                                        {"dix-neuf", 19},
                                                        {"vingt", 20},
                                                        {"trente", 30},
                                                        {"quarante", 40},
                                                        {"cinquante", 50},
                                                        {"soixante", 60},
                                                        {"onze", 11},
                                                        {"douze", 12},
                                                        {"treize", 13},
                                                        {"quatorze", 14},
                                                        {"quinze", 15},
                                                        {"seize", 16},
                                                        {"un", 1},
                                                        {"une", 1},
                                                        {"deux", 2},
                                                        {"trois", 3},
                                                        {"quatre", 4},
                                                        {"cinq", 5},
                                                        {"six", 6},
                                                        {"sept", 7},
                                                        {"huit", 8},
                                                        {"neuf", 9},
                                                        {"dix", 10}}};

}  // namespace

std::string DateTime::iso() const {
  char buf[32];
  if (hour >= 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::optional<std::pair<DateTime, Found>> find_date(std::string_view folded) {
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (i > 0 && is_word_byte(folded[i - 1])) {
      continue;
    }
    const char c = folded[i];
    if (!is_digit(c) && c != 'l' && c != 'm' && c != 'j' && c != 'v' && c != 's' && c != 'd') {
      continue;
    }
    if (auto found = date_at(folded, i)) {
      return found;
    }
  }
  return std::nullopt;
}

std::string Amount::value() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f EUR", euros);
  std::string v = buf;
  if (!tax.empty()) {
    v += " " + tax;
  }
  return v;
}

std::optional<std::pair<Amount, Found>> find_amount(std::string_view folded) {
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (!is_digit(folded[i]) ||
        (i > 0 && (is_word_byte(folded[i - 1]) || folded[i - 1] == ',' || folded[i - 1] == '.'))) {
      continue;
    }
    Reader r{folded, i};
    // Integer part: 1-3 digits then groups of exactly three separated by ' ' or '.', or a
    // plain run of digits.
    std::string integer;
    std::size_t count = 0;
    const int lead = r.digits(1, 12, &count);
    if (lead < 0) {
      continue;
    }
    integer.append(folded.substr(i, count));
    if (count <= 3) {
      while (true) {
        Reader g = r;
        const char sep = g.peek();
        if (sep != ' ' && sep != '.') {
          break;
        }
        ++g.pos;
        std::size_t gcount = 0;
        const std::size_t gstart = g.pos;
        if (g.digits(3, 3, &gcount) < 0) {
          break;
        }
        integer.append(folded.substr(gstart, 3));
        r = g;
      }
    }
    std::string fraction;
    if (r.peek() == ',' && is_digit(r.peek(1))) {
      ++r.pos;
      const std::size_t fstart = r.pos;
      std::size_t fcount = 0;
      if (r.digits(1, 2, &fcount) < 0) {
        continue;
      }
      fraction.assign(folded.substr(fstart, fcount));
    }
    double value = std::stod(integer + (fraction.empty() ? "" : "." + fraction));
    r.spaces();
    if (r.word("millions") || r.word("million")) {
      value *= 1e6;
      r.spaces();
      if (r.word("d'")) {
        r.spaces();
      } else if (r.word("de")) {
        r.spaces();
      }
    } else if (r.word("k")) {
      value *= 1e3;
    }
    if (!(r.word("\xE2\x82\xAC") || r.word("euros") || r.word("euro") || r.word("eur"))) {
      continue;
    }
    Amount amount;
    amount.euros = value;
    std::size_t end = r.pos;
    Reader t = r;
    t.spaces();
    if (t.word("ht") || t.word("h.t.") || t.word("h.t") || t.word("hors taxes") ||
        t.word("hors taxe") || t.word("hors tva")) {
      amount.tax = "HT";
      end = t.pos;
    } else if (t.word("ttc") || t.word("t.t.c.") || t.word("t.t.c") ||
               t.word("toutes taxes comprises")) {
      amount.tax = "TTC";
      end = t.pos;
    }
    return std::make_pair(amount, Found{i, end});
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, Found>> find_duration(std::string_view folded) {
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (i > 0 && is_word_byte(folded[i - 1])) {
      continue;
    }
    Reader r{folded, i};
    int n = -1;
    if (is_digit(folded[i])) {
      n = r.digits(1, 3);
    } else {
      for (const auto& nw : k_number_words) {
        if (r.word(nw.word)) {
          n = nw.value;
          break;
        }
      }
    }
    if (n <= 0) {
      continue;
    }
    r.spaces();
    if (r.peek() == '(') {  // "douze (12) mois"
      Reader p = r;
      ++p.pos;
      const int v = p.digits(1, 3);
      if (v > 0 && p.peek() == ')') {
        n = v;
        ++p.pos;
        r = p;
        r.spaces();
      }
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> k_units = {
        {{"mois", "mois"},
         {"annees", "ans"},
         {"annee", "ans"},
         {"ans", "ans"},
         {"an", "ans"},
         {"semaines", "semaines"},
         {"semaine", "semaines"},
         {"jours", "jours"},
         {"jour", "jours"},
         {"trimestres", "trimestres"}}};
    for (const auto& [word, unit] : k_units) {
      if (r.word(word)) {
        std::string value = std::to_string(n) + " " + std::string(unit);
        if (n == 1 && unit == "ans") {
          value = "1 an";
        }
        return std::make_pair(value, Found{i, r.pos});
      }
    }
  }
  return std::nullopt;
}

}  // namespace vigie::analysis
