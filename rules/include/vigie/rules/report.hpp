#pragma once

// What checking a document gives: one verdict per rule, the findings to act on, the coverage
// of the participation criteria and the participation level the document commits to. Every
// position is a byte span into Document::text.

#include <optional>
#include <string>
#include <vector>

#include "vigie/rules/rule.hpp"

namespace vigie::rules {

using ingest::Span;

// present: the clause (or, for flags, the expression) is in the document;
// absent: it is not; contradicted: only negated mentions ("aucune restitution n'est
// prévue"); not_applicable: the rule does not apply to this document (reason says why).
enum class Status { present, absent, contradicted, not_applicable };

[[nodiscard]] std::string_view to_string(Status status);  // "present", …

// A passage that supports a verdict or a finding.
struct Evidence {
  Span span;      // the matched words
  Span sentence;  // the sentence holding them (or the block when no sentence)
  int page = 0;
  int section = -1;  // index into AnalyzedDocument::sections, -1 outside every section
  bool negated = false;
};

struct Verdict {
  std::string rule_id;
  Status status = Status::absent;
  bool ok = true;                  // present clause, or flag with no occurrence, or not applicable
  std::string reason;              // French, one or two sentences
  std::vector<Evidence> evidence;  // present: the mentions; contradicted: the negations
  std::vector<std::string> missing;  // labels of the groups still missing
  std::vector<Evidence> condition;   // conditional rules: what triggered the condition
};

enum class FindingKind { absent, contradicted, flagged };

[[nodiscard]] std::string_view to_string(FindingKind kind);

struct Finding {
  std::string rule_id;
  Severity severity = Severity::avertissement;
  FindingKind kind = FindingKind::absent;
  // The passage (flagged and contradicted findings); absent clauses have none (page 0).
  std::optional<Evidence> where;
  std::vector<Span> marks;  // every matched span inside the passage's sentence
  std::string message;      // French
  bool waived = false;
  std::string waiver;  // the written justification, when waived
};

struct Coverage {
  int applicable = 0;  // participation criteria that apply to the document
  int present = 0;
  std::vector<std::string> missing;   // rule ids absent or contradicted
  std::vector<std::string> criteria;  // rule ids of the criteria that apply
};

struct LevelReason {
  std::string text;  // French
  std::optional<Evidence> where;
};

struct LevelAssessment {
  bool applicable = false;
  std::optional<Level> declared;  // the level the document says it seeks
  std::optional<Level> means;     // the highest level its described means support
  std::optional<Level> level;     // what the document actually commits to
  std::vector<LevelReason> reasons;
};

struct Report {
  std::vector<Verdict> verdicts;  // one per rule, in rule order
  std::vector<Finding> findings;  // by severity, then page
  Coverage coverage;
  LevelAssessment level;
};

}  // namespace vigie::rules
