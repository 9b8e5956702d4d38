// The rules engine: the anchors of every pattern in one Hyperscan database; each check
// scans the folded text once, then every rule verifies the matches it needs around them.

#include "vigie/rules/engine.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <optional>

#include "database_cache.hpp"
#include "lexicon.hpp"
#include "pattern.hpp"
#include "vigie/analysis/normalize.hpp"
#include "vigie/analysis/text_tools.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::rules {

using analysis::AnalyzedDocument;

namespace {

// A failure of the scanner, thrown inside this file only: every entry point of the engine
// turns it (and a lack of memory) into an Error (guarded below).
struct ScanFailure {
  Error error;
};

template <typename F>
auto guarded(F&& f) -> Result<decltype(f())> {
  try {
    return f();
  } catch (const ScanFailure& failure) {
    return failure.error;
  } catch (const std::bad_alloc&) {
    return Error{ErrorCode::out_of_memory, "mémoire insuffisante pour vérifier les règles"};
  } catch (const std::exception& e) {
    return Error{ErrorCode::internal, std::string("erreur interne des règles (") + e.what() + ")"};
  }
}

struct DatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};

// Scratch space per thread, grown to fit any database it is used with. Growing it
// (hs_alloc_scratch) checks the database each time, which cost a tenth of a check: each
// thread remembers the databases, by serial number, its scratch already fits.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<std::uint64_t> fitted;  // serial numbers of the databases it fits
  ThreadScratch() = default;
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() {
    if (scratch != nullptr) {
      hs_free_scratch(scratch);
    }
  }
};

// A serial number for each database compiled in this process, never reused.
std::uint64_t next_database_serial() {
  static std::atomic<std::uint64_t> serial{0};
  return ++serial;
}

hs_scratch_t* scratch_for(const hs_database_t* db, std::uint64_t serial) {
  thread_local ThreadScratch holder;
  if (std::find(holder.fitted.begin(), holder.fitted.end(), serial) != holder.fitted.end()) {
    return holder.scratch;
  }
  if (hs_alloc_scratch(db, &holder.scratch) != HS_SUCCESS) {
    throw ScanFailure{
        {ErrorCode::out_of_memory, "Hyperscan : mémoire de travail impossible à allouer"}};
  }
  if (holder.fitted.size() >= 64) {
    holder.fitted.erase(holder.fitted.begin());  // an old one is checked again if used again
  }
  holder.fitted.push_back(serial);
  return holder.scratch;
}

// A match in folded text.
struct Hit {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The longest word a pattern's match looks back over, in bytes.
constexpr std::size_t k_max_word_bytes = 64;

// Flags of a literal's entry for a pattern.
constexpr std::uint32_t k_ends_word = 1U;
constexpr std::uint32_t k_starts_word = 2U;
constexpr std::uint32_t k_second = 4U;  // a second anchor of the pattern, not its anchor
constexpr std::uint32_t k_flag_bits = 3U;

// Whether the word goes on at `end` further than a plural's "s" or "x".
bool continues_word(std::string_view text, std::size_t end) {
  if (end >= text.size() || !analysis::is_word_byte(text[end])) {
    return false;
  }
  const char c = text[end];
  return !((c == 's' || c == 'x') &&
           (end + 1 >= text.size() || !analysis::is_word_byte(text[end + 1])));
}

// Where the sentence around [a.begin, a.end) begins and ends, as gaps see it: a line break,
// or a word ending with . ! ? ; followed by a space. Looked for at most k_sentence_reach
// bytes away.
constexpr std::size_t k_sentence_reach = 600;
bool sentence_break(std::string_view text, std::size_t i) {
  const char c = text[i];
  return c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ';') && i + 1 < text.size() &&
                       text[i + 1] == ' ');
}

// Whether a second anchor (sorted by where it begins, in [first, last)) lies in the same
// sentence as `a`, before it or after it. Only the text between `a` and the nearest second
// anchor on that side is read: a sentence break there leaves the farther ones out too.
bool second_in_sentence(std::string_view text, const Hit& a, const Hit* first, const Hit* last,
                        bool before) {
  const auto no_break = [&](std::size_t from, std::size_t to) {
    if (to - from > k_sentence_reach) {
      return false;
    }
    for (std::size_t i = from; i < to; ++i) {
      if (sentence_break(text, i)) {
        return false;
      }
    }
    return true;
  };
  const Hit* it = std::lower_bound(first, last, before ? a.begin : a.end,
                                   [](const Hit& h, std::size_t at) { return h.begin < at; });
  if (before) {
    // The nearest one that ends before `a` begins.
    while (it != first) {
      --it;
      if (it->end <= a.begin) {
        return no_break(it->end, a.begin);
      }
    }
    return false;
  }
  return it != last && no_break(a.end, it->begin);
}

// An anchor literal found by Hyperscan: its id and where it ends.
struct LiteralHit {
  unsigned id = 0;
  std::size_t end = 0;
};

int on_literal(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
               void* context) {
  static_cast<std::vector<LiteralHit>*>(context)->push_back({id, static_cast<std::size_t>(to)});
  return 0;
}

std::string join_fr(const std::vector<std::string>& items, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? std::string(last_sep) : ", ";
    }
    out += items[i];
  }
  return out;
}

std::string page_ref(int page) { return page > 0 ? " (p. " + std::to_string(page) + ")" : ""; }

}  // namespace

struct Engine::Impl {
  struct Matcher {
    int pattern = -1;
    std::vector<int> near;
    std::vector<int> with;
    int within = 0;
  };
  struct CompiledGroup {
    std::string label;
    std::vector<Matcher> matchers;
  };
  struct CompiledRule {
    CompiledGroup main;
    std::vector<CompiledGroup> also;
    std::optional<CompiledGroup> when;
    std::vector<int> unless;
    std::vector<std::string> sections;  // the scope's heading words, folded
    std::vector<int> headings;          // section titles that state the clause
    // participation: mission — judged against the mission sections only when the document
    // is a mission through some of its sections (a concertation phase of a study).
    bool mission = false;
  };

  RuleSet set;
  std::unique_ptr<hs_database_t, DatabaseDeleter> db;  // every anchor literal
  std::uint64_t db_serial = 0;
  std::vector<detail::CompiledPattern> patterns;  // distinct patterns
  std::vector<std::string> pattern_texts;         // as written, parallel to patterns
  std::vector<std::string> literals;              // anchor literals, by Hyperscan id
  // The patterns anchored on each literal, with what their anchors require of the text
  // around: (pattern << k_flag_bits) | k_second | k_starts_word | k_ends_word.
  std::vector<std::vector<std::uint32_t>> literal_patterns;
  std::vector<std::uint32_t> literal_sizes;                              // bytes of each literal
  std::vector<CompiledRule> compiled;                                    // parallel to set.rules
  std::vector<std::pair<std::string, std::vector<int>>> tested_classes;  // with examples
  std::vector<int> level_declaration;
  std::vector<std::vector<int>> level_names;
  std::vector<std::vector<int>> level_means;

  // The anchors of every pattern in `text`: one Hyperscan pass.
  struct Anchors {
    std::vector<std::size_t> offsets;  // pattern p's anchors: items[offsets[p] .. offsets[p+1])
    std::vector<Hit> items;
    // The second anchors found (CompiledPattern::second_anchors), the same way.
    std::vector<std::size_t> second_offsets;
    std::vector<Hit> second_items;
    [[nodiscard]] bool empty(int p) const {
      return offsets.empty() ||
             offsets[static_cast<std::size_t>(p)] == offsets[static_cast<std::size_t>(p) + 1];
    }
    [[nodiscard]] const Hit* begin(int p) const {
      return items.data() + offsets[static_cast<std::size_t>(p)];
    }
    [[nodiscard]] const Hit* end(int p) const {
      return items.data() + offsets[static_cast<std::size_t>(p) + 1];
    }
  };
  [[nodiscard]] Anchors scan(std::string_view text) const;
  // The matches of pattern `pid` around its anchors.
  [[nodiscard]] std::vector<Hit> verify(int pid, std::string_view text,
                                        const Anchors& anchors) const;
};

namespace {

// Folds, translates and deduplicates patterns; records errors with their location.
class Compiler {
 public:
  Compiler(const RuleSet& set, std::vector<detail::CompiledPattern>& patterns,
           std::vector<std::string>& texts, std::vector<LoadError>& errors)
      : m_set(set), m_patterns(patterns), m_texts(texts), m_errors(errors) {
    for (const auto& [name, list] : m_set.vocabulary) {
      auto& list_texts = m_class_texts[name];
      for (const auto& p : list) {
        list_texts.push_back(p.text);
      }
    }
    m_context.word_class = [this](std::string_view name) -> const std::vector<std::string>* {
      const auto it = m_class_texts.find(name);
      return it == m_class_texts.end() ? nullptr : &it->second;
    };
    m_context.lemma_forms = detail::lemma_forms;
    m_context.classes = detail::make_class_cache();
  }

  std::vector<int> patterns(const std::vector<Pattern>& list) {
    std::vector<int> out;
    for (const auto& p : list) {
      add(p, out, 0);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  Engine::Impl::CompiledGroup group(const Group& g) {
    Engine::Impl::CompiledGroup out;
    out.label = g.label;
    for (const auto& alt : g.alternatives) {
      Engine::Impl::Matcher m;
      if (alt.near.empty()) {
        for (const int id : patterns({alt.pattern})) {
          m.pattern = id;
          out.matchers.push_back(m);
        }
        continue;
      }
      m.near = patterns(alt.near);
      m.with = patterns(alt.with);
      m.within = alt.within;
      out.matchers.push_back(std::move(m));
    }
    return out;
  }

 private:
  // A pattern, or every pattern of a word class cited alone ("@source"): each is then matched
  // and reported on its own.
  void add(const Pattern& p, std::vector<int>& out, int depth) {
    const bool whole_class = p.text.size() > 1 && p.text.front() == '@' &&
                             p.text.find_first_of(" ()[]<>{}|") == std::string::npos;
    if (!whole_class) {
      if (const int id = one(p); id >= 0) {
        out.push_back(id);
      }
      return;
    }
    const auto it = m_set.vocabulary.find(std::string_view(p.text).substr(1));
    if (it == m_set.vocabulary.end()) {
      m_errors.push_back({p.where, "classe de mots inconnue « " + p.text + " »"});
      return;
    }
    if (depth >= 4) {
      m_errors.push_back(
          {p.where, "la classe « " + p.text + " » se cite elle-même, directement ou non"});
      return;
    }
    for (const auto& q : it->second) {
      add(q, out, depth + 1);
    }
  }

  int one(const Pattern& p) {
    // Patterns that fold to the same text are one pattern, compiled and matched once.
    const std::string key = analysis::fold_string(p.text);
    if (const auto it = m_ids.find(key); it != m_ids.end()) {
      return it->second;
    }
    auto result = detail::compile_pattern(p.text, m_context);
    if (const auto* err = std::get_if<detail::PatternError>(&result)) {
      SourceLocation at = p.where;
      at.column += detail::count_chars(p.text, err->offset);
      m_errors.push_back({at, "motif « " + p.text + " » : " + err->message});
      return -1;
    }
    const int id = static_cast<int>(m_patterns.size());
    m_patterns.push_back(std::get<detail::CompiledPattern>(std::move(result)));
    m_texts.push_back(p.text);
    m_ids.emplace(key, id);
    return id;
  }

  const RuleSet& m_set;
  std::vector<detail::CompiledPattern>& m_patterns;
  std::vector<std::string>& m_texts;
  std::vector<LoadError>& m_errors;
  std::map<std::string, int> m_ids;
  std::map<std::string, std::vector<std::string>, std::less<>> m_class_texts;
  detail::PatternContext m_context;
};

}  // namespace

Engine::Impl::Anchors Engine::Impl::scan(std::string_view text) const {
  Anchors anchors;
  if (!db || text.empty()) {
    return anchors;
  }
  std::vector<LiteralHit> found;
  found.reserve(text.size() / 32);
  const auto rc = hs_scan(db.get(), text.data(), static_cast<unsigned>(text.size()), 0,
                          scratch_for(db.get(), db_serial), on_literal, &found);
  if (rc != HS_SUCCESS) {
    throw ScanFailure{{ErrorCode::scan_failed,
                       "Hyperscan : échec de l'analyse du texte (" + std::to_string(rc) + ")"}};
  }
  // Each literal found, for each pattern whose anchor (or second anchor) it is and which its
  // surroundings allow ("vue" inside "prévue", "pres" inside "prestations" cannot be part of
  // a match).
  struct Kept {
    std::uint32_t pattern;
    std::uint32_t literal;  // index in `found`
  };
  std::vector<Kept> kept;
  std::vector<Kept> kept_second;
  kept.reserve(found.size() * 2);
  anchors.offsets.assign(patterns.size() + 1, 0);
  anchors.second_offsets.assign(patterns.size() + 1, 0);
  for (std::uint32_t i = 0; i < found.size(); ++i) {
    const LiteralHit& f = found[i];
    const std::size_t begin = f.end - literal_sizes[f.id];
    const bool inside_word = begin > 0 && analysis::is_word_byte(text[begin - 1]);
    const bool goes_on = continues_word(text, f.end);
    for (const std::uint32_t entry : literal_patterns[f.id]) {
      if (((entry & k_starts_word) != 0 && inside_word) ||
          ((entry & k_ends_word) != 0 && goes_on)) {
        continue;
      }
      const std::uint32_t pid = entry >> k_flag_bits;
      if ((entry & k_second) != 0) {
        kept_second.push_back({pid, i});
        ++anchors.second_offsets[pid + 1];
      } else {
        kept.push_back({pid, i});
        ++anchors.offsets[pid + 1];
      }
    }
  }
  // Grouped by pattern, in text order (a counting sort: no allocation per pattern).
  const auto group = [&](const std::vector<Kept>& list, std::vector<std::size_t>& offsets,
                         std::vector<Hit>& items) {
    for (std::size_t p = 1; p < offsets.size(); ++p) {
      offsets[p] += offsets[p - 1];
    }
    items.resize(list.size());
    std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
    for (const auto& k : list) {
      const LiteralHit& f = found[k.literal];
      items[next[k.pattern]++] = {f.end - literal_sizes[f.id], f.end};
    }
  };
  group(kept, anchors.offsets, anchors.items);
  group(kept_second, anchors.second_offsets, anchors.second_items);
  // Hyperscan reports literals by where they end: second anchors are searched by where they
  // begin.
  for (std::size_t p = 0; p + 1 < anchors.second_offsets.size(); ++p) {
    const auto first =
        anchors.second_items.begin() + static_cast<std::ptrdiff_t>(anchors.second_offsets[p]);
    const auto last =
        anchors.second_items.begin() + static_cast<std::ptrdiff_t>(anchors.second_offsets[p + 1]);
    if (!std::is_sorted(first, last,
                        [](const Hit& x, const Hit& y) { return x.begin < y.begin; })) {
      std::sort(first, last, [](const Hit& x, const Hit& y) { return x.begin < y.begin; });
    }
  }
  return anchors;
}

std::vector<Hit> Engine::Impl::verify(int pid, std::string_view text,
                                      const Anchors& anchors) const {
  // Each anchor: the pattern tried from the word starts just before it (as many as the
  // pattern may hold before its anchor), leftmost first.
  const auto& pattern = patterns[static_cast<std::size_t>(pid)];
  std::vector<Hit> list;
  std::vector<std::size_t> starts;
  std::vector<std::size_t> ends;
  const bool second = !pattern.second_anchors().empty();
  const Hit* second_begin = nullptr;
  const Hit* second_end = nullptr;
  if (second) {
    const auto p = static_cast<std::size_t>(pid);
    second_begin = anchors.second_items.data() + anchors.second_offsets[p];
    second_end = anchors.second_items.data() + anchors.second_offsets[p + 1];
    if (second_begin == second_end) {
      return list;  // the other side of the gap is nowhere in the text
    }
  }
  for (const Hit* it_anchor = anchors.begin(pid); it_anchor != anchors.end(pid); ++it_anchor) {
    const Hit& a = *it_anchor;
    if (!list.empty() && list.back().end > a.begin) {
      continue;  // inside a match already found
    }
    if (second && !second_in_sentence(text, a, second_begin, second_end, pattern.second_before())) {
      continue;
    }
    starts.clear();
    std::size_t p = a.begin + 1;
    const auto limit = static_cast<std::size_t>(pattern.words_before_anchor()) + 1;
    // A text without spaces (a damaged PDF) must not make each anchor walk far back.
    const std::size_t floor =
        a.begin > limit * k_max_word_bytes ? a.begin - limit * k_max_word_bytes : 0;
    while (p > floor && starts.size() < limit) {
      --p;
      // A match stays in its sentence: no pattern holds a word ending with . ! ? or ; (a gap
      // does not skip one), so no start before the sentence's beginning can reach the anchor.
      if (sentence_break(text, p)) {
        break;
      }
      if (analysis::is_word_byte(text[p]) && (p == 0 || !analysis::is_word_byte(text[p - 1]))) {
        starts.push_back(p);
      }
    }
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
      if ((!list.empty() && *it < list.back().end) || !pattern.may_start_with(text[*it])) {
        continue;
      }
      pattern.ends_from(text, *it, ends);
      const auto e = std::lower_bound(ends.begin(), ends.end(), a.end);
      if (e != ends.end()) {
        list.push_back({*it, *e});
        break;
      }
    }
  }
  return list;
}

base::Result<Engine, std::vector<LoadError>> Engine::compile(RuleSet rules) {
  auto impl = std::make_shared<Impl>();
  impl->set = std::move(rules);
  std::vector<LoadError> errors;
  Compiler c(impl->set, impl->patterns, impl->pattern_texts, errors);
  for (const auto& rule : impl->set.rules) {
    Impl::CompiledRule cr;
    cr.main = c.group(rule.clause_patterns);
    for (const auto& g : rule.also) {
      cr.also.push_back(c.group(g));
    }
    if (rule.when) {
      cr.when = c.group(*rule.when);
    }
    cr.unless = c.patterns(rule.unless);
    cr.headings = c.patterns(rule.headings);
    for (const auto& word : rule.scope.sections) {
      cr.sections.push_back(analysis::fold_string(word));
    }
    cr.mission = rule.scope.participation == ParticipationScope::mission;
    impl->compiled.push_back(std::move(cr));
  }
  for (const auto& [name, examples] : impl->set.class_examples) {
    impl->tested_classes.emplace_back(name, c.patterns({Pattern{"@" + name, {}}}));
  }
  const auto& levels = impl->set.levels;
  impl->level_declaration = c.patterns(levels.declaration);
  for (const auto& l : levels.names) {
    impl->level_names.push_back(c.patterns(l));
  }
  for (const auto& l : levels.means) {
    impl->level_means.push_back(c.patterns(l));
  }
  if (!errors.empty()) {
    return errors;
  }
  // One Hyperscan database of every anchor literal: the text is read once.
  std::map<std::string, unsigned> literal_ids;
  for (std::size_t pid = 0; pid < impl->patterns.size(); ++pid) {
    for (const auto& lit : impl->patterns[pid].anchors()) {
      const auto [it, inserted] =
          literal_ids.try_emplace(lit, static_cast<unsigned>(impl->literals.size()));
      if (inserted) {
        impl->literals.push_back(lit);
        impl->literal_sizes.push_back(static_cast<std::uint32_t>(lit.size()));
        impl->literal_patterns.emplace_back();
      }
      const auto& pattern = impl->patterns[pid];
      impl->literal_patterns[it->second].push_back(
          static_cast<std::uint32_t>(pid << k_flag_bits) |
          (pattern.anchor_starts_word() ? k_starts_word : 0U) |
          (pattern.anchor_ends_word() ? k_ends_word : 0U));
    }
    const auto& pattern = impl->patterns[pid];
    for (const auto& lit : pattern.second_anchors()) {
      const auto [it, inserted] =
          literal_ids.try_emplace(lit, static_cast<unsigned>(impl->literals.size()));
      if (inserted) {
        impl->literals.push_back(lit);
        impl->literal_sizes.push_back(static_cast<std::uint32_t>(lit.size()));
        impl->literal_patterns.emplace_back();
      }
      impl->literal_patterns[it->second].push_back(
          static_cast<std::uint32_t>(pid << k_flag_bits) | k_second |
          (pattern.second_starts_word() ? k_starts_word : 0U) |
          (pattern.second_ends_word() ? k_ends_word : 0U));
    }
  }
  if (!impl->literals.empty()) {
    std::string error;
    hs_database_t* db = detail::literal_database(impl->literals, error);
    if (db == nullptr) {
      errors.push_back({impl->set.rules.empty() ? SourceLocation{} : impl->set.rules[0].where,
                        "motifs impossibles à compiler : " + error});
      return errors;
    }
    impl->db.reset(db);
    impl->db_serial = next_database_serial();
  }
  return Engine(std::move(impl));
}

Engine::Engine(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

const RuleSet& Engine::rules() const { return m_impl->set; }

std::size_t Engine::pattern_count() const { return m_impl->patterns.size(); }

std::vector<std::string> Engine::pattern_regexes() const {
  std::vector<std::string> out;
  out.reserve(m_impl->patterns.size());
  for (const auto& p : m_impl->patterns) {
    out.push_back(p.to_ere());
  }
  return out;
}

namespace {

std::vector<Engine::PatternCost> costs_of(const Engine::Impl& impl, std::string_view folded) {
  const auto anchors = impl.scan(folded);
  std::vector<Engine::PatternCost> out;
  for (std::size_t pid = 0; pid < impl.patterns.size(); ++pid) {
    Engine::PatternCost c;
    c.pattern = impl.pattern_texts[pid];
    const auto& lits = impl.patterns[pid].anchors();
    for (std::size_t i = 0; i < lits.size() && i < 4; ++i) {
      c.anchor += (i > 0 ? "|" : "") + lits[i];
    }
    if (lits.size() > 4) {
      c.anchor += "|… (" + std::to_string(lits.size()) + ")";
    }
    const auto id = static_cast<int>(pid);
    c.anchors = static_cast<std::size_t>(anchors.end(id) - anchors.begin(id));
    const auto t0 = std::chrono::steady_clock::now();
    if (!anchors.empty(id)) {
      c.matches = impl.verify(id, folded, anchors).size();
    }
    c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.push_back(std::move(c));
  }
  return out;
}

std::size_t matches_in(const Engine::Impl& impl, std::string_view folded) {
  const auto anchors = impl.scan(folded);
  std::size_t n = 0;
  for (std::size_t pid = 0; pid < impl.patterns.size(); ++pid) {
    if (!anchors.empty(static_cast<int>(pid))) {
      n += impl.verify(static_cast<int>(pid), folded, anchors).size();
    }
  }
  return n;
}

}  // namespace

Result<std::vector<Engine::PatternCost>> Engine::pattern_costs(std::string_view folded) const {
  return guarded([&] { return costs_of(*m_impl, folded); });
}

Result<std::size_t> Engine::scan_count(std::string_view folded) const {
  return guarded([&] { return matches_in(*m_impl, folded); });
}

namespace {

// Everything a check needs about one document, computed once.
class Checker {
 public:
  Checker(const Engine::Impl& impl, const AnalyzedDocument& ad, bool ignore_scope)
      : m_impl(impl), m_ad(ad), m_text(ad.folded.text), m_ignore_scope(ignore_scope) {
    m_anchors = impl.scan(m_text);
    m_hits.resize(impl.patterns.size());
    for (const auto& t : ad.toc) {
      m_toc.push_back({ad.folded.folded_offset(t.span.begin), ad.folded.folded_offset(t.span.end)});
    }
    if (!ignore_scope && ad.participation.scope == analysis::MissionScope::sections) {
      for (const auto& s : ad.participation.scope_spans) {
        m_mission_spans.push_back(
            {ad.folded.folded_offset(s.begin), ad.folded.folded_offset(s.end)});
      }
    }
  }

  // Whether folded offset `at` counts for a participation-mission criterion: anywhere in
  // a mission as a whole, only in the mission sections of a document that is a mission
  // through some of its sections.
  [[nodiscard]] bool in_mission_scope(std::size_t at) const {
    return m_mission_spans.empty() ||
           std::any_of(m_mission_spans.begin(), m_mission_spans.end(),
                       [&](const Hit& s) { return at >= s.begin && at < s.end; });
  }

  // Folded bounds of the sentence holding folded offset `at`.
  [[nodiscard]] Hit sentence_of(std::size_t at) const {
    if (const auto* s = m_ad.sentence_at(source(at))) {
      return {m_ad.folded.folded_offset(s->span.begin), m_ad.folded.folded_offset(s->span.end)};
    }
    return paragraph_of(at);
  }

  [[nodiscard]] Hit paragraph_of(std::size_t at) const {
    std::size_t b = at;
    while (b > 0 && m_text[b - 1] != '\n') {
      --b;
    }
    std::size_t e = at;
    while (e < m_text.size() && m_text[e] != '\n') {
      ++e;
    }
    return {b, e};
  }

  [[nodiscard]] bool negated(const Hit& h) const { return denied(h).has_value(); }

  // A negated mention widened to the words that deny it ("aucun indicateur n'est prévu pour
  // mesurer la participation"), so that a contradicted verdict quotes them; nullopt when the
  // mention is affirmed.
  [[nodiscard]] std::optional<Hit> denied(const Hit& h) const {
    const Hit s = sentence_of(h.begin);
    const auto cue = analysis::negation_of(m_text, h.begin, h.end, std::min(s.begin, h.begin),
                                           std::max(s.end, h.end));
    if (!cue) {
      return std::nullopt;
    }
    return Hit{std::min(cue->begin, h.begin), std::max(cue->end, h.end)};
  }

  [[nodiscard]] Evidence evidence(const Hit& h, bool negated) const {
    Evidence e;
    e.span = m_ad.folded.source_span(h.begin, h.end);
    if (const auto* s = m_ad.sentence_at(e.span.begin)) {
      e.sentence = s->span;
    } else {
      const Hit p = paragraph_of(h.begin);
      e.sentence = m_ad.folded.source_span(p.begin, p.end);
    }
    e.page = m_ad.document.page_at(e.span.begin);
    if (const auto* sec = m_ad.section_at(e.span.begin)) {
      e.section = static_cast<int>(sec - m_ad.sections.data());
    }
    e.negated = negated;
    return e;
  }

  [[nodiscard]] bool in_toc(std::size_t at) const {
    return std::any_of(m_toc.begin(), m_toc.end(),
                       [&](const Hit& t) { return at >= t.begin && at < t.end; });
  }

  // The sections' titles, folded the first time they are needed.
  [[nodiscard]] const std::vector<std::string>& folded_titles() const {
    if (m_folded_titles.empty() && !m_ad.sections.empty()) {
      for (const auto& sec : m_ad.sections) {
        m_folded_titles.push_back(analysis::fold_string(sec.title));
      }
    }
    return m_folded_titles;
  }

  // Whether `at` lies in a section whose heading, or an enclosing one, holds one of
  // `words` (folded when the rule was compiled).
  [[nodiscard]] bool in_sections(const std::vector<std::string>& words, std::size_t at) const {
    if (m_ignore_scope || words.empty()) {
      return true;
    }
    const auto& titles = folded_titles();
    const auto* sec = m_ad.section_at(source(at));
    while (sec != nullptr) {
      const auto& title = titles[static_cast<std::size_t>(sec - m_ad.sections.data())];
      for (const auto& word : words) {
        if (title.find(word) != std::string::npos) {
          return true;
        }
      }
      sec = sec->parent >= 0 ? &m_ad.sections[static_cast<std::size_t>(sec->parent)] : nullptr;
    }
    return false;
  }

  // Hits of a group for `rule`, in text order (TOC lines and out-of-scope sections left out).
  [[nodiscard]] std::vector<Hit> group_hits(const Engine::Impl::CompiledRule& rule,
                                            const Engine::Impl::CompiledGroup& g) const {
    std::vector<Hit> out;
    const auto keep = [&](std::size_t at) {
      return !in_toc(at) && in_sections(rule.sections, at) &&
             (!rule.mission || in_mission_scope(at));
    };
    for (const auto& m : g.matchers) {
      if (m.pattern >= 0) {
        for (const auto& h : hits(m.pattern)) {
          if (keep(h.begin)) {
            out.push_back(h);
          }
        }
        continue;
      }
      const auto seconds = collect(m.with);
      for (const auto& a : collect(m.near)) {
        if (!keep(a.begin)) {
          continue;
        }
        for (const auto& b : seconds) {
          if (words_between(a, b) <= m.within) {
            out.push_back({std::min(a.begin, b.begin), std::max(a.end, b.end)});
            break;
          }
        }
      }
    }
    std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Hit& a, const Hit& b) { return a.begin == b.begin; }),
              out.end());
    return out;
  }

  // Matches of `ids` that lie in the heading of a section holding some text of its own
  // ("5. Publics" followed by its list): the heading states the clause.
  [[nodiscard]] std::vector<Hit> heading_hits(const Engine::Impl::CompiledRule& rule) const {
    constexpr std::size_t k_min_body = 60;  // bytes of text under the heading
    std::vector<Hit> out;
    if (rule.headings.empty() || m_ad.sections.empty()) {
      return out;
    }
    for (const auto& h : collect(rule.headings)) {
      if (in_toc(h.begin) || !in_sections(rule.sections, h.begin) ||
          (rule.mission && !in_mission_scope(h.begin))) {
        continue;
      }
      const std::size_t at = source(h.begin);
      const auto* sec = m_ad.section_at(at);
      if (sec == nullptr || at < sec->heading.begin || at >= sec->heading.end ||
          sec->span.end <= sec->heading.end + k_min_body) {
        continue;
      }
      // The title must be the clause itself, or the clause and something else ("Publics et
      // modalités"), not a word of it ("Évaluation environnementale").
      const auto& title = folded_titles()[static_cast<std::size_t>(sec - m_ad.sections.data())];
      const std::string_view said = std::string_view(m_text).substr(h.begin, h.end - h.begin);
      if (title.rfind(said, 0) != 0) {
        continue;
      }
      const std::string_view rest = std::string_view(title).substr(said.size());
      if (rest.empty() || rest.rfind(" et ", 0) == 0 || rest.front() == ',' ||
          rest.rfind(" :", 0) == 0 || rest.rfind(" -", 0) == 0 || rest.front() == ':') {
        out.push_back(h);
      }
    }
    return out;
  }

  [[nodiscard]] std::vector<Hit> collect(const std::vector<int>& ids) const {
    std::vector<Hit> out;
    for (const int id : ids) {
      const auto& list = hits(id);
      out.insert(out.end(), list.begin(), list.end());
    }
    return out;
  }

  // Words between two hits of the same sentence; a large number across sentences.
  [[nodiscard]] int words_between(const Hit& a, const Hit& b) const {
    const Hit& first = a.begin <= b.begin ? a : b;
    const Hit& second = a.begin <= b.begin ? b : a;
    if (second.begin <= first.end) {
      return 0;
    }
    int words = 0;
    bool in_word = false;
    for (std::size_t i = first.end; i < second.begin; ++i) {
      const char c = m_text[i];
      if (c == '\n') {
        return 1 << 20;
      }
      if ((c == '.' || c == '!' || c == '?') && i + 1 < second.begin && m_text[i + 1] == ' ') {
        return 1 << 20;  // "near … with" stays within one sentence
      }
      const bool w = analysis::is_word_byte(c);
      words += (w && !in_word) ? 1 : 0;
      in_word = w;
    }
    return words;
  }

  [[nodiscard]] bool any_in(const std::vector<int>& ids, const Hit& window) const {
    for (const int id : ids) {
      for (const auto& h : hits(id)) {
        if (h.begin >= window.begin && h.begin < window.end) {
          return true;
        }
      }
    }
    return false;
  }

  // Whether an exception (a source, a date, a hedge…) stands in `window` as one: a source
  // denied ("nul besoin d'une étude", "sans enquête", "aucun diagnostic") proves nothing,
  // and a year after "depuis" is the claim's own time frame ("ont augmenté de 40 % depuis
  // 2022"), not where it comes from.
  [[nodiscard]] bool excused(const std::vector<int>& ids, const Hit& window) const {
    const std::string_view f = m_ad.folded.text;
    for (const int id : ids) {
      for (const auto& h : hits(id)) {
        if (h.begin < window.begin || h.begin >= window.end) {
          continue;
        }
        const std::size_t from = h.begin > window.begin + 24 ? h.begin - 24 : window.begin;
        const std::string_view before = f.substr(from, h.begin - from);
        bool denied = false;
        for (const std::string_view w :
             {"sans ", "aucun ", "aucune ", "nul besoin d'", "nul besoin de ", "pas besoin d'",
              "pas besoin de ", "depuis ", "sans l'", "sans le ", "sans la ", "sans un ",
              "sans une "}) {
          if (before.ends_with(w) &&
              (before.size() == w.size() ||
               !analysis::is_word_byte(before[before.size() - w.size() - 1]))) {
            denied = true;
            break;
          }
        }
        // "nul besoin d'une étude": an article between the denial and the word.
        for (const std::string_view w :
             {"nul besoin d'une ", "nul besoin d'un ", "pas besoin d'une ", "pas besoin d'un "}) {
          denied = denied || before.ends_with(w);
        }
        if (!denied) {
          return true;
        }
      }
    }
    return false;
  }

  [[nodiscard]] std::string quote(const Hit& h) const {
    std::string s(m_ad.text_of(m_ad.folded.source_span(h.begin, h.end)));
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\f', ' ');
    return "« " + s + " »";
  }

  [[nodiscard]] std::size_t source(std::size_t folded) const {
    return m_ad.folded.to_source[std::min(folded, m_ad.folded.to_source.size() - 1)];
  }

  [[nodiscard]] const AnalyzedDocument& doc() const { return m_ad; }
  // The matches of pattern `id`, verified around its anchors the first time they are asked
  // for: exceptions are only looked at near a flagged passage, and the rules that do not
  // apply to a document cost nothing.
  [[nodiscard]] const std::vector<Hit>& hits(int id) const {
    auto& slot = m_hits[static_cast<std::size_t>(id)];
    if (!slot) {
      slot = m_anchors.empty(id) ? std::vector<Hit>{} : m_impl.verify(id, m_text, m_anchors);
    }
    return *slot;
  }

 private:
  const Engine::Impl& m_impl;
  const AnalyzedDocument& m_ad;
  const std::string& m_text;
  bool m_ignore_scope;
  Engine::Impl::Anchors m_anchors;
  mutable std::vector<std::optional<std::vector<Hit>>> m_hits;
  std::vector<Hit> m_toc;
  std::vector<Hit> m_mission_spans;                  // folded; empty: the whole document
  mutable std::vector<std::string> m_folded_titles;  // by section, on first need
};

std::string kinds_fr(const std::vector<analysis::DocumentKind>& kinds) {
  std::vector<std::string> names;
  for (const auto k : kinds) {
    names.push_back(k == analysis::DocumentKind::other
                        ? "un document non classé"
                        : "un " + std::string(analysis::to_string(k)));
  }
  return join_fr(names, " ou ");
}

// "l'information", "la concertation", …
std::string with_article(Level level) {
  return (level == Level::information ? "l'" : "la ") + std::string(french_name(level));
}

// Why a rule does not apply to this document, or nullopt when it does.
std::optional<std::string> not_applicable(const Rule& rule, const AnalyzedDocument& ad,
                                          const Policy& policy) {
  if (policy.disabled.count(rule.id) > 0) {
    return "Règle désactivée par la configuration du projet.";
  }
  if (rule.scope.participation != ParticipationScope::any && !ad.participation.relevant) {
    return ad.participation.summary;
  }
  if (rule.scope.participation == ParticipationScope::mission && !ad.participation.mission) {
    return ad.participation.summary +
           " Ce critère porte sur le cahier des charges d'une mission de participation.";
  }
  if (!rule.scope.kinds.empty() && std::find(rule.scope.kinds.begin(), rule.scope.kinds.end(),
                                             ad.kind.kind) == rule.scope.kinds.end()) {
    return "Ce critère se vérifie dans " + kinds_fr(rule.scope.kinds) + " ; ce document est un " +
           std::string(analysis::french_name(ad.kind.kind)) + " (" +
           std::string(analysis::to_string(ad.kind.kind)) + ").";
  }
  return std::nullopt;
}

struct RuleOutcome {
  Verdict verdict;
  std::vector<Finding> findings;
};

RuleOutcome check_clause(const Checker& c, const Rule& rule, const Engine::Impl::CompiledRule& cr) {
  RuleOutcome out;
  Verdict& v = out.verdict;
  v.rule_id = rule.id;
  Hit condition_hit;
  if (cr.when) {
    const auto cond = c.group_hits(cr, *cr.when);
    if (cond.empty()) {
      v.status = Status::not_applicable;
      v.reason = "Le document ne mentionne pas " + cr.when->label + ".";
      return out;
    }
    for (std::size_t i = 0; i < cond.size() && i < 3; ++i) {
      v.condition.push_back(c.evidence(cond[i], false));
    }
    condition_hit = cond.front();
  }
  std::vector<Hit> affirmed;
  std::vector<Hit> negated;
  for (const auto& h : c.group_hits(cr, cr.main)) {
    if (const auto d = c.denied(h)) {
      negated.push_back(*d);
    } else {
      affirmed.push_back(h);
    }
  }
  if (affirmed.empty() && negated.empty()) {
    affirmed = c.heading_hits(cr);
  }
  const auto main_count = static_cast<int>(affirmed.size());
  bool also_contradicted = false;
  for (const auto& g : cr.also) {
    bool found = false;
    bool denied = false;
    for (const auto& h : c.group_hits(cr, g)) {
      if (const auto d = c.denied(h)) {
        denied = true;
        negated.push_back(*d);
      } else {
        found = true;
        affirmed.push_back(h);
      }
    }
    if (!found) {
      v.missing.push_back(g.label);
      also_contradicted = also_contradicted || denied;
    }
  }
  const bool main_present = main_count >= rule.min_count;
  std::string prefix;
  if (!v.condition.empty()) {
    prefix = "Le document mentionne " + c.quote(condition_hit) +
             page_ref(v.condition.front().page) + " : ";
  }
  if (main_present && v.missing.empty()) {
    v.status = Status::present;
    for (std::size_t i = 0; i < affirmed.size() && i < 5; ++i) {
      v.evidence.push_back(c.evidence(affirmed[i], false));
    }
    v.reason =
        prefix + "trouvé " + c.quote(affirmed.front()) + page_ref(v.evidence.front().page) + ".";
    return out;
  }
  const bool contradicted = (affirmed.empty() && !negated.empty()) || also_contradicted;
  v.ok = false;
  if (contradicted) {
    v.status = Status::contradicted;
    for (std::size_t i = 0; i < negated.size() && i < 5; ++i) {
      v.evidence.push_back(c.evidence(negated[i], true));
    }
    v.reason = prefix + "le document l'exclut : " + c.quote(negated.front()) +
               page_ref(v.evidence.front().page) + ".";
  } else {
    v.status = Status::absent;
    for (std::size_t i = 0; i < affirmed.size() && i < 5; ++i) {
      v.evidence.push_back(c.evidence(affirmed[i], false));
    }
    if (!main_present && main_count > 0) {
      v.reason = prefix + rule.clause_patterns.label + " : " + std::to_string(main_count) +
                 " mention(s), au moins " + std::to_string(rule.min_count) + " attendue(s).";
    } else if (!main_present) {
      v.reason = prefix + "non trouvé : " + rule.clause_patterns.label + ".";
    } else {
      v.reason = prefix + "il manque " + join_fr(v.missing, " et ") + ".";
    }
    if (!main_present && !v.missing.empty() && main_count == 0) {
      v.missing.insert(v.missing.begin(), rule.clause_patterns.label);
    }
  }
  Finding f;
  f.rule_id = rule.id;
  f.severity = rule.severity;
  f.kind = contradicted ? FindingKind::contradicted : FindingKind::absent;
  if (contradicted) {
    f.where = v.evidence.front();
    f.marks.push_back(v.evidence.front().span);
  }
  f.message = rule.message;
  out.findings.push_back(std::move(f));
  return out;
}

RuleOutcome check_flag(const Checker& c, const Rule& rule, const Engine::Impl::CompiledRule& cr) {
  RuleOutcome out;
  Verdict& v = out.verdict;
  v.rule_id = rule.id;
  int excused = 0;
  for (const auto& h : c.group_hits(cr, cr.main)) {
    const Hit window =
        rule.window == Window::sentence ? c.sentence_of(h.begin) : c.paragraph_of(h.begin);
    if (c.excused(cr.unless, window)) {
      ++excused;
      continue;
    }
    const Evidence e = c.evidence(h, false);
    if (!out.findings.empty() && out.findings.back().where->sentence == e.sentence) {
      out.findings.back().marks.push_back(e.span);  // the same sentence: one finding
      continue;
    }
    Finding f;
    f.rule_id = rule.id;
    f.severity = rule.severity;
    f.kind = FindingKind::flagged;
    f.where = e;
    f.marks.push_back(e.span);
    f.message = rule.message;
    out.findings.push_back(std::move(f));
    v.evidence.push_back(e);
  }
  const std::string excuse =
      excused > 0 ? " " + std::to_string(excused) +
                        " autre(s) occurrence(s) écartée(s) : une source, une réserve ou une "
                        "justification figure à proximité."
                  : "";
  if (out.findings.empty()) {
    v.status = Status::absent;
    v.reason = "Aucun passage à signaler." + excuse;
  } else {
    v.status = Status::present;
    v.ok = false;
    v.reason = std::to_string(out.findings.size()) + " passage(s) à revoir." + excuse;
  }
  return out;
}

bool covers(const Waiver& w, const Finding& f, const AnalyzedDocument& ad) {
  if (w.rule_id != f.rule_id) {
    return false;
  }
  if (w.page > 0 && (!f.where || f.where->page != w.page)) {
    return false;
  }
  if (!w.text.empty()) {
    if (!f.where) {
      return false;
    }
    const auto sentence = analysis::fold_string(ad.text_of(f.where->sentence));
    return sentence.find(analysis::fold_string(w.text)) != std::string::npos;
  }
  return true;
}

void assess_level(const Engine::Impl& impl, const Checker& c, LevelAssessment& out) {
  const auto& ad = c.doc();
  if (!ad.participation.mission) {
    out.reasons.push_back(
        {ad.participation.relevant
             ? "Le document ne décrit pas de mission de participation : le niveau "
               "se lit dans le cahier des charges d'une telle mission."
             : "Le document ne concerne pas la participation du public.",
         std::nullopt});
    return;
  }
  out.applicable = true;
  const auto sentence_text = [&](const Hit& h) {
    const Hit s = c.sentence_of(h.begin);
    std::string t(ad.text_of(ad.folded.source_span(s.begin, s.end)));
    std::replace(t.begin(), t.end(), '\n', ' ');
    std::replace(t.begin(), t.end(), '\f', ' ');
    return t;
  };
  const auto valid = [&](const Hit& h) {
    return !c.in_toc(h.begin) && c.in_mission_scope(h.begin) && !c.negated(h);
  };
  // The declared level: the highest level named in a sentence that declares one.
  std::optional<Hit> declared_at;
  for (const int id : impl.level_declaration) {
    for (const auto& d : c.hits(id)) {
      if (!valid(d)) {
        continue;
      }
      const Hit s = c.sentence_of(d.begin);
      for (int l = static_cast<int>(impl.level_names.size()) - 1; l >= 0; --l) {
        if (c.any_in(impl.level_names[static_cast<std::size_t>(l)], s)) {
          if (!out.declared || l > static_cast<int>(*out.declared)) {
            out.declared = static_cast<Level>(l);
            declared_at = d;
          }
          break;
        }
      }
    }
  }
  // The means: the highest level some described means belong to.
  std::optional<Hit> means_at;
  for (int l = static_cast<int>(impl.level_means.size()) - 1; l >= 0 && !out.means; --l) {
    for (const int id : impl.level_means[static_cast<std::size_t>(l)]) {
      for (const auto& h : c.hits(id)) {
        if (valid(h) && (!means_at || h.begin < means_at->begin)) {
          out.means = static_cast<Level>(l);
          means_at = h;
        }
      }
    }
  }
  if (out.declared) {
    out.reasons.push_back({"Niveau annoncé : " + std::string(french_name(*out.declared)) + " — « " +
                               sentence_text(*declared_at) + " »",
                           c.evidence(*declared_at, false)});
  }
  if (out.means) {
    out.reasons.push_back(
        {"Moyens décrits relevant de " + with_article(*out.means) + " : " + c.quote(*means_at),
         c.evidence(*means_at, false)});
  }
  if (out.declared && out.means) {
    out.level = std::min(*out.declared, *out.means);
    if (*out.means < *out.declared) {
      out.reasons.push_back(
          {"Le niveau annoncé (" + std::string(french_name(*out.declared)) +
               ") dépasse ce que permettent les moyens décrits : l'engagement réel est celui de " +
               with_article(*out.means) + ".",
           std::nullopt});
    }
  } else if (out.declared) {
    out.level = out.declared;
    out.reasons.push_back({"Aucun moyen décrit ne confirme le niveau annoncé.", std::nullopt});
  } else if (out.means) {
    out.level = out.means;
    out.reasons.push_back(
        {"Le document n'annonce aucun niveau de participation ; il s'engage de fait "
         "au niveau de " +
             with_article(*out.means) + ".",
         std::nullopt});
  } else {
    out.reasons.push_back(
        {"Ni niveau annoncé, ni moyen de participation décrit : niveau indéterminé.",
         std::nullopt});
  }
}

// A denied mention of a rule bounded by the level ("ne sont pas remis en question : le tracé
// des allées") is its bounds when the document commits to a higher level: the
// verdict is present, its evidence the denying words, and the contradiction finding goes.
// The level is the one the document commits to (declared, or shown by its means), and it
// must be concertation or above: a consultation asks opinions on what is fixed as well.
void bounds_by_level(RuleOutcome& o, const LevelAssessment& level) {
  Verdict& v = o.verdict;
  v.status = Status::present;
  v.ok = true;
  // The contradicted reason ends with the denying words: "… l'exclut : « … » (p. 1)."
  std::string quoted;
  constexpr std::string_view k_excludes = "l'exclut : ";
  if (const auto at = v.reason.find(k_excludes); at != std::string::npos) {
    quoted = v.reason.substr(at + k_excludes.size());
    if (!quoted.empty() && quoted.back() == '.') {
      quoted.pop_back();
    }
    quoted += ' ';
  }
  for (auto& e : v.evidence) {
    e.negated = false;
  }
  v.reason = "le document dit ce qui n'est pas soumis à la participation " + quoted +
             "et s'engage au niveau de " + with_article(*level.level) + " : le reste est ouvert.";
  o.findings.clear();
}

Report run_check(const Engine::Impl& impl, const AnalyzedDocument& ad, const Policy& policy,
                 bool ignore_scope, int only_rule = -1) {
  Checker c(impl, ad, ignore_scope);
  Report report;
  assess_level(impl, c, report.level);
  for (std::size_t i = 0; i < impl.set.rules.size(); ++i) {
    if (only_rule >= 0 && static_cast<std::size_t>(only_rule) != i) {
      continue;
    }
    const Rule& rule = impl.set.rules[i];
    const auto& cr = impl.compiled[i];
    if (!ignore_scope) {
      if (auto why = not_applicable(rule, ad, policy)) {
        Verdict v;
        v.rule_id = rule.id;
        v.status = Status::not_applicable;
        v.reason = std::move(*why);
        report.verdicts.push_back(std::move(v));
        continue;
      }
    }
    const bool flag = is_flag(rule.type);
    RuleOutcome o = flag ? check_flag(c, rule, cr) : check_clause(c, rule, cr);
    if (rule.bounded_by_level && o.verdict.status == Status::contradicted && report.level.level &&
        *report.level.level > Level::consultation) {
      bounds_by_level(o, report.level);
    }
    if (const auto it = policy.severity.find(rule.id); it != policy.severity.end()) {
      for (auto& f : o.findings) {
        f.severity = it->second;
      }
    }
    for (auto& f : o.findings) {
      for (const auto& w : policy.waivers) {
        if (covers(w, f, ad)) {
          f.waived = true;
          f.waiver = w.justification;
          break;
        }
      }
    }
    if (rule.ruleset == "participation" && !flag) {
      if (o.verdict.status != Status::not_applicable) {
        ++report.coverage.applicable;
        report.coverage.criteria.push_back(rule.id);
        if (o.verdict.status == Status::present) {
          ++report.coverage.present;
        } else {
          report.coverage.missing.push_back(rule.id);
        }
      }
    }
    report.verdicts.push_back(std::move(o.verdict));
    for (auto& f : o.findings) {
      report.findings.push_back(std::move(f));
    }
  }
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     if (a.severity != b.severity) {
                       return a.severity < b.severity;
                     }
                     const int pa = a.where ? a.where->page : 0;
                     const int pb = b.where ? b.where->page : 0;
                     return pa < pb;
                   });
  return report;
}

std::vector<ExampleResult> examples_of(const Engine::Impl& impl, std::string_view only) {
  std::vector<ExampleResult> results;
  const auto& rules = impl.set.rules;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    if (!only.empty() && rule.id != only) {
      continue;
    }
    const auto run = [&](const std::string& text, std::string_view expectation) {
      ExampleResult r;
      r.rule_id = rule.id;
      r.expectation = std::string(expectation);
      r.text = text;
      auto doc = ingest::extract_bytes(text, "exemple.txt", 0);
      if (!doc.ok()) {
        r.got = "exemple illisible : " + doc.error().detail;
        results.push_back(std::move(r));
        return;
      }
      const auto ad = analysis::analyze(std::move(doc.value()));
      const Report rep = run_check(impl, ad, {}, true, static_cast<int>(i));
      const Status got =
          rep.verdicts.empty() ? Status::not_applicable : rep.verdicts.front().status;
      const Status wanted = expectation == "match"          ? Status::present
                            : expectation == "contradicted" ? Status::contradicted
                                                            : Status::absent;
      r.passed = expectation == "no_match" ? got != Status::present : got == wanted;
      r.got = std::string(to_string(got)) +
              (rep.verdicts.empty() ? "" : " — " + rep.verdicts.front().reason);
      results.push_back(std::move(r));
    };
    for (const auto& t : rule.examples.match) {
      run(t, "match");
    }
    for (const auto& t : rule.examples.no_match) {
      run(t, "no_match");
    }
    for (const auto& t : rule.examples.contradicted) {
      run(t, "contradicted");
    }
  }
  // Word classes with examples: a match anywhere in the text.
  for (const auto& tested : impl.tested_classes) {
    const std::string& name = tested.first;
    const std::vector<int>& ids = tested.second;  // not a structured binding: lambdas use it
    const std::string id = "@" + name;
    if (!only.empty() && only != id) {
      continue;
    }
    const auto& examples = impl.set.class_examples.at(name);
    const auto run = [&](const std::string& text, bool wanted) {
      const std::string folded = analysis::fold_string(text);
      const auto anchors = impl.scan(folded);
      std::string found;
      for (const int pid : ids) {
        if (anchors.empty(pid)) {
          continue;
        }
        if (const auto hits = impl.verify(pid, folded, anchors); !hits.empty()) {
          found = folded.substr(hits.front().begin, hits.front().end - hits.front().begin);
          break;
        }
      }
      ExampleResult r;
      r.rule_id = id;
      r.expectation = wanted ? "match" : "no_match";
      r.text = text;
      r.passed = found.empty() != wanted;
      r.got = found.empty() ? "aucune correspondance" : "trouve « " + found + " »";
      results.push_back(std::move(r));
    };
    for (const auto& t : examples.match) {
      run(t, true);
    }
    for (const auto& t : examples.no_match) {
      run(t, false);
    }
  }
  return results;
}

}  // namespace

Result<Report> Engine::check(const AnalyzedDocument& document, const Policy& policy) const {
  return guarded([&] { return run_check(*m_impl, document, policy, false); });
}

Result<std::vector<ExampleResult>> Engine::run_examples(std::string_view only) const {
  return guarded([&] { return examples_of(*m_impl, only); });
}

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::out_of_memory:
      return "out_of_memory";
    case ErrorCode::scan_failed:
      return "scan_failed";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

std::string_view to_string(Status status) {
  switch (status) {
    case Status::present:
      return "present";
    case Status::absent:
      return "absent";
    case Status::contradicted:
      return "contradicted";
    case Status::not_applicable:
      return "not_applicable";
  }
  return "absent";
}

std::string_view to_string(FindingKind kind) {
  switch (kind) {
    case FindingKind::absent:
      return "absent";
    case FindingKind::contradicted:
      return "contradicted";
    case FindingKind::flagged:
      return "flagged";
  }
  return "absent";
}

}  // namespace vigie::rules
