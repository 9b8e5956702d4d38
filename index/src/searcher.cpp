// Searching the index: query parsing with field filters, best pages per file, snippets,
// facets, spelling suggestions, similar documents.

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "errors.hpp"
#include "records.hpp"
#include "terms.hpp"
#include "vigie/analysis/normalize.hpp"
#include "vigie/index/index.hpp"

namespace vigie::index {

using namespace detail;

namespace {

constexpr std::size_t k_snippet_words = 36;
constexpr std::size_t k_similar_terms = 40;

// "kind:CCTP", "missing:participation.restitution": one exact term, case folded.
class ExactField : public Xapian::FieldProcessor {
 public:
  explicit ExactField(std::string prefix) : m_prefix(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(exact_term(m_prefix, value));
  }

 private:
  std::string m_prefix;
};

// "buyer:marseille", "place:noailles": every word, folded.
class WordsField : public Xapian::FieldProcessor {
 public:
  explicit WordsField(std::string prefix) : m_prefix(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override {
    const auto terms = field_terms(m_prefix, value);
    if (terms.empty()) {
      return Xapian::Query::MatchNothing;
    }
    return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
  }

 private:
  std::string m_prefix;
};

bool valid_year(const std::string& s) {
  return s.size() == 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The values of the year: filters of a query, checked: "2024", "2021..2024", "..2020",
// "2021..". Returns the first bad value.
std::optional<std::string> check_years(const std::string& query) {
  std::size_t at = 0;
  while ((at = query.find("year:", at)) != std::string::npos) {
    if (at > 0 && query[at - 1] != ' ' && query[at - 1] != '(') {
      at += 5;
      continue;
    }
    std::size_t end = query.find_first_of(" )", at + 5);
    if (end == std::string::npos) {
      end = query.size();
    }
    const std::string value = query.substr(at + 5, end - at - 5);
    const auto dots = value.find("..");
    const bool ok = dots == std::string::npos
                        ? valid_year(value)
                        : (dots == 0 || valid_year(value.substr(0, dots))) &&
                              (dots + 2 == value.size() || valid_year(value.substr(dots + 2))) &&
                              value.size() > 2;
    if (!ok) {
      return value;
    }
    at = end;
  }
  return std::nullopt;
}

// "year:2024" or "year:2021..2024" (either end may be left out).
class YearField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    const auto dots = value.find("..");
    // Values were checked before parsing (check_years): a FieldProcessor must not throw,
    // Xapian's parser leaks what it holds when one does.
    const auto year = [&](const std::string& s) { return valid_year(s) ? std::stoi(s) : 0; };
    if (dots == std::string::npos) {
      return Xapian::Query(std::string(k_year) + std::to_string(year(value)));
    }
    const std::string from = value.substr(0, dots);
    const std::string to = value.substr(dots + 2);
    const double lo = from.empty() ? 0 : year(from);
    const double hi = to.empty() ? 9999 : year(to);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, k_slot_year, Xapian::sortable_serialise(lo),
                         Xapian::sortable_serialise(hi));
  }
};

// Folds the words of a query, leaving its operators and field names as they are.
std::string prepare_query(const std::string& query) {
  static const std::set<std::string> k_operators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  std::string out;
  std::size_t i = 0;
  while (i < query.size()) {
    std::size_t j = i;
    while (j < query.size() && query[j] != ' ') {
      ++j;
    }
    std::string token = query.substr(i, j - i);
    const std::string head = token.substr(0, token.find('/'));
    if (k_operators.count(head) == 0) {
      const auto colon = token.find(':');
      if (colon != std::string::npos && colon > 0 &&
          std::all_of(token.begin(), token.begin() + static_cast<long>(colon),
                      [](char c) { return c >= 'a' && c <= 'z'; })) {
        token = token.substr(0, colon + 1) + analysis::fold_string(token.substr(colon + 1));
      } else {
        token = fold_and_prepare(token);
        // fold_string drops an opening or closing quote's spacing; keep quotes as typed.
      }
    }
    out += token;
    if (j < query.size()) {
      out += ' ';
    }
    i = j + 1;
  }
  // Xapian 1.4 dereferences a null query when a group required with '+' holds only stop
  // words joined by punctuation ("+(de,la)"), whatever precedes the '+'. With AND as the
  // default operator a group is required anyway: the '+' is dropped, the meaning kept.
  for (std::size_t plus = out.find("+("); plus != std::string::npos; plus = out.find("+(", plus)) {
    out.erase(plus, 1);
  }
  return out;
}

Xapian::QueryParser make_parser(const Xapian::Database* db) {
  Xapian::QueryParser qp;
  if (db != nullptr) {
    qp.set_database(*db);
  }
  qp.set_stemmer(french_stemmer());
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(&french_stopper());
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_boolean_prefix("kind", (new ExactField(std::string(k_kind)))->release());
  qp.add_boolean_prefix("missing", (new ExactField(std::string(k_missing)))->release());
  qp.add_boolean_prefix("flagged", (new ExactField(std::string(k_flagged)))->release());
  qp.add_boolean_prefix("buyer", (new WordsField(std::string(k_buyer)))->release());
  qp.add_boolean_prefix("place", (new WordsField(std::string(k_place)))->release());
  qp.add_boolean_prefix("procedure", (new WordsField(std::string(k_procedure)))->release());
  qp.add_boolean_prefix("year", (new YearField())->release());
  return qp;
}

constexpr unsigned k_parse_flags =
    Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_SPELLING_CORRECTION | Xapian::QueryParser::FLAG_PURE_NOT;

// The words of a query ending with '*' ("concert*"), folded, without the star: Xapian does
// not report the terms a wildcard expanded to, so snippets match them by prefix.
std::vector<std::string> wildcard_prefixes(const std::string& prepared) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = prepared.find('*', i)) != std::string::npos) {
    std::size_t b = i;
    while (b > 0 && analysis::is_word_byte(prepared[b - 1])) {
      --b;
    }
    if (b < i) {
      out.push_back(prepared.substr(b, i - b));
    }
    ++i;
  }
  return out;
}

// The best window of a page's text around the matched words.
PageHit make_snippet(const PageData& page, const std::set<std::string>& terms,
                     const std::vector<std::string>& prefixes) {
  PageHit hit;
  hit.page = page.page;
  const auto folded = analysis::fold(page.text);
  const std::string& t = folded.text;
  struct Word {
    std::size_t begin;
    std::size_t end;
    bool match;
  };
  std::vector<Word> words;
  for_each_word(t, [&](std::size_t b, std::size_t e) {
    const std::string w = t.substr(b, e - b);
    bool match = !french_stopper()(w) && (terms.count(w) > 0 || terms.count(stemmed_term(w)) > 0);
    for (const auto& p : prefixes) {
      match = match || w.rfind(p, 0) == 0;
    }
    words.push_back({b, e, match});
  });
  if (words.empty()) {
    return hit;
  }
  // The window of k_snippet_words words holding most matches (first one on ties).
  std::size_t best = 0;
  int best_count = -1;
  int count = 0;
  for (std::size_t w = 0; w < words.size(); ++w) {
    count += words[w].match ? 1 : 0;
    if (w >= k_snippet_words) {
      count -= words[w - k_snippet_words].match ? 1 : 0;
    }
    const std::size_t start = w + 1 >= k_snippet_words ? w + 1 - k_snippet_words : 0;
    if (count > best_count) {
      best_count = count;
      best = start;
    }
  }
  // Start a little before the first match of the window.
  std::size_t first = best;
  while (first < words.size() && first < best + k_snippet_words && !words[first].match) {
    ++first;
  }
  const std::size_t from = first > best + 4 ? first - 4 : best;
  const std::size_t to = std::min(words.size(), from + k_snippet_words);
  std::string plain;
  std::size_t at = folded.source_span(words[from].begin, words[from].begin).begin;
  const auto src = [&](std::size_t b, std::size_t e) {
    // Line and block breaks as single spaces.
    std::string s;
    bool space = false;
    for (const char c : std::string_view(page.text).substr(b, e - b)) {
      if (c == '\n' || c == ' ' || c == '\t' || c == '\f') {
        space = true;
        continue;
      }
      if (space) {
        s += ' ';
        space = false;
      }
      s += c;
    }
    if (space) {
      s += ' ';
    }
    return s;
  };
  std::string current;
  for (std::size_t w = from; w < to; ++w) {
    if (!words[w].match) {
      continue;
    }
    const auto span = folded.source_span(words[w].begin, words[w].end);
    current += src(at, span.begin);
    hit.pieces.push_back(current);
    hit.pieces.push_back(src(span.begin, span.end));
    current.clear();
    at = span.end;
  }
  const std::size_t end = folded.source_span(words[to - 1].end, words[to - 1].end).begin;
  current += src(at, std::max(at, end));
  hit.pieces.push_back(current);
  if (from > 0) {
    hit.pieces.front().insert(0, "… ");
  }
  if (to < words.size()) {
    hit.pieces.back() += " …";
  }
  for (const auto& p : hit.pieces) {
    plain += p;
  }
  hit.snippet = plain;
  return hit;
}

void add_facet(std::vector<Facet>& facets, const std::string& value) {
  if (value.empty()) {
    return;
  }
  auto it =
      std::find_if(facets.begin(), facets.end(), [&](const Facet& f) { return f.value == value; });
  if (it == facets.end()) {
    facets.push_back({value, 1});
  } else {
    ++it->files;
  }
}

void sort_facets(std::vector<Facet>& facets, bool by_value_desc) {
  std::sort(facets.begin(), facets.end(), [&](const Facet& a, const Facet& b) {
    if (by_value_desc) {
      return a.value > b.value;
    }
    return a.files != b.files ? a.files > b.files : a.value < b.value;
  });
}

// Sees every matching page: counts the files they belong to (content ids) and, once per
// file, its kind, year and buyer, for the facets of the whole result set.
class FileFacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    // Content ids are 16 hex digits: kept as 64-bit numbers, no string kept per page seen.
    const std::string content = doc.get_value(k_slot_content);
    std::uint64_t id = 0;
    const auto parsed = std::from_chars(content.data(), content.data() + content.size(), id, 16);
    if (parsed.ec != std::errc() || parsed.ptr != content.data() + content.size()) {
      id = std::hash<std::string>{}(content);  // not written by this version of vigie
    }
    if (!m_seen.insert(id).second) {
      return;
    }
    count(m_kinds, doc.get_value(k_slot_kind));
    count(m_years, doc.get_value(k_slot_year_text));
    count(m_buyers, doc.get_value(k_slot_buyer));
  }

  [[nodiscard]] std::size_t files() const { return m_seen.size(); }

  void facets(std::vector<Facet>& kinds, std::vector<Facet>& years,
              std::vector<Facet>& buyers) const {
    for (const auto& [from, to] : {std::pair{&m_kinds, &kinds}, std::pair{&m_years, &years},
                                   std::pair{&m_buyers, &buyers}}) {
      for (const auto& [value, n] : *from) {
        to->push_back({value, n});
      }
    }
  }

 private:
  static void count(std::map<std::string, int>& m, std::string value) {
    if (!value.empty()) {
      ++m[std::move(value)];
    }
  }

  std::unordered_set<std::uint64_t> m_seen;
  std::map<std::string, int> m_kinds;
  std::map<std::string, int> m_years;
  std::map<std::string, int> m_buyers;
};

// A year filter that does not parse, as an error.
Error bad_year(const std::string& query, const std::string& value) {
  return {ErrorCode::bad_query, "requête illisible « " + query + " » : année « " + value +
                                    " » illisible (year:2024, year:2021..2024, year:..2020)"};
}

// `text` parsed as a search query, the parser (for its corrected query) kept by the caller.
Xapian::Query parse(Xapian::QueryParser& qp, const std::string& prepared) {
  return prepared.find_first_not_of(' ') == std::string::npos
             ? Xapian::Query::MatchAll
             : qp.parse_query(prepared, k_parse_flags, "");
}

}  // namespace

Result<std::string> validate_query(std::string_view text) {
  const std::string query(text);
  try {
    if (const auto bad = check_years(query)) {
      return bad_year(query, *bad);
    }
    auto qp = make_parser(nullptr);
    return parse(qp, prepare_query(query)).get_description();
  } catch (const Xapian::QueryParserError& e) {
    return Error{ErrorCode::bad_query, "requête illisible « " + query + " » : " + e.get_msg()};
  } catch (...) {
    return from_current_exception("(requête « " + query + " »)");
  }
}

namespace {

// The databases of a searcher, for messages: "/data/a, /data/b".
std::string joined(const std::vector<std::string>& databases) {
  std::string out;
  for (const auto& d : databases) {
    out += (out.empty() ? "" : ", ") + d;
  }
  return out;
}

}  // namespace

struct Searcher::Impl {
  Xapian::Database db;
  bool remote = false;  // one of the databases is served by xapian-tcpsrv
  std::string where;    // the databases, for messages

  [[nodiscard]] std::vector<FileRecord> records_of(const std::string& content_id) const {
    std::vector<FileRecord> out;
    const std::string term = std::string(k_file_content) + content_id;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      out.push_back(decode_file(db.get_document(*it).get_data()));
    }
    std::sort(out.begin(), out.end(),
              [](const FileRecord& a, const FileRecord& b) { return a.path < b.path; });
    return out;
  }

  // Runs `q` over the page documents: files in rank order with their best pages.
  [[nodiscard]] SearchResults run(const Xapian::Query& q, const Query& options,
                                  bool with_shared_terms,
                                  const std::vector<std::string>& prefixes = {}) const {
    SearchResults out;
    const Xapian::Query pages(Xapian::Query::OP_FILTER, q, Xapian::Query(std::string(k_type_page)));
    const auto all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    const auto first = static_cast<Xapian::doccount>(std::max(0, options.offset));
    const auto count = static_cast<Xapian::doccount>(std::max(0, options.limit));
    // Pass 1: the files to list, in rank order (their best page each); Xapian may stop early.
    Xapian::Enquire files(db);
    files.set_query(pages);
    files.set_collapse_key(k_slot_content, 1);
    const Xapian::MSet ranked = remote ? files.get_mset(0, all, all) : files.get_mset(first, count);
    // Pass 2: every match, unranked, seen by the spy that counts files and their facets. A
    // server (xapian-tcpsrv) does not know that spy: there the whole ranked set is counted.
    FileFacetSpy spy;
    if (remote) {
      for (auto it = ranked.begin(); it != ranked.end(); ++it) {
        spy(it.get_document(), 0);
      }
    } else {
      Xapian::Enquire counting(db);
      counting.set_query(pages);
      counting.set_weighting_scheme(Xapian::BoolWeight());
      counting.add_matchspy(&spy);
      (void)counting.get_mset(0, 0, all);
    }
    out.total_files = static_cast<int>(spy.files());
    spy.facets(out.kinds, out.years, out.buyers);
    sort_facets(out.kinds, false);
    sort_facets(out.years, true);
    sort_facets(out.buyers, false);
    std::vector<std::string> order;
    for (auto it = ranked.begin(); it != ranked.end(); ++it) {
      const auto rank = static_cast<Xapian::doccount>(it.get_rank());
      if (!remote || (rank >= first && rank < first + count)) {
        order.push_back(it.get_document().get_value(k_slot_content));
      }
    }
    // Pass 3: each listed file's best pages and how many of its pages match.
    for (const auto& content : order) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, pages,
                                      Xapian::Query(std::string(k_content) + content)));
      const Xapian::MSet best = enquire.get_mset(
          0, static_cast<Xapian::doccount>(std::max(1, options.pages_per_file)), all);
      if (best.empty()) {
        continue;
      }
      const auto records = records_of(content);
      FileHit hit;
      if (!records.empty()) {
        hit.file = records.front();
        for (std::size_t r = 1; r < records.size(); ++r) {
          hit.other_paths.push_back(records[r].path);
        }
      }
      hit.score = best.begin().get_weight();
      hit.matching_pages = static_cast<int>(best.get_matches_estimated());
      std::set<std::string> shared;
      for (auto item = best.begin(); item != best.end(); ++item) {
        std::set<std::string> terms;
        for (auto t = enquire.get_matching_terms_begin(item);
             t != enquire.get_matching_terms_end(item); ++t) {
          terms.insert(*t);
          if (with_shared_terms) {
            shared.insert(*t);
          }
        }
        PageHit page = make_snippet(decode_page(item.get_document().get_data()), terms, prefixes);
        page.score = item.get_weight();
        hit.pages.push_back(std::move(page));
      }
      hit.shared_terms.assign(shared.begin(), shared.end());
      out.files.push_back(std::move(hit));
    }
    return out;
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::open(const std::vector<std::string>& databases) {
  auto impl = std::make_unique<Impl>();
  impl->where = joined(databases);
  for (const auto& d : databases) {
    try {
      if (d.rfind("tcp:", 0) == 0) {
        const auto colon = d.rfind(':');
        const std::string host = d.substr(4, colon - 4);
        unsigned port = 0;
        const auto* end = d.data() + d.size();
        const auto parsed = std::from_chars(d.data() + colon + 1, end, port);
        if (colon < 4 || parsed.ec != std::errc() || parsed.ptr != end) {
          return Error{ErrorCode::not_found,
                       "adresse d'index illisible « " + d + " » (tcp:HÔTE:PORT)"};
        }
        impl->db.add_database(Xapian::Remote::open(host, port));
        impl->remote = true;
      } else {
        if (!std::filesystem::exists(d)) {
          return Error{ErrorCode::not_found,
                       "aucun index dans " + d + " : créez-le avec « vigie index add DOSSIER »"};
        }
        impl->db.add_database(Xapian::Database(d));
      }
    } catch (...) {
      return from_current_exception(d);
    }
  }
  return Searcher(std::move(impl));
}

Result<SearchResults> Searcher::search(const Query& query) const {
  try {
    if (const auto bad = check_years(query.text)) {
      return bad_year(query.text, *bad);
    }
    auto qp = make_parser(&m_impl->db);
    const std::string prepared = prepare_query(query.text);
    Xapian::Query q = parse(qp, prepared);
    SearchResults out = m_impl->run(q, query, false, wildcard_prefixes(prepared));
    out.query = q.get_description();
    if (out.total_files == 0) {
      out.suggestion = qp.get_corrected_query_string();
    }
    return out;
  } catch (const Xapian::QueryParserError& e) {
    return Error{ErrorCode::bad_query, "requête illisible « " + query.text + " » : " + e.get_msg()};
  } catch (...) {
    return from_current_exception(m_impl->where);
  }
}

Result<SearchResults> Searcher::similar(const analysis::AnalyzedDocument& draft, int limit) const {
  try {
    // The draft's stemmed terms, weighted by frequency in the draft and rarity in the index.
    Xapian::TermGenerator gen;
    gen.set_stemmer(french_stemmer());
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    gen.set_stopper(&french_stopper());
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(prepare(draft.folded.text));
    const double n = std::max<double>(1, m_impl->db.get_doccount());
    std::vector<std::pair<double, std::string>> weighted;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.empty() || term[0] != 'Z' || term.size() < 4) {
        continue;
      }
      const auto tf = m_impl->db.get_termfreq(term);
      if (tf == 0 || static_cast<double>(tf) > n / 2) {
        continue;
      }
      weighted.emplace_back(
          static_cast<double>(t.get_wdf()) * std::log(n / static_cast<double>(tf)), term);
    }
    std::sort(weighted.rbegin(), weighted.rend());
    if (weighted.size() > k_similar_terms) {
      weighted.resize(k_similar_terms);
    }
    std::vector<std::string> terms;
    for (const auto& w : weighted) {
      terms.push_back(w.second);
    }
    Query options;
    options.limit = limit;
    options.pages_per_file = 1;
    SearchResults out =
        m_impl->run(Xapian::Query(Xapian::Query::OP_ELITE_SET, terms.begin(), terms.end(),
                                  static_cast<Xapian::termcount>(k_similar_terms)),
                    options, true);
    // Shared terms shown as words of the draft, not as stems.
    std::map<std::string, std::string> surface;
    const std::string& t = draft.folded.text;
    for_each_word(t, [&](std::size_t b, std::size_t e) {
      const std::string w = t.substr(b, e - b);
      surface.emplace(stemmed_term(w), w);
    });
    for (auto& f : out.files) {
      for (auto& s : f.shared_terms) {
        if (const auto it = surface.find(s); it != surface.end()) {
          s = it->second;
        }
      }
    }
    // A draft that is itself indexed is not similar to itself.
    out.files.erase(
        std::remove_if(out.files.begin(), out.files.end(),
                       [&](const FileHit& h) { return h.file.content_id == draft.document.id; }),
        out.files.end());
    return out;
  } catch (...) {
    return from_current_exception(m_impl->where);
  }
}

Result<Stats> Searcher::stats() const {
  return guarded(m_impl->where, [&]() -> Result<Stats> {
    Stats s;
    const auto& db = m_impl->db;
    const std::string type(k_type_file);
    std::set<std::string> contents;
    for (auto it = db.postlist_begin(type); it != db.postlist_end(type); ++it) {
      const auto r = decode_file(db.get_document(*it).get_data());
      ++s.files;
      if (contents.insert(r.content_id).second) {
        add_facet(s.kinds, r.kind);
        add_facet(s.years, r.year > 0 ? std::to_string(r.year) : std::string());
      }
      s.last_update = std::max(s.last_update, r.indexed_at);
    }
    s.contents = static_cast<int>(contents.size());
    s.pages = static_cast<int>(db.get_termfreq(std::string(k_type_page)));
    sort_facets(s.kinds, false);
    sort_facets(s.years, true);
    return s;
  });
}

Result<std::vector<FileRecord>> Searcher::list(const std::string& filter) const {
  return guarded(m_impl->where, [&]() -> Result<std::vector<FileRecord>> {
    std::vector<FileRecord> out;
    if (filter.find_first_not_of(' ') == std::string::npos) {
      const std::string type(k_type_file);
      for (auto it = m_impl->db.postlist_begin(type); it != m_impl->db.postlist_end(type); ++it) {
        out.push_back(decode_file(m_impl->db.get_document(*it).get_data()));
      }
    } else {
      Query q;
      q.text = filter;
      q.limit = 1 << 30;
      q.pages_per_file = 1;
      auto r = search(q);
      if (!r.ok()) {
        return r.error();
      }
      for (auto& f : r.value().files) {
        out.push_back(f.file);
        for (const auto& p : f.other_paths) {
          FileRecord copy = f.file;
          copy.path = p;
          out.push_back(copy);
        }
      }
    }
    std::sort(out.begin(), out.end(),
              [](const FileRecord& a, const FileRecord& b) { return a.path < b.path; });
    return out;
  });
}

}  // namespace vigie::index
