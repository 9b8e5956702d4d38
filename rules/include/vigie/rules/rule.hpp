#pragma once

// The vocabulary of the rules stage: a rule as written in a ruleset file (YAML), and the
// errors a ruleset can hold. Patterns stay as the author wrote them (natural French); the
// engine folds and compiles them (engine.hpp).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"

namespace vigie::rules {

// Ordered from the most to the least severe.
enum class Severity { erreur, avertissement, suggestion };

[[nodiscard]] std::string_view to_string(Severity severity);  // "erreur", …
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view name);
// True when `a` is at least as severe as `b`.
[[nodiscard]] inline bool at_least(Severity a, Severity b) { return a <= b; }

// - required: a clause that must be there (any of its patterns); present / absent /
//   contradicted (only negated mentions).
// - flag: each occurrence of an expression is a finding, unless an exception pattern is in
//   the same window (sentence by default).
// - claim: a statement needing evidence; like a flag whose window is the paragraph.
// - conditional: a required clause that applies only when the document mentions its
//   condition (`when`).
// - proximity: a required clause whose evidence is one pattern within N words of another.
enum class RuleType { required, flag, claim, conditional, proximity };

[[nodiscard]] std::string_view to_string(RuleType type);

// Flags and claims judge each occurrence of what they look for (present means found, a
// finding); the other types judge a clause that should be there (absent or contradicted is
// the finding).
[[nodiscard]] constexpr bool is_flag(RuleType type) {
  return type == RuleType::flag || type == RuleType::claim;
}

// Where something was written: file, 1-based line and column (characters).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column"
  [[nodiscard]] std::string text() const;
};

// An error in a ruleset file or one of its patterns.
struct LoadError {
  SourceLocation where;
  std::string message;  // French

  // "file:line:column: message"
  [[nodiscard]] std::string text() const;
};

// One pattern as written, or a reference "@name" to a vocabulary list.
struct Pattern {
  std::string text;
  SourceLocation where;  // of the first character of the pattern
};

// One way of showing a clause: a single pattern, or a pattern within `within` words of
// another (both lists are alternatives).
struct Alternative {
  Pattern pattern;            // used when `near` is empty
  std::vector<Pattern> near;  // proximity: any of these …
  std::vector<Pattern> with;  // … within `within` words of any of these
  int within = 0;
  SourceLocation where;
};

// A list of alternatives with a name for reports ("maison du projet").
struct Group {
  std::string label;
  std::vector<Alternative> alternatives;
};

enum class Window { sentence, paragraph };

// Which documents a rule reads, as far as public participation goes.
enum class ParticipationScope {
  any,       // every document
  relevant,  // documents that concern public participation (a mission or a project)
  mission,   // documents that describe a participation mission itself
};

struct Scope {
  std::vector<analysis::DocumentKind> kinds;  // empty: every kind
  ParticipationScope participation = ParticipationScope::any;
  std::vector<std::string> sections;  // heading words; empty: the whole document
};

struct Examples {
  std::vector<std::string> match;         // must match (required: present; flag: flagged)
  std::vector<std::string> no_match;      // must not match
  std::vector<std::string> contradicted;  // required clauses: negated mentions only
};

struct Rule {
  std::string id;       // "participation.restitution"
  std::string ruleset;  // "participation"
  std::string title;    // French, short
  Severity severity = Severity::avertissement;
  RuleType type = RuleType::required;
  Scope scope;
  Group clause_patterns;        // the clause or expression (label: what is looked for)
  std::vector<Group> also;      // further groups that must all be present (required types)
  std::optional<Group> when;    // conditional: the condition
  std::vector<Pattern> unless;  // flag and claim: exceptions in the window
  // required types: a section headed by one of these ("5. Publics") and holding text is a
  // mention when the body has none, affirmed or denied.
  std::vector<Pattern> headings;
  Window window = Window::sentence;
  int min_count = 1;
  // required types: a denied mention ("ne sont pas soumis à la concertation : le tracé…")
  // states the clause's bounds, and makes it present, when the document commits to the level
  // of concertation or above (declared or shown by its means): something is then open (the
  // negotiable perimeter).
  bool bounded_by_level = false;
  std::string message;    // French: why it matters, shown with each finding
  std::string rationale;  // French: the source it rests on
  std::string clause;     // French: a model clause to add (may be empty for flags)
  std::string advice;     // French: how to rewrite a flagged passage (flags and claims)
  Examples examples;
  SourceLocation where;
};

enum class Level { information, consultation, concertation, co_construction, codecision };

inline constexpr int k_level_count = 5;

[[nodiscard]] std::string_view to_string(Level level);    // "information", … "co-construction"
[[nodiscard]] std::string_view french_name(Level level);  // "co-construction", "codécision"

// Cues of the participation level: the sentences that declare a level, the words that name
// each level, and the means that show each level.
struct LevelCues {
  std::vector<Pattern> declaration;
  std::vector<std::vector<Pattern>> names;  // indexed by Level
  std::vector<std::vector<Pattern>> means;  // indexed by Level
};

// Rules loaded from one or several files. Later files override rules of the same id.
struct RuleSet {
  std::vector<Rule> rules;
  // Word classes: named pattern lists, cited as "@name" alone or inside a pattern.
  std::map<std::string, std::vector<Pattern>, std::less<>> vocabulary;
  std::map<std::string, Examples, std::less<>> class_examples;  // a class's own tests
  LevelCues levels;
  std::vector<std::string> names;  // rulesets loaded, in order

  [[nodiscard]] const Rule* find(std::string_view id) const;
};

// Parses one ruleset file (YAML text) into `into`. Every problem found is appended to
// `errors` with its file:line:column; the rules that were read correctly are kept.
void load_rules(std::string_view yaml, const std::string& origin, RuleSet& into,
                std::vector<LoadError>& errors);

// The names of the rulesets compiled into vigie ("participation", "presupposes",
// "commande"); "common" (shared vocabulary) is always loaded first and is not listed.
[[nodiscard]] std::vector<std::string> builtin_ruleset_names();

// Loads the built-in rulesets named (all when `names` is empty). Unknown names are errors.
void load_builtin_rules(const std::vector<std::string>& names, RuleSet& into,
                        std::vector<LoadError>& errors);

// The YAML text of a built-in ruleset, or nullopt.
[[nodiscard]] std::optional<std::string_view> builtin_ruleset_text(std::string_view name);

}  // namespace vigie::rules
