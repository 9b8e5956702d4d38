// The rules stage: the pattern language, negation, every rule type, scopes, errors with
// file:line:column, the participation level, the policy (disable, re-grade, waive), the
// examples of every default rule, and the traps of DOMAIN.md section 7.

#include <gtest/gtest.h>

#include <stdlib.h>  // setenv

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/analysis/normalize.hpp"
#include "vigie/analysis/text_tools.hpp"
#include "vigie/ingest/extract.hpp"
#include "vigie/rules/engine.hpp"

namespace {

using namespace vigie;
using rules::Status;

// The engine under test. The library's check() and run_examples() return a Result (a check
// fails only when the scanner cannot run); here such a failure fails the test.
class Engine {
 public:
  explicit Engine(rules::Engine engine) : m_engine(std::move(engine)) {}

  [[nodiscard]] rules::Report check(const analysis::AnalyzedDocument& document,
                                    const rules::Policy& policy = {}) const {
    auto report = m_engine.check(document, policy);
    if (!report.ok()) {
      ADD_FAILURE() << report.error().message;
      return {};
    }
    return std::move(report).value();
  }

  [[nodiscard]] std::vector<rules::ExampleResult> run_examples(std::string_view only) const {
    auto results = m_engine.run_examples(only);
    if (!results.ok()) {
      ADD_FAILURE() << results.error().message;
      return {};
    }
    return std::move(results).value();
  }

 private:
  rules::Engine m_engine;
};

analysis::AnalyzedDocument analyze_text(const std::string& text) {
  auto doc = ingest::extract_bytes(text, "test.txt", 0);
  EXPECT_TRUE(doc.ok());
  return analysis::analyze(std::move(doc.value()));
}

// Compiles a ruleset written inline; fails the test on errors.
Engine compile(const std::string& yaml) {
  rules::RuleSet set;
  std::vector<rules::LoadError> errors;
  rules::load_builtin_rules({}, set, errors);  // for the shared vocabulary
  set.rules.clear();
  set.names.clear();
  rules::load_rules(yaml, "test.yaml", set, errors);
  for (const auto& e : errors) {
    ADD_FAILURE() << e.text();
  }
  auto compiled = rules::Engine::compile(std::move(set));
  if (!compiled.ok()) {
    for (const auto& e : compiled.error()) {
      ADD_FAILURE() << e.text();
    }
    return Engine(rules::Engine::compile(rules::RuleSet{}).value());
  }
  return Engine(std::move(compiled).value());
}

// The errors of a ruleset written inline (load and compile).
std::vector<std::string> errors_of(const std::string& yaml) {
  rules::RuleSet set;
  std::vector<rules::LoadError> errors;
  rules::load_rules(yaml, "bad.yaml", set, errors);
  if (errors.empty()) {
    auto compiled = rules::Engine::compile(std::move(set));
    if (!compiled.ok()) {
      errors = compiled.error();
    }
  }
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.text());
  }
  return out;
}

// A one-rule ruleset: a required clause with `pattern`, on any document.
std::string one_pattern_rule(const std::string& pattern) {
  return "ruleset: t\nrules:\n  - id: t.r\n    title: T\n    severity: erreur\n"
         "    message: m\n    rationale: r\n    clause: c\n"
         "    patterns: [\"" +
         pattern +
         "\"]\n"
         "    examples: {match: [x], no_match: [y]}\n";
}

const rules::Verdict& verdict(const rules::Report& report, const std::string& id) {
  for (const auto& v : report.verdicts) {
    if (v.rule_id == id) {
      return v;
    }
  }
  static const rules::Verdict k_none;
  ADD_FAILURE() << "no verdict for " << id;
  return k_none;
}

// The word after a gap may carry the elided negation ("n'acceptent"): the clause is found.
TEST(PatternGap, ElidedNegationAfterAGap) {
  const Engine engine = compile(one_pattern_rule("habitants ...2 <accepter:conj>"));
  for (const char* text : {"Les habitants n'acceptent plus le parking.",
                           "Les habitants, attachés au parc, n'acceptent plus le parking."}) {
    EXPECT_NE(verdict(engine.check(analyze_text(text)), "t.r").status, Status::absent) << text;
  }
}

// The compiled Hyperscan database is kept in the cache folder and used again; a damaged
// file is compiled again and replaced, with the same verdicts.
TEST(DatabaseCache, CompiledOnceThenReadBackAndRepairedWhenDamaged) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "vigie-cache-test";
  fs::remove_all(dir);
  ASSERT_EQ(::setenv("VIGIE_CACHE_DIR", dir.c_str(), 1), 0);
  const std::string yaml = one_pattern_rule("réunion publique");
  const auto text = analyze_text("Une réunion publique est organisée.");
  EXPECT_EQ(verdict(compile(yaml).check(text), "t.r").status, Status::present);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir / "regles")) {
    files.push_back(e.path());
  }
  ASSERT_EQ(files.size(), 1U);
  const auto size = fs::file_size(files[0]);
  EXPECT_EQ(verdict(compile(yaml).check(text), "t.r").status, Status::present);
  {
    std::ofstream damaged(files[0], std::ios::binary | std::ios::trunc);
    damaged << "vigie-regles-hs-1\ngarbage";
  }
  EXPECT_EQ(verdict(compile(yaml).check(text), "t.r").status, Status::present);
  EXPECT_EQ(fs::file_size(files[0]), size);
  ::unsetenv("VIGIE_CACHE_DIR");
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// The pattern language, as a table: pattern, text, whether it matches.

struct PatternCase {
  const char* pattern;
  const char* text;
  bool matches;
};

class PatternTable : public ::testing::TestWithParam<PatternCase> {};

TEST_P(PatternTable, MatchesFoldedText) {
  const auto& c = GetParam();
  const Engine engine = compile(one_pattern_rule(c.pattern));
  const auto report = engine.check(analyze_text(c.text));
  EXPECT_EQ(verdict(report, "t.r").status == Status::present, c.matches)
      << "pattern « " << c.pattern << " » on « " << c.text << " »";
}

INSTANTIATE_TEST_SUITE_P(
    Rules, PatternTable,
    ::testing::Values(
        // Case, accents, apostrophes and spaces are folded on both sides.
        PatternCase{"réunion publique", "Une REUNION PUBLIQUE est prévue.", true},
        PatternCase{"reunion publique", "Une réunion  publique est prévue.", true},
        PatternCase{"droit d'alerte", "Le titulaire dispose d’un droit d’alerte.", true},
        PatternCase{"maître d'œuvre", "le MAITRE D'OEUVRE valide", true},
        // Plurals come with every word of four letters or more.
        PatternCase{"réunion publique", "Deux réunions publiques sont prévues.", true},
        PatternCase{"local associatif", "des locaux associatifs", true},
        PatternCase{"bureau", "les bureaux", true}, PatternCase{"plu", "le plus souvent", false},
        // Stems.
        PatternCase{"restitu*", "le titulaire restitue les travaux", true},
        PatternCase{"restitu*", "la restitution", true}, PatternCase{"restitu*", "restit", false},
        // Word boundaries: no match inside a word.
        PatternCase{"garant", "une garantie à première demande", false},
        PatternCase{"garant", "un garant de la concertation", true},
        // Anchoring (what the Hyperscan pass looks for) must never lose a match: two words
        // anchored together, a plural found through its singular, a large alternative
        // indexed by its first bytes, a second anchor across a gap, before or after.
        PatternCase{"(au moins|au plus) {pourcentage}", "au moins 30 % des habitants", true},
        PatternCase{"(au moins|au plus) {pourcentage}", "au-delà de 30 %", false},
        PatternCase{"pres de {nombre} habitants", "près de 300 habitants", true},
        PatternCase{"pres de {nombre} habitants", "les prestations de 300 habitants", false},
        PatternCase{"avant le vote", "avant les votes", false},
        PatternCase{"reunion publique", "des réunions publiques", true},
        PatternCase{"(atelier|balade|marche exploratoire|questionnaire|permanence|porte-a-porte|"
                    "panel|jury|debat|forum|exposition|maquette)",
                    "une marche exploratoire", true},
        PatternCase{"habitants ...8 souhaitent",
                    "Les habitants, comme les commerçants du "
                    "centre, souhaitent",
                    true},
        PatternCase{"habitants ...8 souhaitent", "Les habitants sont venus. Ils souhaitent", false},
        PatternCase{"souhaitent ...4 par les habitants",
                    "souhaitées de longue date par les "
                    "habitants",
                    false},
        PatternCase{"(est|sont) ...5 (attendu|attendue|attendus) par les habitants",
                    "Le parc est, à n'en pas douter, attendu par les habitants", true},
        PatternCase{"(est|sont) ...5 (attendu|attendue|attendus) par les habitants",
                    "Le parc est attendu. Par les habitants aussi", false},
        // After an elided word the next one may follow without a space: "(de|d') augmenter"
        // reads "d'augmenter" (before, only "d' augmenter" with a space matched).
        PatternCase{"ne cesse (de|d') augmenter", "Le nombre ne cesse d'augmenter.", true},
        PatternCase{"reunion (de|d') (information|concertation)", "une réunion d'information",
                    true},
        PatternCase{"reunion (de|d') information", "une réunion de l'information", false},
        // Alternatives, optional words, gaps.
        PatternCase{"comité de (pilotage|suivi)", "le comité de suivi se réunit", true},
        PatternCase{"comité de (pilotage|suivi)", "le comité des fêtes", false},
        PatternCase{"bilan [de la] concertation", "le bilan concertation", true},
        PatternCase{"bilan [de la] concertation", "le bilan de la concertation", true},
        PatternCase{"réponse ... motivée", "une réponse écrite et motivée", true},
        PatternCase{"réponse ... motivée", "une réponse a b c d e f motivée", false},
        // Hyphens also match a space or nothing.
        PatternCase{"co-construction", "une démarche de coconstruction", true},
        PatternCase{"co-construction", "une démarche de co construction", true},
        PatternCase{"co-construction", "une démarche de co‑construction", true},
        // Fields.
        PatternCase{"{pourcentage} des habitants", "38 % des habitants", true},
        PatternCase{"{pourcentage} des habitants", "38% des habitants", true},
        PatternCase{"{pourcentage} des habitants", "12,5 pour cent des habitants", true},
        PatternCase{"en {annee}", "réalisé en 2024", true},
        PatternCase{"en {annee}", "réalisé en 1024", false},
        PatternCase{"{nombre} jours", "95 jours d'intervention", true},
        PatternCase{"plus de {nombre} voyageurs", "plus de 8 000 voyageurs", true},
        PatternCase{"plus de {nombre} voyageurs", "plus de 1 250 000 voyageurs", true},
        PatternCase{"en {mois}", "en décembre", true},
        PatternCase{"le {date}", "le 15/05/2026", true},
        PatternCase{"le {date}", "le 1.3.2027", true},
        PatternCase{"le {date}", "le 15/05/26", false},
        PatternCase{"conseil du {date}", "conseil du 25/11/2027 à 18 h", true},
        // Gaps stay within a sentence; "...N" bounds them to N words.
        PatternCase{"habitants ... réclament", "Les habitants. Ils réclament un parc.", false},
        PatternCase{"habitants ... réclament", "Les habitants ; ils réclament un parc.", false},
        PatternCase{"habitants ...2 réclament", "les habitants du quartier réclament", true},
        PatternCase{"habitants ...2 réclament", "les habitants du quartier nord réclament", false},
        // An incise between commas or parentheses counts as one word of a gap; the word after
        // a gap may carry the elided negation.
        PatternCase{"habitants ...2 réclament",
                    "les habitants, qui fréquentent le parc chaque week-end, réclament", true},
        PatternCase{"habitants ...2 réclament",
                    "les habitants (surtout les familles du bas) réclament", true},
        PatternCase{"habitants ...2 réclament",
                    "les habitants, qui fréquentent le parc. Ils réclament, eux", false},

        // Lemmas: every form from the French dictionary, and nothing else.
        PatternCase{"<réclamer>", "les commerçants réclament", true},
        PatternCase{"<réclamer>", "ils réclamaient depuis longtemps", true},
        PatternCase{"<réclamer>", "ils réclameront", true},
        PatternCase{"<réclamer>", "une réclamation", false},
        PatternCase{"<attendre>", "les parents attendent", true},
        PatternCase{"<attendre>", "le résultat attendu", true},
        PatternCase{"<soutenir>", "les riverains soutiennent le projet", true},
        PatternCase{"<vouloir>", "ils veulent", true},
        PatternCase{"sont <favorable>", "ils sont favorables", true},
        PatternCase{"<favorable>", "favorablement", false},
        // Endings: "*iens" is any word of 3 letters or more before "iens".
        PatternCase{"les *iens", "les Arlésiens plébiscitent", true},
        PatternCase{"les *iens", "les iens", false},
        PatternCase{"les *ois ...2 <attendre>", "les Grenoblois du centre attendent", true},
        // Word classes inside a pattern.
        PatternCase{"@date ... <réclamer>", "en 2023 ils réclamaient", true},
        PatternCase{"(les|des) @hedge", "les semblent", true}));

// ---------------------------------------------------------------------------------------
// Negation, as a table: the sentence, the mention, whether it is negated.

struct NegationCase {
  const char* sentence;
  const char* mention;
  bool negated;
};

class NegationTable : public ::testing::TestWithParam<NegationCase> {};

TEST_P(NegationTable, ReadsTheClause) {
  const auto& c = GetParam();
  const std::string folded = analysis::fold_string(c.sentence);
  const std::string mention = analysis::fold_string(c.mention);
  const auto at = folded.find(mention);
  ASSERT_NE(at, std::string::npos) << folded;
  EXPECT_EQ(analysis::is_negated(folded, at, at + mention.size(), 0, folded.size()), c.negated)
      << c.sentence;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, NegationTable,
    ::testing::Values(
        NegationCase{"Aucune restitution n'est prévue à l'issue de la réunion.", "restitution",
                     true},
        NegationCase{"La restitution n'est pas prévue.", "restitution", true},
        // A denied subject denies its whole clause; exclusion and "à titre informatif".
        NegationCase{"Aucun indicateur n'est prévu pour mesurer la participation.",
                     "mesurer la participation", true},
        NegationCase{"Aucun retard n'est admis ; le titulaire mesure la participation.",
                     "mesure la participation", false},
        NegationCase{"Le parc ne répond plus aux besoins.", "repond", true},
        NegationCase{"Toute évaluation est exclue de la mission.", "evaluation", true},
        NegationCase{"Les avis sont recueillis à titre purement informatif.", "avis", true},
        NegationCase{"Le calendrier est sans objet pour cette tranche.", "calendrier", true},
        NegationCase{"Le budget ne comprend pas d'action de concertation.", "concertation", true},
        NegationCase{"La mission ne comporte pas de volet d'évaluation.", "volet d'evaluation",
                     true},
        NegationCase{"Un atelier sans restitution publique.", "restitution", true},
        NegationCase{"Il n'y aura ni restitution ni bilan.", "bilan", true},
        NegationCase{"Une restitution publique est organisée.", "restitution", false},
        // "ne … que" restricts, it does not negate.
        NegationCase{"Le titulaire ne prévoit qu'une restitution.", "restitution", false},
        // A colon, a comma or a semicolon ends the reach of a negation.
        NegationCase{"Ne sont pas soumis à la concertation : le maintien du marché.", "maintien",
                     false},
        NegationCase{"Aucune réunion n'est prévue en août, mais une restitution aura lieu.",
                     "restitution", false},
        // A negation in a condition states a hypothesis, not a denial.
        NegationCase{"S'il estime que la concertation ne peut plus se dérouler sincèrement il "
                     "en avertit le maître d'ouvrage.",
                     "sincerement il en avertit", false},
        NegationCase{"Lorsque les conditions ne sont pas réunies il alerte la Ville.",
                     "reunies il alerte", false},
        NegationCase{"Le titulaire ne peut plus alerter la Ville.", "alerter", true},
        // A negation far before the mention does not reach it.
        NegationCase{"Aucun frais n'est dû par les habitants qui viennent à la grande réunion de "
                     "restitution.",
                     "restitution", false}));

// ---------------------------------------------------------------------------------------
// Rule types.

constexpr const char* k_types = R"(
ruleset: t
rules:
  - id: t.required
    title: Restitution
    severity: erreur
    patterns: ["restitution publique", "compte rendu publié"]
    message: m
    rationale: r
    clause: c
    examples: {match: ["Une restitution publique est organisée."], no_match: ["Rien."],
               contradicted: ["Aucune restitution publique n'est prévue."]}
  - id: t.min
    title: Deux ateliers
    severity: avertissement
    patterns: ["atelier"]
    min: 2
    message: m
    rationale: r
    clause: c
    examples: {match: ["Un atelier le lundi. Un atelier le mardi."], no_match: ["Un atelier."]}
  - id: t.flag
    title: Consensus
    severity: avertissement
    type: flag
    patterns: ["fait consensus"]
    unless: ["@source", "@date"]
    message: m
    rationale: r
    advice: a
    examples: {match: ["Le projet fait consensus."], no_match: ["Selon l'enquête, le projet fait consensus."]}
  - id: t.claim
    title: Chiffre
    severity: avertissement
    type: claim
    patterns: ["{pourcentage} des habitants"]
    unless: ["@source"]
    message: m
    rationale: r
    advice: a
    examples: {match: ["40 % des habitants viennent."], no_match: ["Selon l'INSEE. 40 % des habitants viennent."]}
  - id: t.near
    title: Réponse
    severity: erreur
    type: proximity
    patterns:
      - near: ["réponse motivée"]
        with: ["contribution*", "proposition*"]
        within: 6
    message: m
    rationale: r
    clause: c
    examples: {match: ["Chaque proposition reçoit une réponse motivée."], no_match: ["Une réponse motivée est due."]}
  - id: t.cond
    title: Conseil citoyen
    severity: erreur
    type: conditional
    when: {label: "un QPV", patterns: ["qpv"]}
    patterns: ["conseil citoyen"]
    also:
      - label: "la maison du projet"
        patterns: ["maison du projet"]
    message: m
    rationale: r
    clause: c
    examples: {match: ["En QPV, le conseil citoyen se réunit à la maison du projet."], no_match: ["En QPV."]}
  - id: t.sections
    title: Budget dans l'article des moyens
    severity: erreur
    applies: {sections: ["moyens"]}
    patterns: ["budget"]
    message: m
    rationale: r
    clause: c
    examples: {match: ["Un budget."], no_match: ["Rien."]}
)";

TEST(RuleTypes, RequiredClauseIsPresentAbsentOrContradicted) {
  const Engine e = compile(k_types);
  EXPECT_EQ(verdict(e.check(analyze_text("Une restitution publique est organisée.")), "t.required")
                .status,
            Status::present);
  EXPECT_EQ(verdict(e.check(analyze_text("Deux ateliers.")), "t.required").status, Status::absent);
  const auto r = e.check(analyze_text("Aucune restitution publique n'est prévue."));
  const auto& v = verdict(r, "t.required");
  EXPECT_EQ(v.status, Status::contradicted);
  ASSERT_FALSE(v.evidence.empty());
  EXPECT_TRUE(v.evidence.front().negated);
  // The finding points at the negated passage.
  const auto f = std::find_if(r.findings.begin(), r.findings.end(),
                              [](const rules::Finding& x) { return x.rule_id == "t.required"; });
  ASSERT_NE(f, r.findings.end());
  EXPECT_EQ(f->kind, rules::FindingKind::contradicted);
  ASSERT_TRUE(f->where.has_value());
  EXPECT_EQ(f->where->page, 1);
}

TEST(RuleTypes, AnAffirmedMentionOutweighsANegatedOne) {
  const Engine e = compile(k_types);
  const auto r = e.check(analyze_text(
      "Aucune restitution publique n'est prévue en août.\n\nUne restitution publique a lieu en "
      "septembre."));
  EXPECT_EQ(verdict(r, "t.required").status, Status::present);
}

TEST(RuleTypes, MinimumCount) {
  const Engine e = compile(k_types);
  EXPECT_EQ(verdict(e.check(analyze_text("Un atelier.")), "t.min").status, Status::absent);
  EXPECT_EQ(verdict(e.check(analyze_text("Un atelier. Un autre atelier.")), "t.min").status,
            Status::present);
}

TEST(RuleTypes, FlagsEachSentenceUnlessASourceIsNear) {
  const Engine e = compile(k_types);
  const auto r =
      e.check(analyze_text("Le projet fait consensus. Le quartier aussi fait consensus.\n\n"
                           "Selon l'enquête de 2022, la place fait consensus."));
  int flagged = 0;
  for (const auto& f : r.findings) {
    flagged += f.rule_id == "t.flag" ? 1 : 0;
  }
  EXPECT_EQ(flagged, 2);
  EXPECT_EQ(verdict(r, "t.flag").status, Status::present);
  EXPECT_FALSE(verdict(r, "t.flag").ok);
}

TEST(RuleTypes, ClaimLooksForItsSourceInTheParagraph) {
  const Engine e = compile(k_types);
  EXPECT_EQ(
      verdict(e.check(analyze_text("40 % des habitants viennent le samedi.")), "t.claim").status,
      Status::present);
  EXPECT_EQ(
      verdict(
          e.check(analyze_text("D'après le diagnostic. 40 % des habitants viennent le samedi.")),
          "t.claim")
          .status,
      Status::absent);
  // Another paragraph is too far.
  EXPECT_EQ(
      verdict(
          e.check(analyze_text("Selon le diagnostic.\n\n40 % des habitants viennent le samedi.")),
          "t.claim")
          .status,
      Status::present);
}

TEST(RuleTypes, ProximityWithinNWords) {
  const Engine e = compile(k_types);
  EXPECT_EQ(
      verdict(e.check(analyze_text("Chaque contribution reçoit une réponse motivée.")), "t.near")
          .status,
      Status::present);
  EXPECT_EQ(verdict(e.check(analyze_text(
                        "Chaque contribution, quelle que soit sa forme et son auteur ou sa date, "
                        "reçoit une réponse motivée.")),
                    "t.near")
                .status,
            Status::absent);
}

TEST(RuleTypes, ConditionalAppliesOnlyWhenTheConditionIsMentioned) {
  const Engine e = compile(k_types);
  const auto none = e.check(analyze_text("Un jardin partagé."));
  EXPECT_EQ(verdict(none, "t.cond").status, Status::not_applicable);
  EXPECT_NE(verdict(none, "t.cond").reason.find("un QPV"), std::string::npos);
  const auto half =
      e.check(analyze_text("Le quartier est en QPV. Le conseil citoyen est associé."));
  EXPECT_EQ(verdict(half, "t.cond").status, Status::absent);
  EXPECT_EQ(verdict(half, "t.cond").missing, std::vector<std::string>{"la maison du projet"});
  ASSERT_FALSE(verdict(half, "t.cond").condition.empty());
  const auto full = e.check(analyze_text(
      "Le quartier est en QPV. Le conseil citoyen est associé. La maison du projet accueille."));
  EXPECT_EQ(verdict(full, "t.cond").status, Status::present);
}

TEST(RuleTypes, SectionScopeReadsOnlySectionsWithTheseHeadingWords) {
  const Engine e = compile(k_types);
  const auto outside = e.check(analyze_text(
      "ARTICLE 1 – OBJET\n\nLe budget des travaux est fixé.\n\nARTICLE 2 – DÉLAIS\n\nDix mois."));
  EXPECT_EQ(verdict(outside, "t.sections").status, Status::absent);
  const auto inside = e.check(analyze_text(
      "ARTICLE 1 – OBJET\n\nUne mission.\n\nARTICLE 2 – MOYENS DE LA CONCERTATION\n\nUn budget "
      "dédié."));
  EXPECT_EQ(verdict(inside, "t.sections").status, Status::present);
}

// A mission through some sections only: its mission criteria are judged against those
// sections, other rules against the whole document.
TEST(RuleTypes, MissionCriteriaAreJudgedInTheMissionSectionsOnly) {
  const Engine e = compile(R"(
ruleset: t
rules:
  - id: t.gouvernance
    title: Gouvernance
    severity: erreur
    applies: {participation: mission}
    patterns: ["comité de pilotage"]
    message: m
    rationale: r
    clause: c
    examples: {match: ["Un comité de pilotage valide."], no_match: ["Rien."]}
  - id: t.partout
    title: Partout
    severity: erreur
    patterns: ["comité de pilotage"]
    message: m
    rationale: r
    clause: c
    examples: {match: ["Un comité de pilotage valide."], no_match: ["Rien."]}
)");
  const std::string base =
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Étude de faisabilité pour la rénovation du gymnase des Platanes\n\n"
      "ARTICLE 1 – RELEVÉ TECHNIQUE\n\nLe titulaire relève les structures. Il remet un "
      "rapport au comité de pilotage.\n\n"
      "ARTICLE 2 – CONCERTATION AVEC LES CLUBS ET LES RIVERAINS\n\n"
      "Le titulaire organise deux ateliers avec les clubs sportifs et anime une réunion "
      "publique au gymnase.";
  // The other articles make up most of the document.
  const std::string rest =
      "\n\nARTICLE 3 – CHIFFRAGE\n\nLe titulaire estime le coût de chaque scénario de "
      "rénovation : structure, couverture, menuiseries, chauffage, ventilation, éclairage, "
      "sols sportifs, vestiaires et sanitaires, accessibilité du bâtiment, avec les délais de "
      "chaque tranche de travaux et les coûts d'exploitation sur vingt ans.\n";
  const auto ad = analyze_text(base + rest);
  ASSERT_EQ(ad.participation.scope, analysis::MissionScope::sections) << ad.participation.summary;
  const auto outside = e.check(ad);
  EXPECT_EQ(verdict(outside, "t.gouvernance").status, Status::absent);
  EXPECT_EQ(verdict(outside, "t.partout").status, Status::present);
  const auto inside = e.check(
      analyze_text(base + " Le comité de pilotage valide la synthèse des ateliers." + rest));
  EXPECT_EQ(verdict(inside, "t.gouvernance").status, Status::present);
}

TEST(RuleTypes, TableOfContentsIsNotEvidence) {
  const Engine e = compile(k_types);
  const std::string toc =
      "SOMMAIRE\n\nARTICLE 1 – RESTITUTION PUBLIQUE ........ 3\n\nARTICLE 2 – DÉLAIS ........ "
      "4\n\n";
  // Only the sommaire names the clause: it is absent.
  const auto only_toc =
      analyze_text(toc + "ARTICLE 1 – OBJET\n\nÀ définir.\n\nARTICLE 2 – DÉLAIS\n\nDix mois.");
  ASSERT_FALSE(only_toc.toc.empty());
  EXPECT_EQ(verdict(e.check(only_toc), "t.required").status, Status::absent);
  // The body's heading counts, and the evidence points at it, not at the sommaire.
  const auto with_body = analyze_text(
      toc + "ARTICLE 1 – RESTITUTION PUBLIQUE\n\nÀ définir.\n\nARTICLE 2 – DÉLAIS\n\nDix mois.");
  const auto report = e.check(with_body);
  const auto& v = verdict(report, "t.required");
  ASSERT_EQ(v.status, Status::present);
  const auto body_at = with_body.document.text.find("PUBLIQUE\n\nÀ");
  ASSERT_NE(body_at, std::string::npos);
  for (const auto& ev : v.evidence) {
    EXPECT_GT(ev.span.end, body_at) << "evidence in the sommaire";
  }
}

// ---------------------------------------------------------------------------------------
// Errors name file:line:column.

TEST(RuleErrors, PatternErrorsPointAtTheCharacter) {
  const auto errors = errors_of(R"(ruleset: bad
rules:
  - id: bad.paren
    title: T
    severity: erreur
    message: m
    rationale: r
    clause: c
    patterns: ["comité de (pilotage|suivi"]
    examples: {match: [x], no_match: [y]}
)");
  ASSERT_EQ(errors.size(), 1u);
  // Line 9; the pattern's text starts at column 17, the "(" is its 11th character.
  EXPECT_EQ(errors[0].rfind("bad.yaml:9:27: ", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("sans « ) »"), std::string::npos) << errors[0];
}

struct ErrorCase {
  const char* what;
  const char* rule_body;  // lines after "  - id: bad.r"
  const char* expected;   // start of the message after "bad.yaml:"
};

constexpr const char* k_ok_body =
    "    title: T\n    severity: erreur\n    message: m\n    rationale: r\n    clause: c\n"
    "    examples: {match: [x], no_match: [y]}\n";

class RuleErrorTable : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RuleErrorTable, IsReportedWithItsPlace) {
  const auto& c = GetParam();
  std::string body = c.rule_body;
  if (body.find("title:") == std::string::npos) {
    body += k_ok_body;  // a rule complete but for the fault under test
  }
  const std::string yaml = "ruleset: bad\nrules:\n  - id: bad.r\n" + body;
  const auto errors = errors_of(yaml);
  ASSERT_FALSE(errors.empty()) << c.what;
  EXPECT_TRUE(
      std::any_of(errors.begin(), errors.end(),
                  [&](const std::string& e) { return e.find(c.expected) != std::string::npos; }))
      << c.what << ": " << errors[0];
}

INSTANTIATE_TEST_SUITE_P(
    Rules, RuleErrorTable,
    ::testing::Values(
        ErrorCase{"unknown key",
                  "    title: T\n    severty: erreur\n    message: m\n    rationale: r\n"
                  "    clause: c\n    patterns: [a]\n    examples: {match: [x], no_match: [y]}\n",
                  "bad.yaml:5:5: clé inconnue « severty »"},
        ErrorCase{"unknown severity",
                  "    title: T\n    severity: grave\n    message: m\n    rationale: r\n"
                  "    clause: c\n    patterns: [a]\n    examples: {match: [x], no_match: [y]}\n",
                  "bad.yaml:5:15: règle « bad.r » : gravité « grave » inconnue"},
        ErrorCase{"stem too short", "    patterns: ['ab*']\n",
                  "bad.yaml:4:17: motif « ab* » : radical trop court"},
        ErrorCase{"star inside a word", "    patterns: ['co*operation']\n",
                  "bad.yaml:4:19: motif « co*operation » : « * » ne peut que terminer"},
        ErrorCase{"unknown field", "    patterns: ['{montant} HT']\n",
                  "bad.yaml:4:17: motif « {montant} HT » : champ inconnu"},
        ErrorCase{"empty alternative", "    patterns: ['(a||b)']\n", "alternative vide"},
        ErrorCase{"only optional words", "    patterns: ['[de la]']\n", "texte vide"},
        ErrorCase{"gap at the end", "    patterns: ['bilan ...']\n",
                  "« ... » doit se trouver entre deux mots"},
        ErrorCase{"character never in folded text", "    patterns: ['bilan ; concertation']\n",
                  "caractère « ; » non pris en charge"},
        ErrorCase{"unknown class", "    patterns: ['@sources']\n",
                  "classe de mots inconnue « @sources »"},
        ErrorCase{"unknown class inside a pattern", "    patterns: ['les @gens ...3 veulent']\n",
                  "bad.yaml:4:21: motif « les @gens ...3 veulent » : classe de mots inconnue"},
        ErrorCase{"lemma not in the dictionary", "    patterns: ['<réclamouiller>']\n",
                  "lemme « réclamouiller » absent du dictionnaire français"},
        ErrorCase{"lemma without its closing bracket", "    patterns: ['les <réclamer']\n",
                  "« < » sans « > » correspondante"},
        ErrorCase{"unknown kind", "    applies: {kinds: [CCTX]}\n    patterns: [a]\n",
                  "type de document inconnu « CCTX »"}),
    [](const ::testing::TestParamInfo<ErrorCase>& param) {
      std::string name = param.param.what;
      std::replace(name.begin(), name.end(), ' ', '_');
      return name;
    });

TEST(RuleErrors, MissingExamplesAndClauseAreErrors) {
  const auto errors = errors_of(
      "ruleset: bad\nrules:\n  - id: bad.r\n    title: T\n    severity: erreur\n"
      "    message: m\n    rationale: r\n    patterns: [a]\n");
  ASSERT_GE(errors.size(), 2u);
  EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const std::string& e) {
    return e.find("« clause »") != std::string::npos;
  }));
  EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const std::string& e) {
    return e.find("exemples « match » et « no_match »") != std::string::npos;
  }));
}

TEST(RuleErrors, YamlSyntaxAndDuplicateIds) {
  const auto syntax = errors_of("ruleset: bad\nrules:\n  - id: [unclosed\n");
  ASSERT_FALSE(syntax.empty());
  EXPECT_EQ(syntax[0].rfind("bad.yaml:", 0), 0u);
  EXPECT_NE(syntax[0].find("YAML invalide"), std::string::npos) << syntax[0];
  const std::string rule = std::string("  - id: bad.r\n") + k_ok_body + "    patterns: [a]\n";
  const auto dup = errors_of("ruleset: bad\nrules:\n" + rule + rule);
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_NE(dup[0].find("déjà défini"), std::string::npos) << dup[0];
}

// Found by fuzz_rules: a word class whose examples are a text, or a key that is a list, made
// yaml-cpp throw out of load_rules. They are errors of the file.
TEST(RuleErrors, MisshapenTablesAreErrorsNotExceptions) {
  const auto examples = errors_of(
      "ruleset: bad\nvocabulary:\n  gens:\n    patterns: [habitants]\n    examples: oui\n");
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0], "bad.yaml:5:15: « examples » attend une table match/no_match");
  const auto key = errors_of("ruleset: bad\nvocabulary:\n  [a, b]: [habitants]\n");
  ASSERT_FALSE(key.empty());
  EXPECT_EQ(key[0].rfind("bad.yaml:", 0), 0u) << key[0];
}

TEST(RuleErrors, ALaterFileOverridesARuleOfTheSameId) {
  rules::RuleSet set;
  std::vector<rules::LoadError> errors;
  rules::load_builtin_rules({"participation"}, set, errors);
  const std::size_t before = set.rules.size();
  rules::load_rules(std::string("ruleset: local\nrules:\n  - id: participation.restitution\n") +
                        k_ok_body + "    patterns: ['restitution']\n",
                    "local.yaml", set, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(set.rules.size(), before);
  EXPECT_EQ(set.find("participation.restitution")->where.file, "local.yaml");
}

// ---------------------------------------------------------------------------------------
// The default rulesets.

std::string k_mission_head_text() {
  return "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
         "Mission d'assistance à maîtrise d'ouvrage pour la concertation du public sur le "
         "réaménagement du square Bernard.\n\n";
}

rules::RuleSet default_rules() {
  rules::RuleSet set;
  std::vector<rules::LoadError> errors;
  rules::load_builtin_rules({}, set, errors);
  for (const auto& e : errors) {
    ADD_FAILURE() << e.text();
  }
  return set;
}

const Engine& default_engine() {
  static const Engine engine(rules::Engine::compile(default_rules()).value());
  return engine;
}

TEST(DefaultRules, HaveTheStableIds) {
  const auto set = default_rules();
  for (const char* id : {"participation.objectifs",     "participation.niveau",
                         "participation.negociable",    "participation.publics",
                         "participation.moyens",        "participation.calendrier",
                         "participation.restitution",   "participation.prise-en-compte",
                         "participation.evaluation",    "participation.droit-alerte",
                         "participation.accessibilite", "participation.gouvernance",
                         "participation.cadre-legal",   "participation.conseil-citoyen",
                         "presuppose.evidence",         "presuppose.attribution",
                         "presuppose.consensus",        "presuppose.chiffre-sans-source",
                         "presuppose.deja-concerte",    "presuppose.necessite"}) {
    EXPECT_NE(set.find(id), nullptr) << id;
  }
  EXPECT_EQ(set.find("participation.cadre-legal")->type, rules::RuleType::conditional);
  EXPECT_EQ(set.find("participation.conseil-citoyen")->type, rules::RuleType::conditional);
  for (const auto& r : set.rules) {
    if (r.ruleset == "commande") {
      EXPECT_EQ(r.severity, rules::Severity::suggestion) << r.id;
    }
  }
}

// The rationale is shown to users: it cites public sources they can look up, never the
// project's internal notes (issue 15).
TEST(DefaultRules, RationaleCitesPublicSourcesNotInternalNotes) {
  const std::vector<std::string> sources = {"Code de l'urbanisme",
                                            "Code de l'environnement",
                                            "Code de la commande publique",
                                            "Charte de la participation du public",
                                            "Loi n° 2014-173",
                                            "ANRU",
                                            "CNDP",
                                            "Hyland",
                                            "Ducrot",
                                            "CoNLL-2010",
                                            "Arnstein"};
  const auto set = default_rules();
  ASSERT_GE(set.rules.size(), 20U);
  for (const auto& r : set.rules) {
    EXPECT_EQ(r.rationale.find("DOMAIN"), std::string::npos) << r.id << ": " << r.rationale;
    EXPECT_EQ(r.rationale.find("§"), std::string::npos) << r.id << ": " << r.rationale;
    EXPECT_EQ(r.rationale.find(".md"), std::string::npos) << r.id << ": " << r.rationale;
    EXPECT_EQ(r.rationale.find("réunion fondatrice"), std::string::npos) << r.id;
    EXPECT_TRUE(
        std::any_of(sources.begin(), sources.end(),
                    [&](const std::string& s) { return r.rationale.find(s) != std::string::npos; }))
        << r.id << " cites no recognisable source: " << r.rationale;
    EXPECT_GE(r.rationale.size(), 80U) << r.id;
  }
}

// Every example of every default rule, one test per rule.
class DefaultRuleExamples : public ::testing::TestWithParam<std::string> {};

TEST_P(DefaultRuleExamples, Pass) {
  int seen = 0;
  for (const auto& r : default_engine().run_examples(GetParam())) {
    ++seen;
    EXPECT_TRUE(r.passed) << "[" << r.expectation << "] « " << r.text << " » → " << r.got;
  }
  EXPECT_GE(seen, 2);
}

std::vector<std::string> default_rule_ids() {
  std::vector<std::string> ids;
  for (const auto& r : default_rules().rules) {
    ids.push_back(r.id);
  }
  for (const auto& [name, examples] : default_rules().class_examples) {
    ids.push_back("@" + name);  // a word class with examples is tested on its own
  }
  return ids;
}

INSTANTIATE_TEST_SUITE_P(Rules, DefaultRuleExamples, ::testing::ValuesIn(default_rule_ids()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           std::replace(name.begin(), name.end(), '-', '_');
                           if (name.front() == '@') {
                             name = "class_" + name.substr(1);
                           }
                           return name;
                         });

// A word class used inside the default rules' patterns, checked through a rule.
TEST(DefaultClasses, CollectiveSubjectsAndDemonymsReachTheAttributionRule) {
  for (const char* text : {"Les Arlésiens plébiscitent la piétonnisation des quais.",
                           "Les commerçants du centre-ville réclament des places.",
                           "Les familles du quartier aspirent à davantage de nature.",
                           "La population du plateau reste hostile à toute urbanisation."}) {
    const auto r = default_engine().check(analyze_text(k_mission_head_text() + text));
    EXPECT_EQ(verdict(r, "presuppose.attribution").status, Status::present) << text;
  }
  for (const char* text : {"Les habitants pourront demander un atelier supplémentaire.",
                           "Le titulaire ne doit pas présumer que les habitants sont favorables.",
                           "Selon l'enquête de 2023, les riverains souhaitent un parc."}) {
    const auto r = default_engine().check(analyze_text(k_mission_head_text() + text));
    EXPECT_NE(verdict(r, "presuppose.attribution").status, Status::present) << text;
  }
}

// A participation mission written in a few lines, to try the default rules on.
const std::string k_mission_head =
    "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
    "Mission d'assistance à maîtrise d'ouvrage pour la concertation du public sur le "
    "réaménagement du square Bernard.\n\n";

// DOMAIN.md section 7.

TEST(DomainTraps, BiddingParticipationIsNotPublicParticipation) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nFourniture de mobilier de bureau.\n\n"
      "ARTICLE 3 – CONDITIONS DE PARTICIPATION\n\nLa participation à la consultation est "
      "ouverte à tout opérateur. Une réunion de concertation avec le titulaire a lieu chaque "
      "mois.\n");
  const auto r = default_engine().check(a);
  int applicable = 0;
  for (const auto& v : r.verdicts) {
    applicable += v.status != Status::not_applicable ? 1 : 0;
    if (v.status == Status::not_applicable) {
      EXPECT_NE(v.reason.find("ne concerne pas la participation du public"), std::string::npos)
          << v.rule_id << ": " << v.reason;
    }
  }
  EXPECT_EQ(applicable, 0);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_FALSE(r.level.applicable);
}

TEST(DomainTraps, GarantieIsNotAGarant) {
  const auto r =
      default_engine().check(analyze_text(
          k_mission_head + "ARTICLE 5 – GARANTIES\n\nLe titulaire fournit une garantie à première "
                           "demande et s'engage à garantir la qualité des supports.\n"));
  EXPECT_EQ(verdict(r, "participation.gouvernance").status, Status::absent);
  const auto ok =
      default_engine().check(analyze_text(
          k_mission_head + "ARTICLE 5 – GOUVERNANCE\n\nUn garant désigné par la CNDP veille à la "
                           "qualité des échanges.\n"));
  EXPECT_EQ(verdict(ok, "participation.gouvernance").status, Status::present);
}

TEST(DomainTraps, NegationIsEvidenceOfAbsence) {
  const auto r = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 3 – CONTENU\n\nAucune restitution n'est prévue. Le budget ne comprend pas "
      "d'action de concertation. La mission ne comporte pas de volet d'évaluation.\n"));
  EXPECT_EQ(verdict(r, "participation.restitution").status, Status::contradicted);
  EXPECT_EQ(verdict(r, "participation.evaluation").status, Status::contradicted);
}

TEST(DomainTraps, ParaphrasesAreRecognised) {
  const auto r = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 4 – SUITES\n\nChaque proposition recevra une réponse motivée.\n\n"
      "ARTICLE 5 – SINCÉRITÉ\n\nLe titulaire informe par écrit le maître d'ouvrage de toute "
      "circonstance de nature à compromettre la sincérité de la démarche.\n"));
  EXPECT_EQ(verdict(r, "participation.prise-en-compte").status, Status::present);
  EXPECT_EQ(verdict(r, "participation.droit-alerte").status, Status::present);
}

TEST(DomainTraps, HedgesAndSourcesLiftPresuppositionFlags) {
  const auto r = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 2 – CONTEXTE\n\nLes habitants semblent attachés au marché. Selon l'enquête de "
      "2021, la majorité des riverains souhaite plus d'ombre. Il faut ombrager la place afin "
      "de limiter la chaleur.\n"));
  for (const auto& f : r.findings) {
    EXPECT_NE(f.kind, rules::FindingKind::flagged) << f.rule_id;
  }
}

// A source named only to say none was needed or made ("nul besoin d'une étude", "sans
// enquête"), or a year that is the claim's own time frame ("depuis 2022"), does not lift a
// flag; a source cited does.
TEST(DomainTraps, DeniedSourcesAndTimeFramesDoNotLiftFlags) {
  const auto r = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 2 – CONTEXTE\n\nIl est évident, sans enquête, que la place manque d'ombre. "
      "Les plaintes pour bruit ont augmenté de 40 % depuis 2022. Selon l'enquête de 2021, "
      "les plaintes ont augmenté de 10 %.\n"));
  std::vector<std::string> flagged;
  for (const auto& f : r.findings) {
    if (f.kind == rules::FindingKind::flagged) {
      flagged.push_back(f.rule_id);
    }
  }
  std::sort(flagged.begin(), flagged.end());
  EXPECT_EQ(flagged,
            (std::vector<std::string>{"presuppose.chiffre-sans-source", "presuppose.evidence"}))
      << ::testing::PrintToString(flagged);
}

TEST(Level, DeclaredLevelIsCheckedAgainstTheMeans) {
  const auto r = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 4 – NIVEAU\n\nLe niveau de participation recherché est la co-construction.\n\n"
      "ARTICLE 5 – DÉROULEMENT\n\nLe titulaire organise une réunion publique de présentation "
      "du projet et un questionnaire en ligne.\n"));
  ASSERT_TRUE(r.level.applicable);
  EXPECT_EQ(r.level.declared, rules::Level::co_construction);
  EXPECT_EQ(r.level.means, rules::Level::consultation);
  EXPECT_EQ(r.level.level, rules::Level::consultation);
  EXPECT_TRUE(std::any_of(r.level.reasons.begin(), r.level.reasons.end(), [](const auto& x) {
    return x.text.find("dépasse") != std::string::npos;
  }));
}

TEST(Level, UndeclaredLevelComesFromTheMeans) {
  const auto r =
      default_engine().check(analyze_text(
          k_mission_head + "ARTICLE 3 – CONTENU\n\nLe titulaire anime trois ateliers et deux "
                           "balades urbaines.\n"));
  EXPECT_FALSE(r.level.declared.has_value());
  EXPECT_EQ(r.level.level, rules::Level::concertation);
}

// What is not open, next to workshops where the rest is worked on, states the negotiable
// perimeter; the same denial with information only contradicts it.
TEST(Level, DenialBoundsThePerimeterWhenSomethingIsOpen) {
  const auto open = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 3 – CONTENU\n\nNe sont pas remis en question : le tracé des allées et "
      "l'enveloppe de travaux. Le titulaire anime trois ateliers et deux balades urbaines.\n"));
  EXPECT_EQ(verdict(open, "participation.negociable").status, Status::present)
      << verdict(open, "participation.negociable").reason;
  EXPECT_NE(verdict(open, "participation.negociable").reason.find("remis en question"),
            std::string::npos);
  const auto closed = default_engine().check(analyze_text(
      k_mission_head +
      "ARTICLE 3 – CONTENU\n\nLe parti d'aménagement n'est pas soumis à la concertation. Le "
      "titulaire tient une permanence d'information en mairie.\n"));
  EXPECT_EQ(verdict(closed, "participation.negociable").status, Status::contradicted)
      << verdict(closed, "participation.negociable").reason;
}

// ---------------------------------------------------------------------------------------
// Policy: disable, re-grade, waive.

TEST(Policy, DisableRegradeAndWaive) {
  const auto a = analyze_text(k_mission_head +
                              "ARTICLE 2 – CONTEXTE\n\nLe projet fait consensus. Il est "
                              "indispensable de finir avant l'été.\n");
  rules::Policy p;
  p.disabled.insert("presuppose.necessite");
  p.severity["participation.calendrier"] = rules::Severity::suggestion;
  p.waivers.push_back({"presuppose.consensus", 0, "fait consensus",
                       "Vote unanime du conseil de quartier du 3 mai 2025.", "vigie.toml:9"});
  const auto r = default_engine().check(a, p);
  EXPECT_EQ(verdict(r, "presuppose.necessite").status, Status::not_applicable);
  EXPECT_NE(verdict(r, "presuppose.necessite").reason.find("désactivée"), std::string::npos);
  bool regraded = false;
  bool waived = false;
  for (const auto& f : r.findings) {
    if (f.rule_id == "participation.calendrier") {
      regraded = f.severity == rules::Severity::suggestion;
    }
    if (f.rule_id == "presuppose.consensus") {
      waived = f.waived && f.waiver.find("Vote unanime") != std::string::npos;
    }
    EXPECT_NE(f.rule_id, "presuppose.necessite");
  }
  EXPECT_TRUE(regraded);
  EXPECT_TRUE(waived);
  // A waiver for another passage does not cover this one.
  rules::Policy other;
  other.waivers.push_back({"presuppose.consensus", 0, "autre phrase", "x", "vigie.toml:3"});
  for (const auto& f : default_engine().check(a, other).findings) {
    EXPECT_FALSE(f.waived);
  }
}

}  // namespace
